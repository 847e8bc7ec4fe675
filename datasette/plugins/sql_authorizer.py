"""What SQL may read besides the data, on every connection. Read-only.

Datasette's own checks already refuse writes, `attach`, `pragma` statements and
`load_extension`; this authorizer adds what they let through:

- `pragma_database_list` (which Datasette allows) answers NULL for `file`, the database's
  absolute path on the server;
- `fts3_tokenizer()` is refused: it hands out native pointers (and with two arguments
  would install one).
"""

import sqlite3

from datasette import hookimpl

HIDDEN_COLUMNS = {("pragma_database_list", "file")}
REFUSED_FUNCTIONS = {"fts3_tokenizer"}


def authorize(action: int, arg1: str | None, arg2: str | None, *_) -> int:
    if action == sqlite3.SQLITE_READ and (arg1, arg2) in HIDDEN_COLUMNS:
        return sqlite3.SQLITE_IGNORE  # the column reads as NULL
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.set_authorizer(authorize)
