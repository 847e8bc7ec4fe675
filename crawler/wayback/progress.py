"""What is left of Wayback crawls, read from raw.db alone: the stored CDX pages say which
pages each listing names and whether the listing is complete; the stored pages say which
of them are done. `kinhnghiem stats` prints it with the time left at the budget."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import parse_qs, urlsplit

from crawler.archive import RawArchive
from crawler.wayback import choice
from crawler.wayback.budget import ArchiveRates
from crawler.wayback.cdx import CdxError, parse_cdx_page


@dataclass(frozen=True)
class ListingProgress:
    target: str  # the host or URL prefix crawled
    cdx_pages: int
    complete: bool  # the last page of the listing is stored
    listed: int  # pages the stored listing names that may be articles
    done: int  # of those, stored (an article, or a page without an article capture)

    @property
    def left(self) -> int:
        return self.listed - self.done

    def minutes_left(self, rates: ArchiveRates) -> float:
        """At one playback per page, the playback budget (more when captures are skipped)."""
        return self.left / rates.playback


def listing_progress(archive: RawArchive) -> list[ListingProgress]:
    pages_by_target: dict[str, list] = defaultdict(list)
    for page in archive.pages(kind="cdx"):
        target = parse_qs(urlsplit(page.url).query).get("url", ["?"])[0]
        pages_by_target[target].append(page)
    done = archive.done_urls()
    found = []
    for target, pages in sorted(pages_by_target.items()):
        captures, complete = [], False
        for page in pages:
            try:
                parsed = parse_cdx_page(page.body.decode("utf-8", "replace"))
            except CdxError:
                continue
            captures += parsed.captures
            complete = complete or parsed.resume_key is None
        captures.sort(key=lambda c: c.urlkey)
        urls = {choice.page_url(list(g)) for _, g in groupby(captures, key=lambda c: c.urlkey)}
        urls = {url for url in urls if choice.is_article_page(url)}
        found.append(ListingProgress(target, len(pages), complete, len(urls), len(urls & done)))
    return found
