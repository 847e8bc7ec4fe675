"""The item pipeline: every RawPage the spider yields goes to raw.db at once (one commit
per page, so a killed crawl keeps all it fetched)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.archive import RawArchive, RawPage
from crawler.links import host_of


class RawArchivePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.archive: RawArchive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RawArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.archive = RawArchive(self.crawler.spider.raw_db)

    def close_spider(self) -> None:
        if self.archive:
            self.archive.close()

    def process_item(self, item: RawPage) -> RawPage:
        self.archive.put(item)
        summary = self.crawler.spider.summary
        summary.stored(host_of(item.url), item.kind, item.error)
        summary.progress()
        return item
