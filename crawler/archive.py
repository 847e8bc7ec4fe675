"""raw.db: the crawl archive. One row per URL; bodies are zlib-compressed.

The crawler is the only writer; `build` reads it. Improving extraction means
re-running `build` over this file, never re-crawling.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from crawler.errors import CrawlError

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    site TEXT,
    fetched_at TEXT,
    status INTEGER,
    headers TEXT,
    content_type TEXT,
    body BLOB,
    sha256 TEXT,
    source TEXT NOT NULL DEFAULT 'live',  -- live | wayback | warc
    kind TEXT NOT NULL DEFAULT 'article',  -- article | listing | failed | cdx
    error TEXT,
    captured_at TEXT  -- capture time for wayback/warc pages
);
CREATE INDEX IF NOT EXISTS pages_site ON pages(site);
CREATE INDEX IF NOT EXISTS pages_kind ON pages(kind);
-- Which Wayback capture each page was read from, and the newer ones passed over with why
-- (crawler/wayback/choice.py); kind 'cdx' rows are the stored CDX listing pages.
CREATE VIEW IF NOT EXISTS wayback_captures AS
SELECT url, kind, captured_at,
       json_extract(headers, '$."x-wayback-url"') AS capture_url,
       json_extract(headers, '$."x-wayback-skipped"') AS skipped
FROM pages WHERE source = 'wayback' AND kind != 'cdx';
"""


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class RawPage:
    url: str
    body: bytes = b""
    site: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = ""
    fetched_at: str = field(default_factory=utc_now)
    source: str = "live"
    kind: str = "article"
    error: str | None = None
    captured_at: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class RawArchive:
    """A connection to raw.db. Writes commit at once so a killed crawl keeps them."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            # A commit per page survives a killed process in WAL mode without an fsync each.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.DatabaseError) as error:
            raise CrawlError(f"cannot use {self.path} as the crawl archive: {error}") from error

    def put(self, page: RawPage) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pages (url, site, fetched_at, status, headers, content_type,"
            " body, sha256, source, kind, error, captured_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                page.url,
                page.site,
                page.fetched_at,
                page.status,
                json.dumps(page.headers, ensure_ascii=False),
                page.content_type,
                zlib.compress(page.body),
                page.sha256,
                page.source,
                page.kind,
                page.error,
                page.captured_at,
            ),
        )
        self.db.commit()

    def get(self, url: str) -> RawPage | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM pages WHERE url = ?", (url,)).fetchone()
        return _row_to_page(row) if row else None

    def has(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM pages WHERE url = ?", (url,)).fetchone() is not None

    def pages(self, kind: str | None = "article") -> Iterator[RawPage]:
        where, args = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM pages {where} ORDER BY url", args):
            yield _row_to_page(row)

    def digests(self, kind: str = "article") -> dict[str, str]:
        """url -> sha256 of every page of this kind, for incremental builds."""
        rows = self.db.execute("SELECT url, sha256 FROM pages WHERE kind = ?", (kind,))
        return dict(rows.fetchall())

    def done_urls(self) -> set[str]:
        """URLs a new crawl need not fetch again: every stored page except failures that
        may pass on a retry (network errors, status 0, and 5xx)."""
        rows = self.db.execute(
            "SELECT url FROM pages WHERE kind != 'failed' OR status BETWEEN 1 AND 499"
        )
        return {url for (url,) in rows}

    def counts(self) -> list[tuple[str, str, str, int]]:
        """(site, source, kind, pages) for every combination present."""
        rows = self.db.execute(
            "SELECT site, source, kind, count(*) FROM pages GROUP BY site, source, kind"
            " ORDER BY site, source, kind"
        )
        return rows.fetchall()

    def errors(self) -> list[tuple[str, str, int]]:
        """(site, error category, pages) of failed pages and warnings."""
        rows = self.db.execute(
            "SELECT site, substr(error, 1, instr(error || ':', ':') - 1), count(*) FROM pages"
            " WHERE error IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 3 DESC"
        )
        return rows.fetchall()

    def close(self) -> None:
        self.db.close()


_COLUMNS = (
    "url, site, fetched_at, status, headers, content_type, body, source, kind, error, captured_at"
)


UNREADABLE = "unreadable: "  # error prefix of a page whose stored body cannot be read


def _row_to_page(row: tuple) -> RawPage:
    url, site, fetched_at, status, headers, content_type, body, source, kind, error, cap = row
    try:
        body = zlib.decompress(body) if body else b""
    except (zlib.error, TypeError) as problem:  # a damaged or hand-made row
        body, error = b"", f"{UNREADABLE}stored body is not zlib data ({problem})"
    try:
        headers = json.loads(headers or "{}")
    except (ValueError, TypeError):
        headers = None
    if not isinstance(headers, dict):
        headers = {}  # damaged; the body and the content_type column still serve
    return RawPage(
        url=url,
        body=body,
        site=site or "",
        status=status,
        headers=headers,
        content_type=content_type or "",
        fetched_at=fetched_at,
        source=source,
        kind=kind,
        error=error,
        captured_at=cap,
    )
