"""Scrapy settings for portal crawls, built by a function so callers compose them
(tests lift politeness; the distributed crawl swaps in scrapy-redis' scheduler and
dupefilter through `overrides`)."""

from __future__ import annotations

from typing import Any

USER_AGENT = "kinhnghiem/0.1 (+https://github.com/kinhnghiem/kinhnghiem)"
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def crawl_settings(
    *, polite: bool = True, jobdir: str | None = None, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Polite defaults for public portals; `polite=False` only for servers we run ourselves."""
    settings: dict[str, Any] = {
        "BOT_NAME": "kinhnghiem",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "AUTOTHROTTLE_ENABLED": polite,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_DELAY": 0.5 if polite else 0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2 if polite else 16,
        "DOWNLOAD_TIMEOUT": 30,
        "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 0,
        "REDIRECT_MAX_TIMES": 5,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "RETRY_BACKOFF_BASE": 2.0 if polite else 0.1,
        "RETRY_BACKOFF_MAX": 120.0 if polite else 2.0,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {"crawler.pipelines.RawArchivePipeline": 300},
    }
    if jobdir:
        settings["JOBDIR"] = jobdir
    settings.update(overrides or {})
    return settings
