"""The one spider: from section listing URLs (or a Wayback CDX query) to RawPages.

Listings are always fetched (conditionally when raw.db holds their ETag/Last-Modified);
articles already in raw.db are skipped, so a second crawl or a restarted one fetches only
what is new. Articles are leaves: links on article pages are never followed.

Links a listing's item list holds inside the section whose URL alone does not say
"article" (`bai-1.html`, `view.php?id=12`) are fetched as candidates; the page itself then
decides whether it is stored as an article or a listing. Links of listings never followed
are counted as skipped in the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler import wayback
from crawler.archive import RawArchive, RawPage
from crawler.checks import decode_html
from crawler.families import GENERIC, Family, detect_family
from crawler.links import (
    Link,
    article_links,
    candidate_links,
    canonical_url,
    host_of,
    in_section,
    is_pagination,
    page_links,
    section_prefix,
)
from crawler.pages import (
    page_from_failure,
    page_from_response,
    reads_as_article,
    reads_as_listing,
)
from crawler.profiles import Profile, profile_for_host, profile_named
from crawler.summary import CrawlSummary
from crawler.wayback import choice
from crawler.wayback.cdx import CdxError, complete_groups, parse_cdx_page


@dataclass
class Section:
    start_url: str
    host: str
    prefix: str
    profile: Profile | None
    family: Family | None = None  # detected from the first listing fetched

    @property
    def site(self) -> str:
        return self.profile.name if self.profile else self.host


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(
        self, start_urls=(), raw_db="data/raw.db", site=None, wayback_queries=(), **kwargs
    ):
        super().__init__(**kwargs)
        profile = profile_named(site) if site else None
        self.sections = [_section(url, profile) for url in start_urls]
        self.wayback_queries: list[wayback.WaybackQuery] = list(wayback_queries)
        self.raw_db = raw_db
        self.summary = CrawlSummary()
        archive = RawArchive(raw_db)
        self.done = archive.done_urls()
        self.archive = archive  # read side: validators and bodies of stored listings
        self.requested: set[str] = set()
        self.seen: dict[str, set[str]] = {}  # section host -> links seen on its listings
        hosts = {s.host for s in self.sections}
        hosts |= {host_of(query.base) for query in self.wayback_queries}
        self.allowed_domains = sorted(hosts)

    async def start(self):
        for index, section in enumerate(self.sections):
            request = self.listing_request(section.start_url, index)
            if request:
                yield request
        for index, query in enumerate(self.wayback_queries):
            for request in self.cdx_listing(index, query.cdx_url(), []):
                yield request

    # -- requests -------------------------------------------------------------------

    def listing_request(self, url: str, section: int) -> scrapy.Request | None:
        url = canonical_url(url)
        if url in self.requested:
            return None
        self.requested.add(url)
        meta = {"url": url, "section": section, "handle_httpstatus_list": [304]}
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            headers=self.validators(url),
            meta=meta,
            dont_filter=True,
        )

    def article_request(
        self, url: str, section: int, candidate: bool = False
    ) -> scrapy.Request | None:
        """`candidate`: the URL alone did not look like an article; the page will decide."""
        if url in self.requested:
            return None
        self.requested.add(url)
        if url in self.done:
            self.summary.count(host_of(url), "known")
            return None
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={"url": url, "section": section, "candidate": candidate},
            dont_filter=True,
        )

    def validators(self, url: str) -> dict[str, str]:
        """Conditional-request headers from the stored copy of a listing."""
        stored = self.archive.get(url)
        if not stored or stored.kind != "listing":
            return {}
        headers = {}
        if stored.headers.get("etag"):
            headers["If-None-Match"] = stored.headers["etag"]
        if stored.headers.get("last-modified"):
            headers["If-Modified-Since"] = stored.headers["last-modified"]
        return headers

    # -- callbacks ------------------------------------------------------------------

    def parse_listing(self, response: Response):
        url, index = response.meta["url"], response.meta["section"]
        if response.status == 304:
            page = self.unchanged_listing(url, index)
        else:
            page = page_from_response(response, url, "listing", self.sections[index].site)
            yield page
        if page.kind != "failed":
            yield from self.follow_listing(decode_html(page.content_type, page.body), url, index)

    def parse_article(self, response: Response):
        url, index = response.meta["url"], response.meta["section"]
        page = page_from_response(response, url, "article", self.sections[index].site)
        judge = reads_as_article if response.meta.get("candidate") else _not_listing
        if page.kind == "article" and not judge(page):
            # A listing or navigation page reached through an item link.
            page.kind = "listing"
            yield from self.follow_if_in_section(page, index)
        yield page

    def on_error(self, failure):
        request = failure.request
        url = request.meta.get("url", request.url)
        site = self._site_of(request.meta)
        yield page_from_failure(failure, url, site)

    def unchanged_listing(self, url: str, index: int) -> RawPage:
        """The stored copy of a listing the server answered 304 Not Modified for."""
        self.summary.count(self.sections[index].host, "not_modified")
        return self.archive.get(url) or RawPage(url=url, kind="listing")

    def follow_if_in_section(self, page: RawPage, index: int):
        section = self.sections[index]
        if in_section(page.url, section.host, section.prefix):
            yield from self.follow_listing(
                decode_html(page.content_type, page.body), page.url, index
            )

    def follow_listing(self, html: str, url: str, index: int):
        """Requests for the listing's new articles and its further pages."""
        section = self.sections[index]
        if section.family is None:
            section.family = detect_family(html)
        links = page_links(html, url)
        self.seen.setdefault(section.host, set()).update(link.url for link in links)
        articles, candidates = self.article_candidates(html, links, url, section)
        for article in articles:
            request = self.article_request(article, index)
            if request:
                yield request
        for candidate in candidates:
            request = self.article_request(candidate, index, candidate=True)
            if request:
                yield request
        for next_url in self.next_pages(html, links, url, section):
            request = self.listing_request(next_url, index)
            if request:
                yield request

    def article_candidates(
        self, html: str, links: list[Link], url: str, section: Section
    ) -> tuple[list[str], list[str]]:
        """(articles, candidates): the profile's item selectors when they match (no
        candidates then), else generic detection, else the CMS family's selectors; plus
        the section's item links the page itself must judge."""
        own = section.profile.items if section.profile else ()
        chosen = _select_links(html, url, own, section.host)
        if chosen:
            return chosen, []
        found = article_links(links, url, _patterns(section), section.prefix)
        family = section.family or GENERIC
        found = found or _select_links(html, url, family.items, section.host)
        maybe = candidate_links(links, url, section.prefix)
        return found, [link for link in maybe if link not in found]

    def next_pages(self, html: str, links: list[Link], url: str, section: Section) -> list[str]:
        selectors = (section.profile.next_page if section.profile else ()) + (
            section.family or GENERIC
        ).next_page
        found = _select_links(html, url, selectors, section.host)
        path = url.split("?", 1)[0]
        for link in links:
            if is_pagination(link, url) and (
                in_section(link.url, section.host, section.prefix)
                or link.url.split("?", 1)[0] == path
            ):
                found.append(link.url)
        return list(dict.fromkeys(found))

    # -- Wayback --------------------------------------------------------------------

    def cdx_listing(self, query: int, url: str, carry: list[wayback.Capture]):
        """The listing from `url` on: pages a previous run stored are read from raw.db, the
        first one missing is requested (its answer continues the listing)."""
        while (stored := self.archive.get(url)) and stored.kind == "cdx":
            try:
                url, carry, requests = self.follow_cdx(query, stored.body.decode(), carry)
            except CdxError:
                break  # a damaged stored page: ask the archive again
            yield from requests
            if url is None:
                return
        yield scrapy.Request(
            url,
            callback=self.parse_cdx,
            errback=self.on_error,
            dont_filter=True,
            meta={
                "url": url,
                "query": query,
                "site": self.wayback_queries[query].site,
                "carry": carry,
            },
        )

    def parse_cdx(self, response: Response):
        url, query, site = response.meta["url"], response.meta["query"], response.meta["site"]
        try:
            next_url, carry, requests = self.follow_cdx(
                query, response.text, response.meta["carry"]
            )
        except CdxError as problem:
            yield RawPage(
                url,
                site=site,
                status=response.status,
                kind="failed",
                error=str(problem),
                source="wayback",
            )
            return
        yield RawPage(
            url,
            response.body,
            site=site,
            status=response.status,
            content_type="application/json",
            source="wayback",
            kind="cdx",
        )
        yield from requests
        if next_url:
            yield from self.cdx_listing(query, next_url, carry)

    def follow_cdx(self, query: int, text: str, carry: list[wayback.Capture]):
        """(next page's URL or None, captures carried over, capture requests) of a page."""
        page = parse_cdx_page(text)
        last = page.resume_key is None
        groups, carry = complete_groups(carry, page.captures, last)
        requests = [self.first_capture_request(query, group) for group in groups]
        requests = [r for r in requests if r is not None]
        next_url = None if last else self.wayback_queries[query].cdx_url(page.resume_key)
        return next_url, carry, requests

    def first_capture_request(self, query: int, group: list[wayback.Capture]):
        url = choice.page_url(group)
        if not choice.is_article_page(url):
            return None
        if url in self.requested or url in self.done:
            self.summary.count(host_of(url), "known")
            return None
        self.requested.add(url)
        self.summary.count(host_of(url), "planned")  # for the rate and ETA shown
        tries, skipped = choice.captures_to_try(group)
        return self.capture_request(query, url, tries, skipped)

    def capture_request(
        self, query: int, url: str, tries: list[wayback.Capture], skipped: list[str]
    ):
        """The newest capture left to try, or the page recorded as having none."""
        archive = self.wayback_queries[query]
        if not tries:
            return _no_article_capture(url, archive.site, skipped)
        capture, *rest = tries
        return scrapy.Request(
            wayback.raw_capture_url(archive.base, capture),
            callback=self.parse_capture,
            errback=self.on_error,
            meta={
                "url": url,
                "query": query,
                "capture": capture,
                "tries": rest,
                "skipped": skipped,
                "site": archive.site,
                "dont_redirect": True,
                # the capture decides: a redirect or a capture the archive lost (404)
                # means trying an older one
                "handle_httpstatus_list": [301, 302, 303, 307, 308, 403, 404, 410],
            },
            dont_filter=True,
        )

    def parse_capture(self, response: Response):
        meta = response.meta
        capture: wayback.Capture = meta["capture"]
        page = page_from_response(response, meta["url"], "article", meta["site"])
        reason = choice.not_the_article(page, capture.original)
        if reason:
            skipped = [*meta["skipped"], f"{capture.timestamp}: {reason}"]
            yield self.capture_request(meta["query"], meta["url"], meta["tries"], skipped)
            return
        yield _as_capture(page, capture, response.url, meta["skipped"])

    # -- helpers --------------------------------------------------------------------

    def _site_of(self, meta: dict) -> str:
        if "section" in meta:
            return self.sections[meta["section"]].site
        return meta.get("site", "")

    def closed(self, reason: str) -> None:
        self.count_skipped()
        self.archive.close()

    def count_skipped(self) -> None:
        """Links seen on listings and never requested (menus, other sections, off-site)."""
        for host, links in self.seen.items():
            left = sorted(links - self.requested)
            self.summary.count(host, "skipped", len(left))
            if left:
                self.logger.info("%s: %d links not followed, e.g. %s", host, len(left), left[:5])


def _section(url: str, profile: Profile | None) -> Section:
    url = canonical_url(url)
    host = host_of(url)
    return Section(url, host, section_prefix(url), profile or profile_for_host(host))


def _not_listing(page: RawPage) -> bool:
    return not reads_as_listing(page)


def _as_capture(
    page: RawPage, capture: wayback.Capture, capture_url: str, skipped: list[str]
) -> RawPage:
    """The page under its original URL, marked as a Wayback capture, with the captures
    passed over for it (newer ones that were not the article)."""
    page.source = "wayback"
    page.captured_at = capture.captured_at
    page.headers["x-wayback-url"] = capture_url
    if skipped:
        page.headers["x-wayback-skipped"] = "; ".join(skipped)
    return page


def _no_article_capture(url: str, site: str, skipped: list[str]) -> RawPage:
    """A page none of whose captures is the article: stored as failed (404, so a rerun
    does not try again) with the reason for each capture."""
    return RawPage(
        url,
        site=site,
        status=404,
        kind="failed",
        source="wayback",
        error="wayback: no capture is the article",
        headers={"x-wayback-skipped": "; ".join(skipped)},
    )


def _patterns(section: Section) -> list[re.Pattern]:
    patterns = list(section.profile.article_urls) if section.profile else []
    if section.family:
        patterns += section.family.article_urls
    return patterns


def _select_links(html: str, page_url: str, selectors, host: str) -> list[str]:
    """Same-host hrefs of the elements (or of the <a> inside them) matched by selectors."""
    if not selectors:
        return []
    doc = Selector(text=html)
    found = []
    for css in selectors:
        for element in doc.css(css):
            hrefs = element.xpath("@href").getall() or element.css("a::attr(href)").getall()
            for href in hrefs:
                url = canonical_url(urljoin(page_url, href.strip()))
                if host_of(url) == host:
                    found.append(url)
    return list(dict.fromkeys(found))
