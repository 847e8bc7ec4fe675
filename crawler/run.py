"""Run one crawl in this process: Scrapy's reactor starts once per process, so call
`crawl_into` once (the CLI runs one command per process; tests run it in a subprocess)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess

from crawler.errors import CrawlError
from crawler.links import host_of
from crawler.profiles import UnknownSite, profile_named
from crawler.settings import crawl_settings
from crawler.spiders.portal import PortalSpider
from crawler.summary import CrawlSummary
from crawler.wayback import WaybackQuery

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def crawl_into(
    urls: list[str],
    raw_db_path: str | Path,
    *,
    site: str | None = None,
    max_pages: int | None = None,
    wayback: str | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    polite: bool | None = None,
    overrides: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl the sections at `urls` (and/or the Wayback captures of `wayback`) into raw.db.

    `polite=None` lifts the delays only when every host is loopback (our own servers);
    robots.txt is obeyed either way. `overrides` are Scrapy settings laid over
    `crawl_settings()` (the distributed crawl plugs its scheduler in there).
    """
    check_inputs(urls, site, wayback)
    query = WaybackQuery(wayback, year_from, year_to) if wayback else None
    hosts = {host_of(url) for url in urls} | ({host_of(query.base)} if query else set())
    if polite is None:
        polite = not hosts <= LOOPBACK
    extra = dict(overrides or {})
    if max_pages:
        extra.setdefault("CLOSESPIDER_PAGECOUNT", max_pages)
    process = CrawlerProcess(settings=crawl_settings(polite=polite, overrides=extra))
    crawler = process.create_crawler(PortalSpider)
    started = time.monotonic()
    process.crawl(
        crawler, start_urls=list(urls), raw_db=str(raw_db_path), site=site, wayback_query=query
    )
    process.start()
    summary: CrawlSummary = crawler.spider.summary
    summary.elapsed = time.monotonic() - started
    return summary


def check_inputs(urls: list[str], site: str | None, wayback: str | None) -> None:
    if not urls and not wayback:
        raise CrawlError("give at least one listing URL, or --wayback HOST_OR_PREFIX")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CrawlError(f"not an http(s) URL: {url!r}")
    if site:
        try:
            profile_named(site)
        except UnknownSite as error:
            raise CrawlError(str(error)) from error
