"""SQL functions for the canned queries: `fold(text)` (the search index's folding:
marks stripped, đ→d, lower case), `vn_lower(text)` (NFC, lower case) for exact
diacritic comparison and `kn_match(text)`, any input as a valid FTS5 query
(pipeline/search.py's words: the last one as a prefix, a word the file does not hold also as
its corrections), so table search forgives a typo as /-/search does. Registers functions
only; nothing here writes."""

import sqlite3
import unicodedata
from functools import lru_cache

from datasette import hookimpl

from nlp.normalize import fold
from pipeline.search import Vocabulary, parse

# FTS5 rejects an empty query; this phrase of separators-joined words matches nothing real.
NO_WORDS = '"kn_no_words_typed"'


def vn_lower(text: str | None) -> str:
    return unicodedata.normalize("NFC", text).lower() if text else ""


def matcher(conn: sqlite3.Connection):
    """`kn_match` on `conn`'s words; a page runs it in each statement (rows, count, facets),
    so each text is parsed once."""
    vocabulary = None

    @lru_cache(maxsize=256)
    def kn_match(text: str | None) -> str:
        nonlocal vocabulary
        vocabulary = vocabulary or Vocabulary(conn)
        return parse(text, vocabulary, completions=False).match() or NO_WORDS  # ranked by bm25

    return kn_match


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_function("vn_lower", 1, vn_lower, deterministic=True)
    conn.create_function("kn_match", 1, matcher(conn), deterministic=True)
