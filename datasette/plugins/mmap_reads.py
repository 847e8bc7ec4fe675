"""Memory-mapped reads on every connection. Read-only.

The published file is immutable, so SQLite may map it instead of a read() per page: the
common-term searches of benchmarks/search_bench.py read most of the lessons table."""

import sqlite3

from datasette import hookimpl

MMAP_BYTES = 1 << 30


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.execute(f"pragma mmap_size = {MMAP_BYTES}")
