"""SQL functions for the canned queries: `fold(text)` (the search index's folding:
marks stripped, đ→d, lower case), `vn_lower(text)` (NFC, lower case) for exact
diacritic comparison and `kn_match(text)`, any input as a valid FTS5 query
(pipeline/search.py's words). Registers functions only; nothing here writes."""

import sqlite3
import unicodedata

from datasette import hookimpl

from nlp.normalize import fold
from pipeline.search import parse

# FTS5 rejects an empty query; this phrase of separators-joined words matches nothing real.
NO_WORDS = '"kn_no_words_typed"'


def vn_lower(text: str | None) -> str:
    return unicodedata.normalize("NFC", text).lower() if text else ""


def kn_match(text: str | None) -> str:
    return parse(text).match() or NO_WORDS


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_function("vn_lower", 1, vn_lower, deterministic=True)
    conn.create_function("kn_match", 1, kn_match, deterministic=True)
