"""Per-host politeness shared by every worker: at most N requests in flight per host and a
minimum delay between two requests to it, counted in Redis so the limit is global.

A request holds a lease (a member of the host's sorted set, scored with its expiry time on
the Redis clock) from just before it is sent until its response or error comes back. The
worker renews its leases while they are held, so a killed worker's leases expire after
`KINHNGHIEM_LEASE_TTL` seconds and free the host again.
"""

from __future__ import annotations

import time
import uuid
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, reactor, task

from crawler.distributed.keys import connect, host_keys

# KEYS: leases, next. ARGV: lease id, limit, delay ms, lease ttl ms, poll ms.
# Returns 0 when the lease is granted, else milliseconds to wait before asking again.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return tonumber(ARGV[5]) end
local next_at = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_at then return next_at - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', ARGV[3])
end
return 0
"""

# KEYS: leases. ARGV: lease ttl ms, lease ids. Pushes the expiry of held leases forward.
RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 0
"""


class HostLeaseMiddleware:
    """Downloader middleware (place it last, next to the downloader): waits for a lease on
    the request's host before the request goes out, gives it back when it returns."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.server = connect(settings["REDIS_URL"])
        self.limit = settings.getint(
            "KINHNGHIEM_HOST_CONCURRENCY", settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2)
        )
        self.delay_ms = int(
            1000
            * settings.getfloat("KINHNGHIEM_HOST_DELAY", settings.getfloat("DOWNLOAD_DELAY", 0.5))
        )
        self.ttl_ms = int(1000 * settings.getfloat("KINHNGHIEM_LEASE_TTL", 10.0))
        self.poll_ms = int(1000 * settings.getfloat("KINHNGHIEM_LEASE_POLL", 0.01))
        # longest a lease is renewed: a request the middleware never saw return is dropped
        self.max_hold = settings.getfloat("DOWNLOAD_TIMEOUT", 180) + 60
        self.held: dict[str, tuple[str, float]] = {}  # lease id -> (host, acquired at)
        self.gates: dict[str, defer.DeferredLock] = {}  # one waiter per host per worker
        self.renewer = task.LoopingCall(self.renew)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> HostLeaseMiddleware:
        return cls(crawler)

    def opened(self) -> None:
        self.renewer.start(self.ttl_ms / 3000, now=False)

    def closed(self) -> None:
        if self.renewer.running:
            self.renewer.stop()

    async def process_request(self, request: Request, spider=None) -> None:
        if "archive_endpoint" in request.meta:
            return  # paced by the archive's budget, shared through Redis too
        host = urlsplit(request.url).hostname or ""
        lease = uuid.uuid4().hex
        gate = self.gates.setdefault(host, defer.DeferredLock())
        await maybe_deferred_to_future(gate.acquire())
        try:
            while wait_ms := self._acquire(host, lease):
                await maybe_deferred_to_future(
                    task.deferLater(reactor, wait_ms / 1000, lambda: None)
                )
        finally:
            gate.release()
        self.held[lease] = (host, time.monotonic())
        request.meta["kinhnghiem_lease"] = lease

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider=None) -> None:
        self._release(request)

    def _acquire(self, host: str, lease: str) -> int:
        return int(
            self.server.eval(
                ACQUIRE,
                2,
                *host_keys(host),
                lease,
                self.limit,
                self.delay_ms,
                self.ttl_ms,
                self.poll_ms,
            )
        )

    def _release(self, request: Request) -> None:
        lease = request.meta.pop("kinhnghiem_lease", None)
        held = self.held.pop(lease, None) if lease else None
        if held:
            self.server.zrem(host_keys(held[0])[0], lease)

    def renew(self) -> None:
        now = time.monotonic()
        by_host: dict[str, list[str]] = {}
        for lease, (host, since) in list(self.held.items()):
            if now - since > self.max_hold:
                del self.held[lease]  # lost track of it: let it expire
            else:
                by_host.setdefault(host, []).append(lease)
        for host, leases in by_host.items():
            self.server.eval(RENEW, 1, host_keys(host)[0], self.ttl_ms, *leases)
