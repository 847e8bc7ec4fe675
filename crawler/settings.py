"""Scrapy settings for portal crawls, built by a function so callers compose them
(tests lift politeness; the distributed crawl swaps in scrapy-redis' scheduler and
dupefilter through `overrides`).

Politeness, the one place it is defined (public portals are small government servers):

- robots.txt is obeyed, always (`ROBOTSTXT_OBEY`); pages it forbids are recorded as
  failed with error `robots`;
- at most 2 requests in flight per host (`CONCURRENT_REQUESTS_PER_DOMAIN`), at least
  0.5 s apart (`DOWNLOAD_DELAY`), and AutoThrottle slows down further for slow hosts;
  distributed workers keep the same two limits across all workers
  (crawler/distributed/politeness.py);
- the User-Agent names the project and a contact URL (`USER_AGENT`);
- a page gets 30 s (`DOWNLOAD_TIMEOUT`) and at most 10 MB (`DOWNLOAD_MAXSIZE`);
- 5xx, 408 and 429 answers are retried twice, after 2 s then 4 s, or after the server's
  `Retry-After` (capped at 120 s) (crawler/middlewares.py);
- the Wayback Machine has budgets of its own per endpoint, 429 pauses and block detection
  (crawler/wayback/budget.py), for every worker together;
- only the hosts of the start URLs are fetched (the spider's `allowed_domains`, enforced
  by Scrapy's offsite middleware, redirects included), and only links inside the
  section; URLs are canonicalised so one page is fetched once (crawler/links.py).

`polite=False` lifts the delay, AutoThrottle and the per-host limit, and shortens the
retry backoff: only for servers we run ourselves on loopback (`crawl_into` decides).
"""

from __future__ import annotations

from typing import Any

from crawler.wayback.budget import ARCHIVE_SLOT

USER_AGENT = "kinhnghiem/0.1 (+https://github.com/kinhnghiem/kinhnghiem)"
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def crawl_settings(
    *, polite: bool = True, overrides: dict[str, Any] | None = None
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
            # next to the downloader, before the distributed host lease (950)
            "crawler.wayback.budget.ArchiveBudgetMiddleware": 940,
        },
        "ITEM_PIPELINES": {"crawler.pipelines.RawArchivePipeline": 300},
        # archive requests are paced by their budget alone (crawler/wayback/budget.py)
        "DOWNLOAD_SLOTS": {
            f"{ARCHIVE_SLOT}{endpoint}": {"delay": 0, "jitter": 0, "concurrency": 1}
            for endpoint in ("cdx", "playback")
        },
    }
    settings.update(overrides or {})
    return settings
