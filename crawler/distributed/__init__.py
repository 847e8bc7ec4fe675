"""Distributed crawling: any number of workers, on any number of machines, share one crawl
through Redis with scrapy-redis.

A worker is the ordinary portal crawl (`crawler.run.crawl_into`) with these parts swapped in
through Scrapy settings:

- scheduler: scrapy-redis' Redis queue and duplicate filter, made reliable
  (crawler/distributed/queue.py: in-flight hash per worker, heartbeats, dead workers' requests
  taken back);
- politeness: per-host leases in Redis (crawler/distributed/politeness.py), so the per-host
  concurrency and delay hold across all workers;
- storage: pages pushed to a Redis list (crawler/distributed/pages.py); `kinhnghiem ingest` is the
  only writer of raw.db (pipeline/ingest.py);
- `WorkerCoordinator` (below): heartbeat, taking back dead workers' requests, and staying
  alive while any worker may still queue new requests.

Every worker is started with the same start URLs; the first one to push a start URL seeds
it (the shared duplicate filter drops the others' copies), and a worker started with other
URLs than the crawl's is refused, because queued requests refer to sections by index.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis import picklecompat
from twisted.internet import task

from crawler.distributed.keys import (
    INGESTED_KEY,
    INGESTING_KEY,
    PAGES_KEY,
    PUSHED_KEY,
    SPIDER,
    CrawlKeys,
    connect,
    new_worker_id,
    reach,
)
from crawler.distributed.queue import beat, crawl_finished, heartbeat_ttl, requeue
from crawler.errors import CrawlError
from crawler.run import CrawlInputs, crawl_into
from crawler.settings import crawl_settings
from crawler.summary import CrawlSummary, format_table

logger = logging.getLogger(__name__)

ARCHIVE_PIPELINE = "crawler.pipelines.RawArchivePipeline"


def distributed_overrides(redis_url: str, worker_id: str) -> dict[str, Any]:
    """Scrapy settings that turn a crawl into one worker of the shared crawl."""
    base = crawl_settings()
    keys = CrawlKeys("%(spider)s")
    pipelines = dict(base.get("ITEM_PIPELINES") or {})
    order = pipelines.pop(ARCHIVE_PIPELINE, 300)
    pipelines["crawler.distributed.pages.RedisPagePipeline"] = order
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.distributed.queue.ReliableScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.queue.ReliablePriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the queue outlives any one worker
        "KINHNGHIEM_WORKER_ID": worker_id,
        "DOWNLOADER_MIDDLEWARES": {
            **(base.get("DOWNLOADER_MIDDLEWARES") or {}),
            # last before the downloader: the lease covers exactly the time on the wire
            "crawler.distributed.politeness.HostLeaseMiddleware": 950,
        },
        "EXTENSIONS": {
            **(base.get("EXTENSIONS") or {}),
            "crawler.distributed.WorkerCoordinator": 600,
        },
        "ITEM_PIPELINES": pipelines,
    }


def crawl_worker(
    inputs: CrawlInputs,
    raw_db_path: str | Path,
    *,
    redis_url: str,
    max_pages: int | None = None,
    polite: bool | None = None,
    overrides: dict[str, Any] | None = None,
    worker_id: str | None = None,
) -> CrawlSummary:
    """Run one worker of the shared crawl in `redis_url` until the whole crawl is done.

    `raw_db_path` is only read (articles it already holds are skipped); pages go to Redis.
    """
    join_crawl(reach(redis_url), redis_url, inputs.as_config())
    settings = distributed_overrides(redis_url, worker_id or new_worker_id())
    settings.update(overrides or {})
    return crawl_into(inputs, raw_db_path, max_pages=max_pages, polite=polite, overrides=settings)


def join_crawl(server: redis.Redis, redis_url: str, config: dict[str, Any]) -> None:
    """Record the crawl's inputs, or check that they are the ones already recorded."""
    key = CrawlKeys(SPIDER).config
    if server.set(key, json.dumps(config), nx=True):
        return
    stored = json.loads(server.get(key) or "{}")
    if stored != config:
        raise CrawlError(
            f"{redis_url} already holds a crawl of {stored.get('urls')} (site "
            f"{stored.get('site')}, wayback {stored.get('wayback')}): start every worker with "
            "the same inputs, or use another Redis database for another crawl"
        )


class WorkerCoordinator:
    """Scrapy extension of a worker: heartbeat, taking back the requests of dead workers,
    and keeping the worker open while the shared crawl is unfinished."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.server = connect(settings["REDIS_URL"])
        self.worker = settings["KINHNGHIEM_WORKER_ID"]
        self.ttl = heartbeat_ttl(settings)
        # An idle worker looks at the shared queue this often (Scrapy's own loop: 5 s).
        self.poll = settings.getfloat("KINHNGHIEM_QUEUE_POLL", 0.25)
        self.keys = CrawlKeys(SPIDER)
        self.loop = task.LoopingCall(self.tick)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> WorkerCoordinator:
        return cls(crawler)

    def opened(self, spider) -> None:
        self.keys = CrawlKeys(spider.name)
        # Scrapy 2.19 internals: the engine's idle re-check interval (read when it starts).
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.poll
        self.loop.start(self.ttl / 4)

    def tick(self) -> None:
        try:
            beat(self.server, self.keys, self.worker, self.ttl)
            moved = requeue(self.server, self.keys)
        except redis.RedisError as error:  # keep ticking; Redis may come back
            logger.warning("worker %s: Redis unreachable: %s", self.worker, error)
            return
        if moved:
            urls = [picklecompat.loads(member)["url"] for member in moved]
            self.server.lpush(self.keys.requeued, *urls)
            logger.warning("took back %d requests of dead workers", len(urls))

    def idle(self, spider) -> None:
        if not crawl_finished(self.server, self.keys):
            raise DontCloseSpider

    def closed(self, spider, reason) -> None:
        if self.loop.running:
            self.loop.stop()
        self.server.delete(self.keys.heartbeat(self.worker))


def crawl_progress(redis_url: str, spider: str = SPIDER) -> str:
    """What `kinhnghiem stats --redis` prints: the shared crawl's queue, workers and pages."""
    server = reach(redis_url)
    keys = CrawlKeys(spider)
    config = json.loads(server.get(keys.config) or "null")
    workers = _worker_rows(server, keys)
    lines = [
        f"crawl in {redis_url}: {_crawl_state(server, keys, config)}",
        f"start URLs: {', '.join(config['urls']) if config else '-'}",
        f"seen URLs: {server.scard(keys.dupefilter)}",
        f"queued requests: {server.zcard(keys.requests)}",
        f"in flight: {sum(row[2] for row in workers)}",
        f"taken back from dead workers: {server.llen(keys.requeued)}",
        f"pages pushed by workers: {int(server.get(PUSHED_KEY) or 0)}",
        f"pages waiting for ingest: {server.llen(PAGES_KEY) + server.llen(INGESTING_KEY)}",
        f"pages ingested into raw.db: {int(server.get(INGESTED_KEY) or 0)}",
    ]
    if workers:
        lines += ["", format_table(("worker", "state", "in flight"), workers)]
    return "\n".join(lines)


def _crawl_state(server: redis.Redis, keys: CrawlKeys, config: dict | None) -> str:
    if config is None:
        return "not started"
    return "finished" if crawl_finished(server, keys) else "running"


def _worker_rows(server: redis.Redis, keys: CrawlKeys) -> list[tuple[str, str, int]]:
    """(worker, alive | dead, requests in flight) of every worker that joined."""
    workers = sorted(w.decode() for w in server.smembers(keys.workers))
    return [
        (w, "alive" if server.exists(keys.heartbeat(w)) else "dead", server.hlen(keys.inflight(w)))
        for w in workers
    ]
