"""Bounds on what one SQL statement can make, on every connection. Read-only.

Datasette's time limit (sql_time_limit_ms) is checked between SQLite's VM steps, so a
single function call that builds a huge value runs to its end: `printf('%.*c', 999999999,
'x')` took 6 s and 2.4 GB, four at once held the server for 20 s. Here:

- no string or blob may exceed MAX_VALUE_BYTES (SQLite's SQLITE_LIMIT_LENGTH): `zeroblob`,
  `hex`, `replace`, `group_concat`... fail at once with "string or blob too big";
- `printf`/`format` answer NULL at once for a `%c` repeat count above that size, as SQLite's
  own printf does for a result too long, but only after looping over the whole count
  (SQLite 3.40); other calls go to SQLite's printf;
- `trim`/`ltrim`/`rtrim` with a character set and `replace` compare every character of one
  argument with every one of the other (ltrim of 1 MB by a 2,000-character set: 8.5 s):
  here they take time linear in their text, and a `replace` whose result would pass the
  value limit fails before it is built;
- LIKE/GLOB patterns may have at most MAX_PATTERN_BYTES (SQLite allows 50,000), plenty for
  any `?column__contains=` a person types;
- one statement's rows may hold at most MAX_RESULT_BYTES of text and blobs (many rows of a
  few MB each are made faster than the time limit cuts them off).

The largest value stored in kinhnghiem.db is an article body (a few KB; the crawler keeps
pages under 10 MB), so no stored value comes near the limits.

Still quadratic in one call, kept as SQLite's own: `instr(h, n)` (the ranked lesson search
calls it on every matching row; in Python it was 7x slower) and LIKE/GLOB, on made-up
strings: instr of 1 MB by 0.5 MB 8 s; LIKE of 10 MB by a 1,000-byte pattern 16-38 s
(by 50,000 bytes, ~1,000 s). Only a lower value limit bounds them (time ~ its square).
"""

import re
import sqlite3
import threading
import weakref

from datasette import hookimpl

MAX_VALUE_BYTES = 10 * 1024 * 1024
MAX_RESULT_BYTES = 32 * 1024 * 1024
MAX_PATTERN_BYTES = 1000
SHORT_CHARACTER_SET = 64  # str.strip's own search is fast for sets this small
MAX_WORK = 10**8  # character comparisons: ~0.4 s in SQLite's trim
# one printf conversion: flags, width, precision, SQLite's ignored length modifier, type
CONVERSION = re.compile(r"%[-+ 0#!,]*(\*|\d+)?(?:\.(\*|\d+))?l{0,2}([a-zA-Z%])?")
LEADING_NUMBER = re.compile(r"\s*[-+]?\d+(\.\d*)?([eE][-+]?\d+)?")
INT_RANGE = 2**31

_plain = threading.local()  # per SQL thread: a connection keeping SQLite's own functions
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
    return sqlite_function("printf", (fmt, *args))


def sqlite_function(name: str, args: tuple):
    """SQLite's own `name`, on this thread's connection where it is not replaced."""
    if not hasattr(_plain, "conn"):
        _plain.conn = sqlite3.connect(":memory:", check_same_thread=False)
        _plain.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    placeholders = ", ".join("?" * len(args))
    return _plain.conn.execute(f"select {name}({placeholders})", args).fetchone()[0]


def work(first, second) -> int:
    """Roughly how many character comparisons SQLite's trim or replace would make."""
    return _size(first) * _size(second)


def _size(value) -> int:
    return len(value) if isinstance(value, str | bytes) else 32


def linear_trim(name: str):
    """trim/ltrim/rtrim(text, characters) in time linear in the text; numbers, blobs and
    NULL (short, or refused when long) go to SQLite for its exact conversions."""
    left, right = name in ("trim", "ltrim"), name in ("trim", "rtrim")

    def trim(text, characters):
        if not (isinstance(text, str) and isinstance(characters, str)):
            if work(text, characters) > MAX_WORK:
                raise ValueError(f"{name}: arguments too long")
            return sqlite_function(name, (text, characters))
        wanted = set(characters)
        if len(wanted) <= SHORT_CHARACTER_SET:
            chars = "".join(wanted)
            strip = text.strip if left and right else text.lstrip if left else text.rstrip
            return strip(chars)
        start, end = 0, len(text)
        while left and start < end and text[start] in wanted:
            start += 1
        while right and end > start and text[end - 1] in wanted:
            end -= 1
        return text[start:end]

    return trim


def linear_replace(text, old, new):
    """replace() on text in linear time (Python's search); a result past the value limit
    fails before it is built. Other arguments as `linear_trim`."""
    if not all(isinstance(value, str) for value in (text, old, new)):
        if work(text, old) > MAX_WORK:
            raise ValueError("replace: arguments too long")
        return sqlite_function("replace", (text, old, new))
    if not old:
        return text
    if len(text) + text.count(old) * (len(new) - len(old)) > MAX_VALUE_BYTES:
        raise ValueError("replace: result too long")
    return text.replace(old, new)


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
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_PATTERN_BYTES)
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)
    for name in ("trim", "ltrim", "rtrim"):
        conn.create_function(name, 2, linear_trim(name), deterministic=True)
    conn.create_function("replace", 3, linear_replace, deterministic=True)
    conn.row_factory = counted_row
