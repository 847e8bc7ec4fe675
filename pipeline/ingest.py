"""`kinhnghiem ingest`: drain the pages distributed workers pushed to Redis into raw.db.

raw.db has exactly one writer, this loop. Pages are moved (LMOVE, atomic) from the shared
list to an "ingesting" list, written and committed, and only then dropped from Redis: an
ingest killed at any moment leaves its pages in one of the two lists, and the next ingest
writes the "ingesting" ones first. Writing a page twice is harmless (the URL is the key).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import redis

from crawler.archive import RawArchive
from crawler.distributed.keys import (
    INGEST_LOCK_KEY,
    INGESTED_KEY,
    INGESTING_KEY,
    PAGES_KEY,
    PREFIX,
    SPIDER,
    CrawlKeys,
    reach,
)
from crawler.distributed.pages import page_from_bytes
from crawler.distributed.queue import crawl_finished
from crawler.errors import CrawlError
from pipeline.errors import KinhnghiemError

logger = logging.getLogger(__name__)
BAD_KEY = f"{PREFIX}:pages:bad"  # records that are not a serialised RawPage, kept aside
LOCK_TTL = 10.0

# KEYS: lock. ARGV: owner, ttl ms. Renew the lock only if it is still ours.
RENEW_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class IngestError(KinhnghiemError):
    """Redis unreachable, or another ingest already draining it."""


@dataclass
class IngestSummary:
    pages: int = 0
    recovered: int = 0  # pages a killed ingest had taken, written by this one
    bad: int = 0
    elapsed: float = 0.0

    def __str__(self) -> str:
        rate = self.pages / self.elapsed if self.elapsed else 0.0
        text = f"ingested {self.pages} pages into raw.db in {self.elapsed:.1f} s ({rate:.0f}/s)"
        if self.recovered:
            text += f"; {self.recovered} of them left by an interrupted ingest"
        if self.bad:
            text += f"; {self.bad} unreadable records kept in Redis under {BAD_KEY}"
        return text


def ingest_from_redis(
    redis_url: str,
    raw_db_path: str | Path,
    *,
    follow: bool = False,
    batch: int = 200,
    wait: float = 1.0,
    lock_ttl: float = LOCK_TTL,
    on_batch: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Write every page waiting in Redis into raw.db. With `follow`, keep going until the
    shared crawl is finished (nothing queued or in flight) and every page is written."""
    server = _reach(redis_url)
    owner = uuid.uuid4().hex
    _lock(server, owner, redis_url, lock_ttl)
    summary = IngestSummary()
    started = time.monotonic()
    try:
        with closing(_open_archive(raw_db_path)) as archive:
            summary.recovered = _write_taken(server, archive, _left_behind(server), summary)
            while True:
                server.eval(RENEW_LOCK, 1, INGEST_LOCK_KEY, owner, int(lock_ttl * 1000))
                taken = _take(server, batch) or _take_blocking(server, wait if follow else 0)
                if taken:
                    written = _write_taken(server, archive, taken, summary)
                    if on_batch:
                        on_batch(written)
                elif (not follow or _crawl_done(server)) and not server.llen(PAGES_KEY):
                    break  # (pages may be pushed just before the crawl ends: hence llen)
    except redis.RedisError as error:
        raise IngestError(
            f"lost Redis at {redis_url}: {error} (nothing is lost; run `kinhnghiem ingest` again)"
        ) from error
    finally:
        _unlock(server, owner)
        summary.elapsed = time.monotonic() - started
    return summary


def _reach(redis_url: str) -> redis.Redis:
    try:
        return reach(redis_url)
    except CrawlError as error:
        raise IngestError(str(error)) from error


def _open_archive(raw_db_path: str | Path) -> RawArchive:
    try:
        return RawArchive(raw_db_path)
    except CrawlError as error:
        raise IngestError(str(error)) from error


def _left_behind(server: redis.Redis) -> list[bytes]:
    """Pages a killed ingest had taken but maybe not committed, oldest first."""
    return server.lrange(INGESTING_KEY, 0, -1)[::-1]


def _lock(server: redis.Redis, owner: str, redis_url: str, ttl: float) -> None:
    """One ingest at a time; a killed one's lock expires after its ttl (waited for here)."""
    deadline = time.monotonic() + LOCK_TTL + 1
    while not server.set(INGEST_LOCK_KEY, owner, nx=True, px=int(ttl * 1000)):
        if time.monotonic() > deadline:
            raise IngestError(f"another `kinhnghiem ingest` is draining {redis_url}")
        time.sleep(0.2)


def _take(server: redis.Redis, n: int) -> list[bytes]:
    with server.pipeline(transaction=False) as pipe:
        for _ in range(n):
            pipe.lmove(PAGES_KEY, INGESTING_KEY, "RIGHT", "LEFT")
        return [data for data in pipe.execute() if data is not None]


def _take_blocking(server: redis.Redis, wait: float) -> list[bytes]:
    if wait <= 0:
        return []
    data = server.blmove(PAGES_KEY, INGESTING_KEY, wait, "RIGHT", "LEFT")
    return [data] if data is not None else []


def _write_taken(
    server: redis.Redis, archive: RawArchive, records: list[bytes], summary: IngestSummary
) -> int:
    """Write the records taken into the "ingesting" list, then drop them from Redis."""
    written = _write(server, archive, records, summary)
    server.delete(INGESTING_KEY)
    return written


def _write(
    server: redis.Redis, archive: RawArchive, records: list[bytes], summary: IngestSummary
) -> int:
    written = 0
    for data in records:  # oldest first: a page fetched again later wins
        try:
            page = page_from_bytes(data)
        except (ValueError, TypeError, KeyError) as error:
            server.lpush(BAD_KEY, data)
            summary.bad += 1
            logger.warning("unreadable record kept under %s: %s", BAD_KEY, error)
            continue
        archive.put(page)
        written += 1
    summary.pages += written
    server.incrby(INGESTED_KEY, written)
    return written


def _unlock(server: redis.Redis, owner: str) -> None:
    try:
        server.eval(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end",
            1,
            INGEST_LOCK_KEY,
            owner,
        )
    except redis.RedisError:  # Redis is gone: the lock expires on its own after its ttl
        pass


def _crawl_done(server: redis.Redis) -> bool:
    keys = CrawlKeys(SPIDER)
    return bool(server.exists(keys.config)) and crawl_finished(server, keys)
