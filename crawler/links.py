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
        pager, chrome = _context(anchor)
        text = " ".join(anchor.text_content().split())
        links.append(Link(canonical_url(url), text, pager, chrome))
    return links


def parse_html(html: str | bytes):
    try:
        return lxml.html.fromstring(html) if html and html.strip() else None
    except (lxml.etree.ParserError, ValueError):
        return None


def _context(element) -> tuple[bool, bool]:
    pager = chrome = False
    for ancestor in element.iterancestors():
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        pager = pager or bool(_PAGER_CLASS.search(marks))
        chrome = chrome or ancestor.tag in _CHROME_TAGS or bool(_CHROME_CLASS.search(marks))
    return pager, chrome


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
    if root is None:
        return 0
    total = 0
    for paragraph in root.iterfind(".//p"):
        if _context(paragraph)[1]:
            continue
        linked = sum(len(a.text_content()) for a in paragraph.iterfind(".//a"))
        total += max(0, len(paragraph.text_content().strip()) - linked)
    return total
