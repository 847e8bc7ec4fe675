"""A reliable shared queue on scrapy-redis: no request is lost when a worker dies.

scrapy-redis pops a request off the shared queue and forgets it, so a killed worker loses
everything it had taken. Here a pop moves the request, in one Lua script, into the
worker's in-flight hash; it leaves the hash only once Scrapy is completely done with it
(response parsed, its items pushed, its links queued). Each worker keeps a heartbeat key
with a TTL; any live worker moves the in-flight requests of a worker whose heartbeat
expired back onto the queue (`requeue_dead`). A request a dead worker had fetched but not
finished is therefore fetched again: at-least-once fetching, and storage is idempotent
(raw.db's primary key is the URL).

Seen-fingerprints and the queue are updated in one script too, so a worker dying between
the two cannot mark a URL seen that was never queued.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.keys import CrawlKeys

logger = logging.getLogger(__name__)

# KEYS: queue, in-flight hash, workers set. ARGV: worker. Moves the best request into
# the hash (value: its score); the worker is (re)listed so its hash is always looked at.
TAKE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], r[1], r[2])
redis.call('SADD', KEYS[3], ARGV[1])
return r[1]
"""

# KEYS: fingerprints, queue. ARGV: fingerprint ('' to skip the check), score, request.
PUSH_UNSEEN = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: workers set, queue. ARGV: heartbeat prefix, in-flight prefix, worker to give back
# unconditionally ('' for none). Returns the requests moved back onto the queue.
REQUEUE = """
local moved = {}
for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if w == ARGV[3] or redis.call('EXISTS', ARGV[1] .. w) == 0 then
    local entries = redis.call('HGETALL', ARGV[2] .. w)
    for i = 1, #entries, 2 do
      redis.call('ZADD', KEYS[2], entries[i + 1], entries[i])
      table.insert(moved, entries[i])
    end
    redis.call('DEL', ARGV[2] .. w)
    redis.call('SREM', KEYS[1], w)
  end
end
return moved
"""

# KEYS: queue, workers set, shared filter. ARGV: in-flight prefix. 1 when the crawl has
# started and nothing is queued or in flight.
FINISHED = """
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('HLEN', ARGV[1] .. w) > 0 then return 0 end
end
return 1
"""


class ReliablePriorityQueue(PriorityQueue):
    """scrapy-redis' priority queue whose pop records the request as in flight."""

    inflight_key: str = ""
    workers_key: str = ""
    worker: str = ""

    def take(self) -> tuple[Request, bytes] | None:
        member = self.server.eval(
            TAKE, 3, self.key, self.inflight_key, self.workers_key, self.worker
        )
        if member is None:
            return None
        return self._decode_request(member), member

    def push_unseen(self, request: Request, fingerprint: str, seen_key: str) -> bool:
        data = self._encode_request(request)
        return bool(
            self.server.eval(
                PUSH_UNSEEN, 2, seen_key, self.key, fingerprint, -request.priority, data
            )
        )


class ReliableScheduler(Scheduler):
    """scrapy-redis' scheduler with in-flight tracking, acknowledged when the engine drops
    the request, and one shared duplicate filter for every request but retries, redirects
    and archive requests asked again after a 429 (the portal spider marks its requests
    dont_filter and dedups locally, which across workers would fetch pages linked from two
    listings twice)."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.worker = crawler.settings["KINHNGHIEM_WORKER_ID"]
        scheduler.taken: dict[Request, bytes] = {}
        return scheduler

    def open(self, spider):
        # scrapy-redis' open() minus its flush option and its deprecated Spider.log call
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self.keys = CrawlKeys(spider.name)
        self.queue.inflight_key = self.keys.inflight(self.worker)
        self.queue.workers_key = self.keys.workers
        self.queue.worker = self.worker
        # Alive before the first pop, or another worker could take back what we pop.
        beat(self.server, self.keys, self.worker, heartbeat_ttl(self.crawler.settings))
        _on_request_finished(self.crawler.engine, self._acknowledge)

    def enqueue_request(self, request: Request) -> bool:
        meta = request.meta
        repeat = "retry_times" in meta or "redirect_times" in meta or "archive_retry" in meta
        fingerprint = "" if repeat else self.df.request_fingerprint(request)
        if not self.queue.push_unseen(request, fingerprint, self.df.key):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        taken = self.queue.take()
        if taken is None:
            return None
        request, member = taken
        self.taken[request] = member
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _acknowledge(self, request: Request) -> None:
        member = self.taken.pop(request, None)
        if member is not None:
            self.server.hdel(self.queue.inflight_key, member)

    def close(self, reason):
        # Whatever is still ours goes back to the queue (a clean stop loses nothing either);
        # the queue and fingerprints persist for the other workers.
        requeue(self.server, self.keys, give_back=self.worker)


def _on_request_finished(engine: Any, callback) -> None:
    """Call `callback(request)` when the engine is completely done with a request: after
    its callback's output went through the item pipelines and its new requests were
    scheduled, or after it was replaced by a retry/redirect that was scheduled. Scrapy has
    no signal for that moment, so this wraps the engine slot's `remove_request` (Scrapy
    2.19 internals; tests/test_distributed.py fails loudly if that changes)."""
    slot = engine._slot
    remove = slot.remove_request

    def remove_request(request: Request) -> None:
        remove(request)
        callback(request)

    slot.remove_request = remove_request


def heartbeat_ttl(settings) -> float:
    return settings.getfloat("KINHNGHIEM_HEARTBEAT_TTL", 10.0)


def beat(server, keys: CrawlKeys, worker: str, ttl: float) -> None:
    """Tell the other workers this one is alive for `ttl` more seconds."""
    with server.pipeline() as pipe:
        pipe.set(keys.heartbeat(worker), b"1", px=int(ttl * 1000))
        pipe.sadd(keys.workers, worker)
        pipe.execute()


def requeue(server, keys: CrawlKeys, give_back: str = "") -> list[bytes]:
    """Move the in-flight requests of dead workers (and of `give_back`) onto the queue."""
    return server.eval(
        REQUEUE,
        2,
        keys.workers,
        keys.requests,
        keys.heartbeat_prefix,
        keys.inflight_prefix,
        give_back,
    )


def crawl_finished(server, keys: CrawlKeys) -> bool:
    """Started (a request has passed the shared filter), nothing queued, nothing in flight.

    Without "started", an ingest or a worker that looks before the first worker has queued
    its start URLs would see an empty queue and take the crawl for finished."""
    args = (keys.requests, keys.workers, keys.dupefilter, keys.inflight_prefix)
    return bool(server.eval(FINISHED, 3, *args))
