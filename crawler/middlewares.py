"""Retries that back off: exponential delay per attempt, or the server's Retry-After."""

from __future__ import annotations

import email.utils
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future


class BackoffRetryMiddleware(RetryMiddleware):
    """Like Scrapy's RetryMiddleware, but waits before retrying a 5xx/429, so a struggling
    host is not asked again at once. The wait holds one of the crawl's CONCURRENT_REQUESTS
    (not the host's slot: other requests to the host go on, paced by AutoThrottle)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)

    async def process_response(self, request: Request, response: Response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        attempt = retry.meta.get("retry_times", 1)
        delay = retry_after(response) or self.base * 2 ** (attempt - 1)
        from twisted.internet import reactor, task  # the reactor Scrapy installed

        await maybe_deferred_to_future(task.deferLater(reactor, min(delay, self.cap), lambda: None))
        return retry


def retry_after(response: Response) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    return parse_retry_after((response.headers.get(b"Retry-After") or b"").decode("latin-1"))


def parse_retry_after(value: str) -> float | None:
    """Seconds of a Retry-After value: delta-seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
