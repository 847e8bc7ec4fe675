"""RawPages from Scrapy responses and failures, with the error recorded in a fixed form:
`category: detail`, category one of http, timeout, connection, redirect-loop, robots,
too-large, not-html, empty, legacy-encoding, charset."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, DNSLookupError, TimeoutError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.archive import RawPage
from crawler.checks import charset_mismatch, decode_html, is_html, legacy_encoding
from crawler.links import looks_like_article, looks_like_listing, page_links

KEPT_HEADERS = ("content-type", "etag", "last-modified", "date", "content-language", "location")


def headers_of(response: Response) -> dict[str, str]:
    headers = {}
    for name in KEPT_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            headers[name] = value.decode("latin-1")
    return headers


def page_from_response(response: Response, url: str, kind: str, site: str) -> RawPage:
    """The page to store, turned into kind 'failed' when the body is unusable."""
    headers = headers_of(response)
    content_type = headers.get("content-type", "")
    page = RawPage(
        url=url,
        body=response.body,
        site=site,
        status=response.status,
        headers=headers,
        content_type=content_type,
        kind=kind,
    )
    if response.url != url:
        page.headers["x-final-url"] = response.url
    if not is_html(content_type, response.body):
        return _failed(page, f"not-html: {content_type or 'unknown type'}", keep_body=False)
    return check_html_body(page)


def check_html_body(page: RawPage) -> RawPage:
    """Mark an HTML page 'failed' when its body is empty or in a legacy encoding; note a
    wrongly declared charset. Shared by live, Wayback and WARC pages."""
    if not page.body.strip():
        return _failed(page, "empty: 200 with an empty body")
    legacy = legacy_encoding(page.body)
    if legacy:
        return _failed(page, f"legacy-encoding: {legacy} (kept undecoded)")
    mismatch = charset_mismatch(page.content_type, page.body)
    if mismatch:
        # Keep it as an article; correct the type so readers decode UTF-8.
        page.error = f"charset: {mismatch}"
        page.content_type = "text/html; charset=utf-8"
    return page


def reads_as_listing(page: RawPage) -> bool:
    """A page reached as an article that is really a listing or navigation page."""
    html = decode_html(page.content_type, page.body)
    return looks_like_listing(page_links(html, page.url), page.url, html)


def reads_as_article(page: RawPage) -> bool:
    """A page fetched as a candidate (its URL alone did not say) that has an article's
    title and body rather than a list of links."""
    html = decode_html(page.content_type, page.body)
    return looks_like_article(page_links(html, page.url), page.url, html)


def _failed(page: RawPage, error: str, keep_body: bool = True) -> RawPage:
    page.kind = "failed"
    page.error = error
    if not keep_body:
        page.body = b""
    return page


def page_from_failure(failure: Failure, url: str, site: str) -> RawPage:
    status, error = describe_failure(failure)
    return RawPage(url=url, site=site, status=status, kind="failed", error=error)


def describe_failure(failure: Failure) -> tuple[int, str]:
    """(HTTP status or 0, 'category: detail') for an errback failure."""
    exc = failure.value
    if failure.check(HttpError):
        return exc.response.status, f"http: {exc.response.status}"
    if failure.check(TimeoutError, DownloadTimeoutError):
        return 0, "timeout: no answer in time"
    if failure.check(IgnoreRequest):
        message = str(exc)
        if "redirect" in message:
            return 0, f"redirect-loop: {message}"
        if "robots" in message.lower():
            return 0, "robots: forbidden by robots.txt"
        return 0, f"ignored: {message}"
    if failure.check(DownloadCancelledError) or "larger than download max size" in str(exc):
        return 0, f"too-large: {exc}"
    if failure.check(
        DNSLookupError,
        ConnectError,
        ResponseNeverReceived,
        CannotResolveHostError,
        DownloadConnectionRefusedError,
        DownloadFailedError,
    ):
        return 0, f"connection: {exc.__class__.__name__}"
    return 0, f"{exc.__class__.__name__}: {exc}"
