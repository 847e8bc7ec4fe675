"""CMS families recognised from a page's markup.

A family says what generic detection cannot guess for that CMS: CSS selectors for the
listing's items and its next-page link, and article URL patterns. Detection reads only
the markup, so it works on live pages, Wayback captures and WARC records alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Family:
    name: str
    markers: tuple[str, ...]  # substrings of the HTML that identify the family
    items: tuple[str, ...] = ()  # CSS selectors of article links on listings
    next_page: tuple[str, ...] = ()  # CSS selectors of the next-page link
    article_urls: tuple[re.Pattern, ...] = field(default_factory=tuple)


FAMILIES = (
    Family(
        "liferay",
        ("Liferay.", "/html/portlet/", "p_p_id=", "lfr-pagination", "/-/view_content/"),
        items=(".asset-title a", ".asset-abstract a", "a[href*='/-/view_content/']"),
        next_page=(".lfr-pagination-buttons a", ".taglib-page-iterator a"),
        article_urls=(re.compile(r"/-/view_content/\d+"),),
    ),
    Family(
        "sharepoint",
        ("_layouts/", "MSOWebPartPage", "View_Detail.aspx", "__REQUESTDIGEST"),
        items=("a[href*='View_Detail.aspx']",),
        next_page=(".ms-paging a", ".paging a"),
        article_urls=(re.compile(r"View_?Detail\.aspx\?(.*&)?ItemID=\d+", re.I),),
    ),
    Family(
        "nukeviet",
        ("nukeviet", "nv_base_siteurl", "/themes/default/", "nv=news"),
        items=(".news_column h3 a", ".list-news h3 a", "h3 a"),
        next_page=(".pagination a",),
        article_urls=(re.compile(r"/news/[^/]+/[^/]+-\d+\.html$"),),
    ),
    Family(
        "aspnet-portal",
        ("__VIEWSTATE", "/portal/pages/", "/Portal/Pages/"),
        items=("a[href*='/pages/']",),
        article_urls=(re.compile(r"/portal/pages/\d{4}-\d{1,2}-\d{1,2}/", re.I),),
    ),
    Family(
        "gialai",
        ("wrapper-pagination", "article-title", "title-detail", "Ngày đăng bài"),
        items=("a.article-title",),
        next_page=(".wrapper-pagination a.next-pages",),
    ),
)

GENERIC = Family("generic", ())


def detect_family(html: str | bytes) -> Family:
    """The family with most markers in the page (at least two, case-insensitive),
    else GENERIC."""
    text = (html.decode("utf-8", "replace") if isinstance(html, bytes) else html).lower()
    best, best_hits = GENERIC, 1
    for family in FAMILIES:
        hits = sum(marker.lower() in text for marker in family.markers)
        if hits > best_hits:
            best, best_hits = family, hits
    return best


def family_named(name: str) -> Family:
    for family in FAMILIES:
        if family.name == name:
            return family
    return GENERIC
