"""Request budgets for the Wayback Machine, the one place they are defined.

The archive limits its two endpoints separately and firewalls an address that ignores its
429 answers (for an hour, doubling on each repeat), so every request to it passes here:

- each endpoint (CDX listing, playback) has a budget in requests a minute, defaulting
  below the published limits (CDX 20 < 24, playback 60), set with `--archive-rate
  CDX_PER_MIN,PLAYBACK_PER_MIN` or KINHNGHIEM_ARCHIVE_RATE; requests go out evenly spaced
  and one at a time per endpoint, never in bursts;
- a 429 pauses every request to that endpoint for its Retry-After, not just the one
  request, so at most one 429 comes in a row;
- dropped connections in a row are taken for a block: the crawl stops cleanly (everything
  fetched is stored) and says when to run it again;
- in a distributed crawl the pacing and the pauses are kept in Redis, so the budget is
  for all workers together (crawler/distributed/politeness.py's lease script).

KINHNGHIEM_ARCHIVE_MINUTE (seconds, default 60) shrinks the minute for tests against the
loopback fake: budgets, Retry-After and the block's length all scale with it.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import defer, task
from twisted.internet.error import ConnectError, ConnectionLost, TimeoutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.errors import CrawlError
from crawler.middlewares import retry_after
from crawler.wayback import wayback_base

CDX, PLAYBACK = "cdx", "playback"
PUBLISHED_PER_MIN = {CDX: 24, PLAYBACK: 60}  # what the archive's staff have stated
DEFAULT_PER_MIN = {CDX: 20, PLAYBACK: 60}
BLOCK_AFTER = 3  # dropped connections in a row taken for a firewall block
BLOCK_MINUTES = 60  # the archive's first block lasts an hour
DEFAULT_PAUSE = 60  # seconds of pause when a 429 names no Retry-After
ARCHIVE_SLOT = "wayback-"  # download slots of archive requests: wayback-cdx, wayback-playback
logger = logging.getLogger(__name__)
RATE_ENV, MINUTE_ENV = "KINHNGHIEM_ARCHIVE_RATE", "KINHNGHIEM_ARCHIVE_MINUTE"
DROPS = (
    ConnectionLost,
    ResponseNeverReceived,
    ResponseFailed,
    ConnectError,
    TimeoutError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)


@dataclass(frozen=True)
class ArchiveRates:
    cdx: float = DEFAULT_PER_MIN[CDX]
    playback: float = DEFAULT_PER_MIN[PLAYBACK]
    minute: float = 60.0  # seconds in a minute (shorter only against the test fake)

    def interval(self, endpoint: str) -> float:
        """Seconds between two requests to the endpoint."""
        return self.minute / (self.cdx if endpoint == CDX else self.playback)

    def scaled(self, seconds: float) -> float:
        """Archive seconds (Retry-After, the block's length) in this run's seconds."""
        return seconds * self.minute / 60

    def setting(self) -> str:
        return f"{self.cdx:g},{self.playback:g}"

    def over_published(self) -> list[str]:
        """Budgets set above what the archive's staff have published, said aloud."""
        chosen = {CDX: self.cdx, PLAYBACK: self.playback}
        return [
            f"--archive-rate: {chosen[e]:g} {e} requests a minute is above the archive's "
            f"published limit ({PUBLISHED_PER_MIN[e]}); expect 429s, and a block if they pile up"
            for e in (CDX, PLAYBACK)
            if chosen[e] > PUBLISHED_PER_MIN[e]
        ]


def parse_rates(text: str, minute: float = 60.0) -> ArchiveRates:
    """`"20,60"` -> budgets of 20 CDX and 60 playback requests a minute."""
    parts = text.split(",")
    try:
        cdx, playback = (float(p) for p in parts)
    except ValueError:
        raise CrawlError(
            f"--archive-rate takes CDX_PER_MIN,PLAYBACK_PER_MIN (e.g. 20,60), got {text!r}"
        ) from None
    if not (0 < cdx <= 1000 and 0 < playback <= 1000):
        raise CrawlError(
            "--archive-rate: each budget must be above 0 and at most 1000 requests a minute,"
            f" got {text!r}"
        )
    return ArchiveRates(cdx, playback, minute)


def archive_rates(text: str | None = None) -> ArchiveRates:
    """Budgets from `text`, else KINHNGHIEM_ARCHIVE_RATE, else the defaults."""
    minute = float(os.environ.get(MINUTE_ENV) or 60)
    text = text or os.environ.get(RATE_ENV)
    return parse_rates(text, minute) if text else ArchiveRates(minute=minute)


def endpoint_of(url: str, base: str) -> str | None:
    """Which budget a request to the archive spends, None for any other request."""
    if not url.startswith(base + "/"):
        return None
    path = urlsplit(url).path
    if path.startswith("/cdx/"):
        return CDX
    return PLAYBACK if path.startswith("/web/") else None


def blocked(base: str, drops: int, rates: ArchiveRates) -> tuple[datetime, str]:
    """(when the block presumably ends, what to tell the user)."""
    minutes = rates.scaled(BLOCK_MINUTES * 60) / 60
    until = datetime.now(UTC) + timedelta(minutes=minutes)
    return until, (
        f"the archive ({base}) dropped {drops} connections in a row: it has most likely "
        f"blocked this address for {minutes:g} minutes. Stopped; everything fetched is "
        f"stored. Run the same command again after {until:%H:%M} UTC to go on."
    )


class ArchiveBlocked(IgnoreRequest):
    """The archive stopped answering: requests left are dropped, to be fetched next run."""


class LocalGate:
    """Pacing of one process: the earliest time of each endpoint's next request."""

    def __init__(self):
        self.next_at: dict[str, float] = {}

    def wait(self, endpoint: str, interval: float) -> float:
        """0 and the slot is taken, else seconds to wait before asking again."""
        now = time.monotonic()
        next_at = self.next_at.get(endpoint, 0.0)
        if now < next_at:
            return next_at - now
        self.next_at[endpoint] = now + interval
        return 0.0

    def pause(self, endpoint: str, seconds: float) -> None:
        self.next_at[endpoint] = max(self.next_at.get(endpoint, 0.0), time.monotonic() + seconds)


class RedisGate:
    """The same pacing kept in Redis for every worker: one lease per endpoint, its `next`
    key pushed forward by each request and by a 429's pause."""

    PAUSE = """
    local t = redis.call('TIME')
    local until_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
    if until_ms > tonumber(redis.call('GET', KEYS[1]) or '0') then
      redis.call('SET', KEYS[1], until_ms, 'PX', ARGV[1])
    end
    return 0
    """

    def __init__(self, redis_url: str, base: str):
        from crawler.distributed.keys import connect, host_keys
        from crawler.distributed.politeness import ACQUIRE

        self.server = connect(redis_url)
        self.acquire_script = ACQUIRE
        self.keys = {e: host_keys(f"{urlsplit(base).netloc}#{e}") for e in (CDX, PLAYBACK)}

    def wait(self, endpoint: str, interval: float) -> float:
        leases, next_key = self.keys[endpoint]
        ms = int(interval * 1000)
        # The spacing (`next`) alone is the budget, so the lease count never limits (a huge
        # limit) and a waiting worker is told the exact wait; a lease lives one interval.
        wait_ms = self.server.eval(
            self.acquire_script, 2, leases, next_key, os.urandom(8).hex(), 2**31, ms, max(ms, 1), 10
        )
        return int(wait_ms) / 1000

    def pause(self, endpoint: str, seconds: float) -> None:
        self.server.eval(self.PAUSE, 1, self.keys[endpoint][1], max(1, int(seconds * 1000)))


class ArchiveBudgetMiddleware:
    """Downloader middleware (next to the downloader): paces archive requests by endpoint,
    pauses an endpoint on 429, stops the crawl when the archive blocks it."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.base = wayback_base()
        self.rates = archive_rates(settings.get("KINHNGHIEM_ARCHIVE_RATE"))
        redis_url = settings.get("REDIS_URL")
        self.gate = RedisGate(redis_url, self.base) if redis_url else LocalGate()
        for warning in self.rates.over_published():
            logger.warning(warning)
        self.locks = {CDX: defer.DeferredLock(), PLAYBACK: defer.DeferredLock()}
        self.drops = 0
        self.blocked_until: datetime | None = None
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> ArchiveBudgetMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider=None) -> None:
        endpoint = endpoint_of(request.url, self.base)
        if endpoint is None:
            return
        if self.blocked_until:
            raise ArchiveBlocked("the archive blocked this crawl")
        # One request per endpoint in flight from this worker: it is held from here until
        # its answer, so a 429 pauses the next one before it is sent.
        lock = self.locks[endpoint]
        await maybe_deferred_to_future(lock.acquire())
        request.meta["archive_endpoint"] = endpoint
        # The budget is the archive's politeness: its own download slot, without the live
        # portals' delay, AutoThrottle or (distributed) host lease stacked on top of it.
        request.meta["download_slot"] = f"{ARCHIVE_SLOT}{endpoint}"
        request.meta["autothrottle_dont_adjust_delay"] = True
        try:
            while wait := self.gate.wait(endpoint, self.rates.interval(endpoint)):
                await _sleep(wait)
            if self.blocked_until:  # blocked while this one waited
                raise ArchiveBlocked("the archive blocked this crawl")
        except BaseException:  # Redis down, cancelled, blocked: never keep the endpoint
            self._release(request)
            raise

    def process_response(self, request: Request, response: Response, spider=None):
        endpoint = self._release(request)
        if endpoint is None:
            return response
        self.drops = 0
        if response.status != 429:
            return response
        pause = self.rates.scaled(retry_after(response) or DEFAULT_PAUSE)
        self.gate.pause(endpoint, pause)
        self.crawler.stats.inc_value(f"archive/{endpoint}/429")
        # asked again after the pause, by the same path; never counted as a failure
        return request.replace(dont_filter=True, meta={**request.meta, "archive_retry": True})

    def process_exception(self, request: Request, exception: Exception, spider=None):
        endpoint = self._release(request)
        if endpoint is None or not isinstance(exception, DROPS):
            return None
        self.drops += 1
        self.crawler.stats.inc_value(f"archive/{endpoint}/dropped")
        if self.drops >= BLOCK_AFTER and self.blocked_until is None:
            self.blocked_until, message = blocked(self.base, self.drops, self.rates)
            self.crawler.spider.summary.stopped = message
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive-blocked"))
            raise ArchiveBlocked("the archive blocked this crawl")
        return None

    def _release(self, request: Request) -> str | None:
        endpoint = request.meta.pop("archive_endpoint", None)
        if endpoint is not None:
            self.locks[endpoint].release()
        return endpoint

    def closed(self) -> None:
        self.locks.clear()


def _sleep(seconds: float):
    from twisted.internet import reactor  # the one Scrapy installed (importing it installs one)

    return maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
