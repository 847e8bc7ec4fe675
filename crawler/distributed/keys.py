"""Names of the Redis keys a distributed crawl shares, and the connection to it.

One crawl per Redis database: every key starts with `kinhnghiem:`. Per-host politeness
keys are not per crawl, so two crawls on one Redis still share one limit per host.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass

import redis

from crawler.errors import CrawlError

PREFIX = "kinhnghiem"
SPIDER = "portal"  # PortalSpider.name: scrapy-redis names a crawl's keys after its spider
PAGES_KEY = f"{PREFIX}:pages"  # serialised RawPages waiting for `kinhnghiem ingest`
INGESTING_KEY = f"{PREFIX}:pages:ingesting"  # taken by ingest, not yet committed to raw.db
INGEST_LOCK_KEY = f"{PREFIX}:ingest:lock"
PUSHED_KEY = f"{PREFIX}:pages:pushed"  # counter of pages workers pushed
INGESTED_KEY = f"{PREFIX}:pages:ingested"  # counter of pages ingest committed


@dataclass(frozen=True)
class CrawlKeys:
    """The keys of one spider's shared crawl state."""

    spider: str

    @property
    def base(self) -> str:
        return f"{PREFIX}:{self.spider}"

    @property
    def requests(self) -> str:  # scrapy-redis priority queue (sorted set)
        return f"{self.base}:requests"

    @property
    def dupefilter(self) -> str:  # scrapy-redis fingerprints (set)
        return f"{self.base}:dupefilter"

    @property
    def config(self) -> str:  # the start URLs and site every worker must share
        return f"{self.base}:config"

    @property
    def workers(self) -> str:  # set of worker ids that may hold in-flight requests
        return f"{self.base}:workers"

    @property
    def heartbeat_prefix(self) -> str:
        return f"{self.base}:heartbeat:"

    @property
    def inflight_prefix(self) -> str:
        return f"{self.base}:inflight:"

    @property
    def requeued(self) -> str:  # list of URLs taken back from dead workers (newest first)
        return f"{self.base}:requeued"

    def heartbeat(self, worker: str) -> str:
        return self.heartbeat_prefix + worker

    def inflight(self, worker: str) -> str:  # hash: encoded request -> queue score
        return self.inflight_prefix + worker


def host_keys(host: str) -> tuple[str, str]:
    """(sorted set of leases, key holding the earliest time of the next request) of a host."""
    return f"{PREFIX}:host:{host}:leases", f"{PREFIX}:host:{host}:next"


def connect(url: str) -> redis.Redis:
    """A client for `redis://HOST:PORT/DB` (bytes replies: queued requests are pickles)."""
    return redis.Redis.from_url(
        url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True
    )


def reach(url: str) -> redis.Redis:
    """`connect`, checked at once so a wrong URL or a server that is down is one clear
    error before any work starts."""
    try:
        server = connect(url)
        server.ping()
    except (ValueError, redis.RedisError) as error:
        raise CrawlError(f"cannot use Redis at {url!r}: {error}") from error
    return server


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
