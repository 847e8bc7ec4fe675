"""Workers do not write raw.db: their pipeline pushes each RawPage, serialised, onto a Redis
list that `kinhnghiem ingest` drains into raw.db (the single writer)."""

from __future__ import annotations

import base64
import dataclasses
import json

from crawler.archive import RawPage
from crawler.distributed.keys import PAGES_KEY, PUSHED_KEY, connect
from crawler.pipelines import RawArchivePipeline


def page_to_bytes(page: RawPage) -> bytes:
    record = dataclasses.asdict(page)
    record["body"] = base64.b64encode(page.body).decode("ascii")
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def page_from_bytes(data: bytes) -> RawPage:
    record = json.loads(data)
    record["body"] = base64.b64decode(record["body"])
    return RawPage(**record)


class RedisPageSink:
    """Stands in for RawArchive in the crawler's pipeline: `put` pushes the page."""

    def __init__(self, redis_url: str):
        self.server = connect(redis_url)

    def put(self, page: RawPage) -> None:
        with self.server.pipeline(transaction=True) as pipe:
            pipe.lpush(PAGES_KEY, page_to_bytes(page))
            pipe.incr(PUSHED_KEY)
            pipe.execute()

    def close(self) -> None:
        self.server.close()


class RedisPagePipeline(RawArchivePipeline):
    """The crawler's pipeline (same per-host counts and progress), storing into Redis."""

    def open_spider(self) -> None:
        self.archive = RedisPageSink(self.crawler.settings["REDIS_URL"])
