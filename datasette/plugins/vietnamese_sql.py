"""SQL functions for the canned queries: `fold(text)` (the search index's folding:
marks stripped, đ→d, lower case) and `vn_lower(text)` (NFC, lower case) for exact
diacritic comparison. Registers functions only; nothing here writes."""

import sqlite3
import unicodedata

from datasette import hookimpl

from nlp.normalize import fold


def vn_lower(text: str | None) -> str:
    return unicodedata.normalize("NFC", text).lower() if text else ""


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_function("vn_lower", 1, vn_lower, deterministic=True)
