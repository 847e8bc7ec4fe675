"""Run one crawl in this process: Scrapy's reactor starts once per process, so call
`crawl_into` once (the CLI runs one command per process; tests run it in a subprocess)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess

from crawler.archive import RawArchive
from crawler.errors import CrawlError
from crawler.links import host_of
from crawler.profiles import profile_named
from crawler.settings import crawl_settings
from crawler.spiders.portal import PortalSpider
from crawler.summary import CrawlSummary
from crawler.wayback import WaybackQuery
from crawler.wayback.budget import archive_rates

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# The CDX API takes YYYY up to YYYYMMDDhhmmss.
_CDX_TIME = re.compile(r"\d{4,14}")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class CrawlInputs:
    """What to crawl: section listing URLs and/or the Wayback captures of hosts or URL
    prefixes. Checked when made, so a crawl never starts on bad input. Every worker of a
    shared crawl must be given the same inputs."""

    urls: tuple[str, ...] = ()
    site: str | None = None
    wayback: tuple[str, ...] = ()  # hosts or URL prefixes
    year_from: str | None = None
    year_to: str | None = None
    archive_rate: str | None = None  # CDX_PER_MIN,PLAYBACK_PER_MIN (crawler/wayback/budget.py)

    def __post_init__(self) -> None:
        if not self.urls and not self.wayback:
            raise CrawlError("give at least one listing URL, or --wayback HOST_OR_PREFIX")
        for url in self.urls:
            try:
                parts = urlsplit(url)
                hostname, _ = parts.hostname, parts.port  # "http://[::1", port 99999 raise
            except ValueError as error:
                raise CrawlError(f"not a valid URL: {url!r} ({error})") from error
            if parts.scheme not in ("http", "https") or not hostname:
                raise CrawlError(f"not an http(s) URL: {url!r}")
            if _SPACE.search(hostname):  # urlsplit keeps it; only DNS would refuse it
                raise CrawlError(f"not a valid URL: {url!r} (a space in the host)")
        if self.site:
            profile_named(self.site)  # UnknownSite names the known profiles
        self._check_wayback()

    def _check_wayback(self) -> None:
        for target in self.wayback:
            try:
                host = WaybackQuery(target).host
            except ValueError as error:  # "http://[::1"
                raise CrawlError(f"--wayback: not a valid host or URL: {target!r}") from error
            if not host:
                raise CrawlError(f"--wayback needs a host or URL prefix, got {target!r}")
            if _SPACE.search(host):
                raise CrawlError(f"--wayback: not a valid host or URL: {target!r}")
        if self.archive_rate is not None:
            archive_rates(self.archive_rate)  # CrawlError names the expected form
        for option, value in (
            ("--from", self.year_from),
            ("--to", self.year_to),
            ("--archive-rate", self.archive_rate),
        ):
            if value is None:
                continue
            if not self.wayback:
                raise CrawlError(f"{option} {value} only applies to --wayback captures")
            if option != "--archive-rate" and not _CDX_TIME.fullmatch(value):
                raise CrawlError(f"{option} must be a year (YYYY), got {value!r}")
        if self.year_from and self.year_to:
            digits = min(len(self.year_from), len(self.year_to))  # 2019 vs 201906: same year
            if self.year_from[:digits] > self.year_to[:digits]:
                raise CrawlError(f"--from {self.year_from} is after --to {self.year_to}")

    def wayback_queries(self) -> list[WaybackQuery]:
        return [WaybackQuery(target, self.year_from, self.year_to) for target in self.wayback]

    def hosts(self) -> set[str]:
        """Every host the crawl sends requests to."""
        archive = {host_of(query.base) for query in self.wayback_queries()}
        return {host_of(url) for url in self.urls} | archive

    def as_config(self) -> dict[str, Any]:
        """The form a shared crawl records in Redis (crawler/distributed/__init__.py)."""
        return {
            "urls": list(self.urls),
            "site": self.site,
            "wayback": list(self.wayback),
            "from": self.year_from,
            "to": self.year_to,
        }


def crawl_into(
    inputs: CrawlInputs,
    raw_db_path: str | Path,
    *,
    max_pages: int | None = None,
    polite: bool | None = None,
    overrides: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl `inputs` into raw.db.

    `polite=None` lifts the delays only when every host is loopback (our own servers);
    robots.txt is obeyed either way. `overrides` are Scrapy settings laid over
    `crawl_settings()` (the distributed crawl plugs its scheduler in there).
    """
    RawArchive(raw_db_path).close()  # an unusable raw.db is one clear error, before Scrapy
    if polite is None:
        polite = not inputs.hosts() <= LOOPBACK
    extra = dict(overrides or {})
    if max_pages:
        extra.setdefault("CLOSESPIDER_PAGECOUNT", max_pages)
    if inputs.archive_rate:
        extra.setdefault("KINHNGHIEM_ARCHIVE_RATE", inputs.archive_rate)
    process = CrawlerProcess(settings=crawl_settings(polite=polite, overrides=extra))
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_without_traceback)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(
        crawler,
        start_urls=list(inputs.urls),
        raw_db=str(raw_db_path),
        site=inputs.site,
        wayback_queries=inputs.wayback_queries(),
    )
    process.start()
    summary: CrawlSummary = crawler.spider.summary
    summary.finish()
    return summary


def _without_traceback(record: logging.LogRecord) -> bool:
    """An unreachable host's robots.txt is logged with chained tracebacks; its one-line
    message, the failure row and the summary table say all the user needs."""
    record.exc_info = record.exc_text = None
    return True
