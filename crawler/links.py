"""Links on portal pages: canonical URLs, article vs listing, pagination, section scope.

Pure functions over HTML text and URLs (no Scrapy), so the spider, the Wayback client and
the WARC importer share them. Detection is generic; a site profile (crawler/profiles.py)
or a CMS family (crawler/families.py) only adds patterns and selectors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from w3lib.url import canonicalize_url

# Query parameters that never change the page: tracking, sessions, Liferay back-links.
_DROP_PARAM = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|ref|ref_src"
    r"|jsessionid|phpsessid|sid|sessionid|session_id|asp\.net_sessionid|cfid|cftoken"
    r"|\w*redirect|p_p_auth|_\d+_backurl|backurl)$",
    re.IGNORECASE,
)
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*|/\(S\([a-z0-9]+\)\)", re.IGNORECASE)

_PAGE_PARAM = re.compile(
    r"^(_\w+_cur|cur|page|trang|pg|pageindex|pagenumber|page_no|pagenum|start|offset)$",
    re.IGNORECASE,
)
_PAGE_PATH = re.compile(r"/(trang|page|p)[-/_]?\d+(\.html?)?/?$", re.IGNORECASE)
_NEXT_TEXTS = {
    "trang sau",
    "sau",
    "tiếp",
    "tiếp theo",
    "trang tiếp",
    "»",
    "›",
    ">",
    ">>",
    "next",
    "tiếp »",
    "sau »",
    "trang sau »",
}
_PAGER_CLASS = re.compile(
    r"pagination|paging|pager|page-?iterator|phan-?trang|phantrang|page-?nav|next-pages",
    re.IGNORECASE,
)
_CHROME_CLASS = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|menu|mainmenu|megamenu|header|footer|breadcrumbs?"
    r"|banner|topbar|top-bar|sitemap|so-do)($|[\s_-])",
    re.IGNORECASE,
)
_CHROME_TAGS = {"nav", "header", "footer"}
# Side blocks beside the main content: "Tin mới" boxes, web links, widgets, share bars.
# Substrings, so "topmenu" or "footer-links" count; used only to pick candidate links.
_SIDE_CLASS = re.compile(
    r"sidebar|side-bar|aside|menu|navbar|footer|breadcrumb|widget|weblink|lien-?ket"
    r"|quang-?cao|social|share|sitemap",
    re.IGNORECASE,
)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A query naming one record: view.php?id=12, tin.aspx?ma=7.
_ID_QUERY = re.compile(r"(^|&)(\w*id|ma|code)=\d+", re.IGNORECASE)

# URL shapes of article pages across the CMS families seen on Vietnamese portals.
ARTICLE_URL_PATTERNS = [
    r"/-/view_content/\d+",  # Liferay asset publisher
    r"/-/asset_publisher/[^/]+/content/",  # Liferay 6 asset publisher
    r"/View_?Detail\.aspx\?(.*&)?ItemID=\d+",  # SharePoint lists
    r"[?&]nv=news&op=[^&]*-\d+",  # NukeViet without rewriting
    r"/news/[^/]+/[^/]+-\d+\.html$",  # NukeViet rewritten
    r"/portal/pages/\d{4}-\d{1,2}-\d{1,2}/",  # ASP.NET portal
    r"[?&](newsid|news_id|articleid|article_id|itemid|tinid|postid)=\d+",
]
_ARTICLE_URL = re.compile("|".join(ARTICLE_URL_PATTERNS), re.IGNORECASE)
_EXTENSION = re.compile(r"\.(html?|aspx?|php|shtml|jsp)$", re.IGNORECASE)
_SKIP_EXTENSION = re.compile(
    r"\.(jpe?g|png|gif|svg|webp|ico|css|js|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|wmv"
    r"|xml|rss|json|txt)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Link:
    url: str  # absolute, canonical
    text: str
    in_pager: bool  # inside a pagination block
    in_chrome: bool  # inside navigation, header, footer, menus or breadcrumbs
    in_side: bool = False  # inside a sidebar, widget or link box (or chrome)
    in_item: bool = False  # inside one item of a repeated list (li, row, similar blocks)


def canonical_url(url: str) -> str:
    """One URL per page: no fragment, no session ids or tracking parameters, sorted query."""
    parts = urlsplit(url.strip())
    path = _PATH_SESSION.sub("", parts.path) or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _DROP_PARAM.match(k)
    ]
    netloc = parts.netloc.lower()
    if parts.scheme == "http" and netloc.endswith(":80"):
        netloc = netloc[:-3]
    if parts.scheme == "https" and netloc.endswith(":443"):
        netloc = netloc[:-4]
    rebuilt = urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
    return canonicalize_url(rebuilt)


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def section_prefix(start_url: str) -> str:
    """The path a section's pages live under: `/tin-tuc/dang/` and `/pctn.html` give
    `/tin-tuc/dang` and `/pctn`; pagination and articles usually extend it."""
    path = _PAGE_PATH.sub("", urlsplit(start_url).path)
    return _EXTENSION.sub("", path).rstrip("/")


def in_section(url: str, host: str, prefix: str) -> bool:
    return host_of(url) == host and urlsplit(url).path.startswith(prefix)


def page_links(html: str | bytes, page_url: str) -> list[Link]:
    """Every followable <a href> of the page with its context, in document order."""
    root = parse_html(html)
    if root is None:
        return []
    links = []
    for anchor in root.iterfind(".//a[@href]"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(page_url, href)
        if not url.startswith(("http://", "https://")) or _SKIP_EXTENSION.search(
            urlsplit(url).path
        ):
            continue
        pager, chrome, side = _context(anchor)
        text = " ".join(anchor.text_content().split())
        item = _item_of(anchor) is not None
        links.append(Link(canonical_url(url), text, pager, chrome, side, item))
    return links


def parse_html(html: str | bytes):
    try:
        return lxml.html.fromstring(html) if html and html.strip() else None
    except (lxml.etree.ParserError, ValueError):
        return None


def _context(element) -> tuple[bool, bool, bool]:
    """(in a pager, in page chrome, in chrome or a side block) for an element."""
    pager = chrome = side = False
    for ancestor in element.iterancestors():
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        pager = pager or bool(_PAGER_CLASS.search(marks))
        chrome = chrome or ancestor.tag in _CHROME_TAGS or bool(_CHROME_CLASS.search(marks))
        side = side or ancestor.tag == "aside" or bool(_SIDE_CLASS.search(marks))
    return pager, chrome, side or chrome


def _item_of(anchor):
    """The list item holding a link: an <li>, a table row, a heading (an item's title) or
    one of several similar sibling blocks that each hold a link; the outermost of these
    within a few levels, so a title's summary belongs to its item. None for a lone link."""
    item, element = None, anchor
    for _ in range(5):
        parent = element.getparent()
        if parent is None or parent.tag == "p":
            break
        if element.tag in ("li", "tr", "article") or _repeated(element, parent, item):
            item = element
        elif item is None and element.tag in _HEADINGS:
            item = element
        element = parent
    return item


def _repeated(element, parent, inner=None) -> bool:
    """Two or more siblings alike (tag and class) that each hold a link; above an item
    already found (`inner`), only classed blocks repeated three times count."""
    cls = element.get("class")
    if inner is not None and not cls:
        return False
    similar = [child for child in parent if child.tag == element.tag and child.get("class") == cls]
    with_links = [c for c in similar if c.tag == "a" or c.find(".//a[@href]") is not None]
    return len(with_links) >= (2 if inner is None else 3)


def is_pagination(link: Link, page_url: str) -> bool:
    """A link to another page of the same listing."""
    if host_of(link.url) != host_of(page_url) or link.url == canonical_url(page_url):
        return False
    parts = urlsplit(link.url)
    if any(_PAGE_PARAM.match(k) and v.isdigit() for k, v in parse_qsl(parts.query)):
        return True
    if _PAGE_PATH.search(parts.path):
        return True
    text = link.text.lower()
    return text in _NEXT_TEXTS or (link.in_pager and text.isdigit())


def looks_like_article_url(url: str, extra: Iterable[re.Pattern] = ()) -> bool:
    """Article by URL shape alone: a known CMS pattern or a long slug / numeric id."""
    if _ARTICLE_URL.search(url) or any(p.search(url) for p in extra):
        return True
    path = urlsplit(url).path
    if _PAGE_PATH.search(path) or _SKIP_EXTENSION.search(path):
        return False
    last = _EXTENSION.sub("", path.rstrip("/").rsplit("/", 1)[-1])
    words = [w for w in re.split(r"[-_]+", last) if w]
    return len(words) >= 5 or bool(re.search(r"[-_]\d{3,}$|^\d{3,}[-_]", last))


def article_links(
    links: Iterable[Link],
    page_url: str,
    extra: Iterable[re.Pattern] = (),
    prefix: str | None = None,
) -> list[str]:
    """Article candidates of a listing page: same host, outside navigation, article-shaped.

    When some candidates live under the section's path (`prefix`, by default the
    listing's own), the others (sidebars of other sections) are dropped.
    """
    host = host_of(page_url)
    found = [
        link.url
        for link in links
        if not link.in_chrome
        and not link.in_pager
        and host_of(link.url) == host
        and looks_like_article_url(link.url, extra)
        and not is_pagination(link, page_url)
    ]
    found = list(dict.fromkeys(found))
    prefix = section_prefix(page_url) if prefix is None else prefix
    inside = [url for url in found if prefix and urlsplit(url).path.startswith(prefix + "/")]
    return inside or found


def candidate_links(links: Iterable[Link], page_url: str, prefix: str) -> list[str]:
    """Links of a listing's item list that stay inside its section but whose URL alone does
    not look like an article (`bai-1.html`, `tin-moi.aspx`, `view.php?id=12`): fetched as
    candidates and judged by the page itself. Menus, footers and side blocks are left out."""
    own = canonical_url(page_url)
    found = [
        link.url
        for link in links
        if link.in_item
        and not (link.in_side or link.in_pager)
        and link.url != own
        and _inside(link.url, own, prefix)
        and not is_pagination(link, page_url)
        and not looks_like_article_url(link.url)
    ]
    return list(dict.fromkeys(found))


def _inside(url: str, listing: str, prefix: str) -> bool:
    """Under the section's folder, or the listing's own script with a record id."""
    if host_of(url) != host_of(listing):
        return False
    parts = urlsplit(url)
    if prefix and parts.path.startswith(prefix + "/"):
        return True
    return parts.path == urlsplit(listing).path and bool(_ID_QUERY.search(parts.query))


def looks_like_article(links: list[Link], page_url: str, html: str | bytes) -> bool:
    """Page evidence for a candidate: a title (h1 or <title>) and a body of paragraph text
    (>= 300 characters outside chrome and list items, and more than those items hold),
    and not a listing by `looks_like_listing`."""
    root = parse_html(html)
    if root is None or not _has_title(root):
        return False
    items = _item_elements(root)
    prose = _prose(root, items)
    item_text = sum(len(" ".join(e.text_content().split())) for e in items)
    return prose >= 300 and prose >= item_text and not looks_like_listing(links, page_url, html)


def _has_title(root) -> bool:
    for path in (".//h1", ".//title"):
        element = root.find(path)
        if element is not None and element.text_content().strip():
            return True
    return False


def _item_elements(root) -> list:
    """Outermost list items holding links in the main content (not chrome or side blocks)."""
    found = []
    for anchor in root.iterfind(".//a[@href]"):
        item = _item_of(anchor)
        if item is not None and not _context(anchor)[2] and item not in found:
            found.append(item)
    return [e for e in found if not any(a in found for a in e.iterancestors())]


def looks_like_listing(links: list[Link], page_url: str, html: str | bytes) -> bool:
    """A page reached as an article that is really a listing or navigation page: it
    paginates its article links, or it is a long list of them with hardly any prose.
    (Articles often end with a few "Tin khác" links and some are one-line notices.)"""
    articles = article_links(links, page_url)
    if len(articles) < 5:
        return False
    if any(link.in_pager and is_pagination(link, page_url) for link in links):
        return True
    return len(articles) >= 12 and prose_length(html) < 300


def prose_length(html: str | bytes) -> int:
    """Characters of paragraph text outside links and page chrome."""
    root = parse_html(html)
    return 0 if root is None else _prose(root)


def _prose(root, skip: Iterable = ()) -> int:
    """prose_length of a parsed page, leaving out paragraphs inside the elements `skip`."""
    skip = set(skip)
    total = 0
    for paragraph in root.iterfind(".//p"):
        if _context(paragraph)[1] or any(a in skip for a in paragraph.iterancestors()):
            continue
        linked = sum(len(a.text_content()) for a in paragraph.iterfind(".//a"))
        total += max(0, len(paragraph.text_content().strip()) - linked)
    return total
