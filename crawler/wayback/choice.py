"""The right capture of a page: its captures tried newest first, skipping those that are
not the article (redirects, "page not found" or "site closed" pages served with 200, the
merged province portal's redirect), each skip recorded with its reason."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.archive import RawPage
from crawler.checks import decode_html
from crawler.links import canonical_url, host_of, looks_like_article_url
from crawler.pages import reads_as_listing
from crawler.profiles import profile_for_host
from crawler.wayback import Capture

# Phrases of the pages an archive records in place of an article: looked for in the
# title, or anywhere in a short page (articles may mention them in passing).
NOTICES = {
    "soft-404": (
        "không tìm thấy",
        "không tồn tại",
        "page not found",
        "404 not found",
        "lỗi 404",
    ),
    "closed-site notice": (
        "ngừng hoạt động",
        "dừng hoạt động",
        "ngừng cung cấp thông tin",
        "đã được chuyển về",
        "site closed",
    ),
}
SHORT_PAGE = 1500  # characters of text: a notice, not an article
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.I | re.S)
_REFRESH = re.compile(
    r"<meta[^>]+http-equiv=[\"']?refresh[\"']?[^>]*content=[\"'][^\"']*url=([^\"'>\s]+)", re.I
)


def page_url(group: list[Capture]) -> str:
    """The URL a page is stored under: its newest capture's original, canonical, so every
    run (and every worker) files a page under the same URL."""
    newest = max(group, key=lambda c: c.timestamp)
    return canonical_url(newest.original)


def is_article_page(url: str) -> bool:
    """Worth fetching at all: the URL looks like an article's (the site's profile first)."""
    profile = profile_for_host(host_of(url))
    return looks_like_article_url(url, list(profile.article_urls) if profile else [])


def captures_to_try(group: list[Capture]) -> tuple[list[Capture], list[str]]:
    """(captures worth a playback, newest first; skips decided from the listing alone)."""
    tries: list[Capture] = []
    skipped: list[str] = []
    digests: dict[str, str] = {}
    for capture in sorted(group, key=lambda c: (c.timestamp, c.original), reverse=True):
        if capture.status.startswith("3"):
            skipped.append(f"{capture.timestamp}: redirect capture ({capture.status})")
        elif capture.status not in ("200", "-"):
            skipped.append(f"{capture.timestamp}: status {capture.status}")
        elif capture.digest and capture.digest in digests:
            # the same bytes as a capture tried before it: no second playback
            skipped.append(f"{capture.timestamp}: same bytes as {digests[capture.digest]}")
        else:
            tries.append(capture)
            if capture.digest:
                digests[capture.digest] = capture.timestamp
    return tries, skipped


def not_the_article(page: RawPage, original: str) -> str | None:
    """Why a played-back capture is not the page's article, or None when it is."""
    if 300 <= page.status < 400:
        return _redirect_reason(urljoin(original, page.headers.get("location", "")), original)
    if page.status != 200:
        return f"playback answered {page.status}"
    if page.kind == "failed":
        return page.error or "unusable page"
    html = decode_html(page.content_type, page.body)
    refresh = _REFRESH.search(html)
    if refresh and host_of(urljoin(original, refresh.group(1))) not in ("", host_of(original)):
        return _redirect_reason(urljoin(original, refresh.group(1)), original)
    notice = _notice(html)
    if notice:
        return notice
    if reads_as_listing(page):
        return "a listing or navigation page, not the article"
    return None


def _redirect_reason(location: str, original: str) -> str:
    """A redirect to another host after the 2025 merger goes to the province's portal."""
    target = _archived_original(location)
    if host_of(target) and _bare(host_of(target)) != _bare(host_of(original)):
        return f"redirect to another site ({host_of(target)}, e.g. the province portal)"
    return f"redirect ({target or 'no location'})"


def _archived_original(location: str) -> str:
    """`.../web/20250801000000id_/https://gialai.gov.vn/` -> `https://gialai.gov.vn/`."""
    match = re.search(r"/web/\d+[a-z_]*/(.+)$", location)
    return match.group(1) if match else location


def _bare(host: str) -> str:
    return host.removeprefix("www.")


def _notice(html: str) -> str | None:
    title = _TITLE.search(html)
    title_text = title.group(1).lower() if title else ""
    text = " ".join(_TAGS.sub(" ", html).split()).lower()
    for reason, phrases in NOTICES.items():
        for phrase in phrases:
            if phrase in title_text or (len(text) < SHORT_PAGE and phrase in text):
                return f"{reason} ({phrase!r})"
    return None
