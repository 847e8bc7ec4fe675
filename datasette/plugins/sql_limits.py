"""Bounds on what one SQL statement can make, on every connection. Read-only.

Datasette's time limit (sql_time_limit_ms) is checked between SQLite's VM steps, so a
single function call that builds a huge value runs to its end: `printf('%.*c', 999999999,
'x')` took 6 s and 2.4 GB, four at once held the server for 20 s. Here:

- no string or blob may exceed MAX_VALUE_BYTES (SQLite's SQLITE_LIMIT_LENGTH): `zeroblob`,
  `hex`, `replace`, `group_concat`... fail at once with "string or blob too big";
- `printf`/`format` answer NULL at once for a `%c` repeat count above that size, as SQLite's
  own printf does for a result too long, but only after looping over the whole count
  (SQLite 3.40); other calls go to SQLite's printf;
- one statement's rows may hold at most MAX_RESULT_BYTES of text and blobs (many rows of a
  few MB each are made faster than the time limit cuts them off).

The largest value stored in kinhnghiem.db is an article body (a few KB; the crawler keeps
pages under 10 MB), so no stored value comes near the limits.
"""

import re
import sqlite3
import threading
import weakref

from datasette import hookimpl

MAX_VALUE_BYTES = 10 * 1024 * 1024
MAX_RESULT_BYTES = 32 * 1024 * 1024
# one printf conversion: flags, width, precision, SQLite's ignored length modifier, type
CONVERSION = re.compile(r"%[-+ 0#!,]*(\*|\d+)?(?:\.(\*|\d+))?l{0,2}([a-zA-Z%])?")
LEADING_NUMBER = re.compile(r"\s*[-+]?\d+(\.\d*)?([eE][-+]?\d+)?")
INT_RANGE = 2**31

_plain = threading.local()  # per SQL thread: a connection keeping SQLite's own printf
_result_bytes: "weakref.WeakKeyDictionary[sqlite3.Cursor, int]" = weakref.WeakKeyDictionary()


def as_integer(value: object) -> int:
    """At least the integer SQLite's printf reads from an argument (text and blobs: their
    leading number, read generously), within SQLite's int range."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if isinstance(value, str):
        match = LEADING_NUMBER.match(value)
        value = float(match.group()) if match else 0
    if not isinstance(value, int | float):
        return 0
    return int(max(min(value, INT_RANGE), -INT_RANGE))


def repeats_too_long(fmt: str, args: tuple) -> bool:
    """Whether a `%c` conversion asks for more characters than the limit."""
    position = 0
    for match in CONVERSION.finditer(fmt):
        width, precision, kind = match.groups()
        if kind in (None, "%"):
            continue
        if width == "*":
            position += 1
        if precision == "*":
            precision = as_integer(args[position]) if position < len(args) else 0
            position += 1
        if kind == "c" and abs(int(precision or 0)) > MAX_VALUE_BYTES:
            return True
        position += 1
    return False


def bounded_printf(fmt, *args):
    pattern = fmt.decode("latin-1") if isinstance(fmt, bytes) else str(fmt or "")
    if repeats_too_long(pattern, args):
        return None
    if not hasattr(_plain, "conn"):
        _plain.conn = sqlite3.connect(":memory:", check_same_thread=False)
        _plain.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    placeholders = ", ".join("?" * (len(args) + 1))
    return _plain.conn.execute(f"select printf({placeholders})", (fmt, *args)).fetchone()[0]


def counted_row(cursor: sqlite3.Cursor, values: tuple) -> sqlite3.Row:
    """Datasette's row factory (sqlite3.Row), adding up the statement's text and blobs."""
    size = _result_bytes.get(cursor, 0)
    size += sum(len(v) for v in values if isinstance(v, str | bytes))
    if size > MAX_RESULT_BYTES:
        raise sqlite3.DataError(
            f"result too large: over {MAX_RESULT_BYTES // (1024 * 1024)} MB of text and blobs"
        )
    _result_bytes[cursor] = size
    return sqlite3.Row(cursor, values)


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)
    conn.row_factory = counted_row
