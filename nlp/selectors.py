"""Where each CMS family keeps the parts of an article, plus a generic fallback.

A profile lists CSS selectors, most specific first. Profiles are tried in order; the first
whose body selector matches wins. The generic profile finds the title through the page's
<title>/og:title and the body by paragraph text density."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lxml.cssselect import CSSSelector


@dataclass(frozen=True)
class Profile:
    name: str
    body: tuple[str, ...]
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    sapo: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()


# Inside any body: CMS account lines, share bars, related links, print/mail tools.
BODY_NOISE = (
    ".view-content-author",
    ".taglib-social-bookmarks",
    ".related_asset",
    ".asset-control-detail",
    ".social",
    ".share",
    ".sharing",
    ".addthis_toolbox",
    ".fb-like",
    ".related",
    ".tin-lien-quan",
    ".other-news",
    ".news-other",
    ".print",
    ".tools",
    ".article-tools",
    ".tags",
    ".tag",
    ".rating",
    ".comment",
    ".comments",
    "#comment",
    ".pagination",
    "nav",
    "script",
    "style",
    "noscript",
    "form[role=search]",
    "button",
    "select",
    "input",
    "iframe",
    "object",
    "embed",
    ".banner",
    ".ads",
    ".advertisement",
    ".breadcrumb",
    ".breadcrumbs",
    ".visitor",
    ".counter",
)

# Class/id words (and tags) of page chrome: an element inside one is never the article.
CHROME_WORDS = {
    "footer", "header", "nav", "menu", "sidebar", "copyright", "banner", "aside", "navbar",
    "left-col", "right-col", "site-footer", "thong-ke", "visitor", "counter", "bottom",
}  # fmt: skip
# Parts of class/id names of related-news lists, sidebars and footers: their dates are
# other articles'.
RELATED_WORDS = (
    "related", "lien-quan", "lienquan", "other", "khac", "cung-chuyen-muc", "latest",
    "tin-moi", "sidebar", "footer", "box-",
)  # fmt: skip
TITLE_CLASS = re.compile(r"title|tieu-?de|tieu_de|headline", re.I)
META_DATE_KEYS = (  # property / name / itemprop of <meta> tags holding the publication date
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "dc.date", "dc.date.issued", "date", "publish_date", "published_time", "created",
)  # fmt: skip
SITE_NAME_ELEMENTS = (
    ".site-name", "#site-name", ".site-title", ".logo-text", ".logo", "#logo", ".banner",
)  # fmt: skip
# Text nodes that may be an author field's label ("Tác giả", "Người viết", "Bút danh",
# "Phóng viên"), found with one XPath instead of a walk over every text node.
AUTHOR_LABEL_TEXTS = (
    "//text()[contains(., 'giả') or contains(., 'viết') or contains(., 'danh')"
    " or contains(., 'thực hiện') or contains(., 'hóng viên')]"
)

PROFILES = (
    Profile(
        "liferay",
        body=(".journal-content-article",),
        title=(".asset-full-content-title", ".header-title", ".asset-title"),
        date=(".assetPublishDate", ".block_timer", ".asset-publish-date", ".publish-date"),
        sapo=(".sapo", ".asset-summary"),
        author=(".asset-author",),
        breadcrumb=(".breadcrumb", ".dd_chuyenmuc"),
    ),
    Profile(
        "district",  # Gia Lai district portals (the seed's style)
        body=(".news-content", ".news-body", ".noi-dung-tin"),
        title=(".news-title", "h1.title-news", ".title-news"),
        date=(".news-date", ".ngay-dang", ".date-post"),
        sapo=(".news-sapo", ".news-lead"),
        author=(".news-author",),
        breadcrumb=(".breadcrumb",),
    ),
    Profile(
        "gialai",
        body=(".article-content", ".post-content", ".content-detail", ".detail-content"),
        title=("h1.title-detail", ".title-detail", "h1.post-title", ".post-title"),
        date=(".post-date", ".date-detail", ".article-date"),
        sapo=(".article-brief", ".post-brief", ".sapo"),
        author=(".article-author", ".post-author", ".author"),
        breadcrumb=(".breadcrumb", ".breadcrumbs"),
    ),
    Profile(
        "nukeviet",
        body=("#news-bodyhtml", ".bodytext"),
        title=(".news_column h1", "h1.title", "h1"),
        date=(".news_column .h5 li", ".news_column span.h5", ".time", ".news_column .text-muted"),
        sapo=(".hometext",),
        author=(".author", ".news_column .text-right"),
        breadcrumb=(".breadcrumbs", ".breadcrumb"),
    ),
    Profile(
        "sharepoint",
        body=(
            ".ms-rtestate-field",
            ".news-content",
            ".ContentDetail",
            ".contentdetail",
            ".NewsContent",
            ".noidung",
            ".news-body",
        ),
        title=(".news-title", ".TitleDetail", ".titledetail", ".NewsTitle", ".title-news"),
        date=(".news-date", ".DateDetail", ".datedetail", ".NewsDate", ".date-news", ".date"),
        sapo=(".news-summary", ".Summary", ".summary", ".news-sapo", ".NewsSummary"),
        author=(".news-author", ".Author", ".author"),
        breadcrumb=(".breadcrumb", ".ms-sitemapdirectional"),
    ),
    Profile(
        "aspnet",
        body=(
            ".ArticleContent",
            ".article-body",
            ".articleContent",
            ".content-news",
            ".chitiet",
            ".news-detail-content",
            "#ctl00_ContentPlaceHolder1_lblContent",
            ".detail-body",
        ),
        title=(
            ".ArticleHeader",
            ".ArticleTitle",
            ".article-title",
            ".news-detail-title",
            ".detail-title",
        ),
        date=(".ArticleDate", ".article-date", ".news-detail-date", ".detail-date"),
        sapo=(
            ".ArticleSummary",
            ".ArticleLead",
            ".article-summary",
            ".news-detail-sapo",
            ".detail-sapo",
        ),
        author=(".ArticleAuthor", ".article-author"),
        breadcrumb=(".breadcrumb", ".SiteMapPath"),
    ),
)
GENERIC = Profile(
    "generic",
    body=(),
    title=("h1", "h2.title", ".title", "h2"),
    date=(
        ".date",
        ".time",
        ".ngay-dang",
        ".NgayDang",
        ".ngaydang",
        ".publish",
        ".post-time",
        ".datetime",
        "time",
    ),
    sapo=(
        ".sapo",
        ".summary",
        ".news-summary",
        ".lead",
        ".brief",
        ".article-brief",
        ".hometext",
        ".TomTat",
        ".tomtat",
        ".mota",
    ),
    author=(
        ".author",
        ".byline",
        ".tac-gia",
        ".tacgia",
        ".TacGia",
        ".author-name",
        ".nguoi-viet",
        "[itemprop=author]",
    ),
    breadcrumb=(".breadcrumb", ".breadcrumbs", ".duong-dan"),
)


@cache
def compiled(css: str) -> CSSSelector:
    return CSSSelector(css)


@cache
def needed_marks(css: str) -> frozenset[str]:
    """The classes, ids and tags a selector names (all of them must be on the page)."""
    classes_ids = set(re.findall(r"[.#][\w-]+", css))
    tags = {f"<{tag}" for tag in re.findall(r"(?:^|[\s>+~,])([a-zA-Z][\w-]*)", css)}
    return frozenset(classes_ids | tags) if "," not in css else frozenset()


def page_marks(root) -> frozenset[str]:
    """Every tag, .class and #id in the tree, from one walk: selectors that name one the page
    lacks are skipped without running (most profile selectors miss on any given page)."""
    marks: set[str] = set()
    for element in root.iter():
        if isinstance(element.tag, str):
            marks.add(f"<{element.tag}")
            marks.update("." + name for name in (element.get("class") or "").split())
            if element.get("id"):
                marks.add("#" + element.get("id"))
    return frozenset(marks)


def select(root, selectors: tuple[str, ...], marks: frozenset[str] | None = None) -> list:
    """Elements matching the first selector that matches anything. `marks` (from
    `page_marks`) lets selectors that cannot match be skipped."""
    for css in selectors:
        if marks is not None and not needed_marks(css) <= marks:
            continue
        found = compiled(css)(root)
        if found:
            return found
    return []


def select_all(root, selectors: tuple[str, ...], marks: frozenset[str] | None = None) -> list:
    found = []
    for css in selectors:
        if marks is None or needed_marks(css) <= marks:
            found.extend(compiled(css)(root))
    return found
