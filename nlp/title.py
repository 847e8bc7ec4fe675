"""The article's title, from signals every portal gives rather than one CMS's markup.

Each heading-like element (h1–h6, an element classed "title", a bold line alone in its
block, the CMS profile's title element) is scored on what agrees with it: the page's
<title> or og:title, the URL's slug, the breadcrumb's last item, and its place right
before (or at the top of) the article's densest text block. Site banners, "Home", link-box
headings ("Liên kết website", "Tin nổi bật"), menus, links to other articles and archive
notices lose. On a portal nobody tuned for, that is what still holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from nlp import html as H
from nlp.header import TITLE_SPLIT, head_title
from nlp.html import Element
from nlp.layout import PageOrder, in_chrome, in_related
from nlp.normalize import fold, normalize
from nlp.selectors import GENERIC, TITLE_CLASS, Profile, select

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
CANDIDATE_TAGS = (*HEADINGS, "div", "p", "span", "td", "strong", "b", "a", "font", "header")
BOLD_TAGS = ("strong", "b")
# Headings that are never an article's title (folded): home links, link boxes, widgets,
# archive and CMS notices.
NOT_TITLES = re.compile(
    r"^(?:home|trang chu|lien ket.*|tin noi bat|tin moi.*|tin da dua|tin khac|tin lien quan"
    r"|cac tin khac|bai viet khac|van ban moi.*|van ban.*|thong bao|thong ke.*|tim kiem"
    r"|lien he|gioi thieu|dang nhap|hoi dap|video.*|thu vien.*|hinh anh.*|lich cong tac.*"
    r"|this page location is.*|internet archive|wayback machine|navigate up|sign in"
    r"|chuyen muc.*|danh muc.*|menu|ban do.*|quang cao|doi tac|tien ich.*|tin tuc.*"
    r"|tin tuc su kien|su kien|tin trong tinh|tin trong nuoc|thong tin.*can biet)$"
)
# A portal's banner ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN …", "Website Sở …"), folded.
SITE_BANNER = re.compile(
    r"^(?:cong|trang) (?:thong tin|ttdt|giao tiep)|^website |^portal |^trang chu -|^cong ttdt"
)
BOX_HEADING_WORDS = 6
EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)\s*$")  # "( )": a date the portal left empty
SLUG_SPLIT = re.compile(r"[-_+.\s]+")
MIN_SLUG_WORDS = 3
MAX_TITLE = 300
LONG_TITLE = 160  # longer headings are mostly leads or sentences of the body


@dataclass
class Signals:
    """What the page says about its own title, computed once per page."""

    head_parts: list[str]  # folded parts of og:title / <title>
    slug: list[str]  # folded words of the URL's last path segment
    crumb: str  # folded last breadcrumb item
    order: PageOrder


def find_title(
    root: Element, profile: Profile, order: PageOrder, marks: frozenset[str], url: str = ""
) -> tuple[Element | None, str]:
    """The title element (it anchors the header's date line) and the title."""
    signals = page_signals(root, order, marks, url)
    # A CMS profile's title element is evidence; the generic profile's "h1" is not.
    profile_titles = set(select(root, profile.title, marks)) if profile is not GENERIC else set()
    best, best_score, best_text = None, 0.0, ""
    for element in candidates(root, profile_titles, signals):
        text = title_text(element)
        if not 8 <= len(text) <= MAX_TITLE or len(text.split()) < 2:
            continue
        score = title_score(element, text, signals, element in profile_titles)
        if score > best_score:
            best, best_score, best_text = element, score, text
    if best is not None:
        return anchor_of(best, best_text), best_text
    parts = TITLE_SPLIT.split(head_title(root))
    return None, max(parts, key=len) if parts else ""


def candidates(root: Element, profile_titles: set[Element], signals: Signals):
    """Headings, title-classed elements, the profile's title elements, and bold lines
    alone in their block before the article's text (inside it they are leads)."""
    start = signals.order.container_span[0]
    for element in root.iter(*CANDIDATE_TAGS):
        if element.tag in HEADINGS or element in profile_titles:
            yield element
        elif TITLE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"):
            yield element
        elif element.tag in BOLD_TAGS and signals.order.index.get(element, start) < start:
            if is_alone_in_block(element):
                yield element


def is_alone_in_block(element: Element) -> bool:
    """A bold line that is its block's whole text ("<p><strong>Title</strong></p>")."""
    owner = H.block_owner(element.getparent())
    return owner is not None and normalize(owner.text_content()) == normalize(
        element.text_content()
    )


def title_text(element: Element) -> str:
    """The element's text; for a title box that also holds more (a saved page left it
    unclosed around the article), its first line."""
    text = H.text_of(element)
    if len(text) > MAX_TITLE:
        lines = H.blocks(element)
        text = lines[0] if lines else ""
    return EMPTY_BRACKETS.sub("", text.replace("\u200b", "")).strip()


def anchor_of(element: Element, text: str) -> Element:
    """The innermost element showing just the title, when the chosen one holds more (a
    title box a saved page left unclosed around the article): the date line and the lead
    are read after it."""
    wanted = fold(text)
    for inner in element.iter():
        if inner is not element and fold(title_text(inner)) == wanted and len(inner) == 0:
            return inner
    return element


def page_signals(root: Element, order: PageOrder, marks: frozenset[str], url: str) -> Signals:
    head = [fold(head_title(root)), fold(normalize(" ".join(root.xpath("//title//text()"))))]
    parts = {p for h in head if h for p in [h, *TITLE_SPLIT.split(h)] if len(p) >= 8}
    return Signals(sorted(parts), slug_words(url), last_crumb(root, marks), order)


def slug_words(url: str) -> list[str]:
    """Folded words of the URL's last path segment ("…/tao-nguon-phat-trien-dang-vien.html")."""
    path = unquote(urlsplit(url).path).rstrip("/")
    segment = re.sub(r"\.(?:html?|aspx?|php|jsp)$", "", path.rsplit("/", 1)[-1], flags=re.I)
    words = [w for w in SLUG_SPLIT.split(fold(segment)) if w and not w.isdigit()]
    return words if len(words) >= MIN_SLUG_WORDS else []


def last_crumb(root: Element, marks: frozenset[str]) -> str:
    found = select(root, GENERIC.breadcrumb, marks)
    texts = [t for t in (normalize(x) for x in found[0].itertext()) if t] if found else []
    return fold(texts[-1]) if texts else ""


def title_score(element: Element, text: str, signals: Signals, from_profile: bool) -> float:
    folded = fold(text)
    if is_box_heading(folded) or SITE_BANNER.match(folded):
        return 0.0
    score = 2.0 if from_profile else 0.0
    score += 3.0 * agreement(folded, signals)
    score += form_score(element)
    score += place_score(element, signals)
    score += min(len(text.split()), 12) / 12
    if len(text) > LONG_TITLE:
        score -= 1.0
    if text.isupper():
        score -= 0.5  # box headings are in capitals; titles seldom
    if element.tag == "a" or element.getparent() is not None and element.getparent().tag == "a":
        score -= 2.0  # a link: another article's title in a list
    if in_chrome(element) or in_related(element):
        score -= 3.0
    return max(score, 0.0)


def is_box_heading(folded: str) -> bool:
    """A box's or widget's heading ("Văn bản mới", "Tin tức - Sự kiện"): short, so that an
    article titled "Văn bản chỉ đạo công tác phòng, chống tham nhũng năm 2023" is not one."""
    return len(folded.split()) <= BOX_HEADING_WORDS and bool(NOT_TITLES.match(folded.strip(" :.")))


def agreement(folded: str, signals: Signals) -> float:
    """How far the page's <title>, URL slug and breadcrumb agree with the text (0–3)."""
    found = 0.0
    if any(folded == part or (len(folded) >= 15 and folded in part) for part in signals.head_parts):
        found += 1.0
    if signals.slug:  # words shared with the slug, among all words of either
        words, slug = set(re.findall(r"\w+", folded)), set(signals.slug)
        shared = len(words & slug) / len(words | slug)
        found += shared if shared >= 0.4 else 0.0
    crumb = signals.crumb.rstrip(". …")
    if len(crumb) >= 15 and (folded.startswith(crumb) or crumb == folded):
        found += 1.0
    return found


def form_score(element: Element) -> float:
    if element.tag in ("h1", "h2"):
        return 1.0
    if element.tag in HEADINGS:
        return 0.6
    if TITLE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"):
        return 0.8
    return 0.3  # a bold line alone


def place_score(element: Element, signals: Signals) -> float:
    """Right before the article's text, or at its very top, is where a title stands."""
    index = signals.order.index.get(element)
    start, end = signals.order.container_span
    if index is None:
        return 0.0
    if index < start:
        distance = start - index
        return 2.0 if distance <= 25 else 1.5 if distance <= 60 else 0.5 if distance <= 150 else 0.0
    if index <= end:
        return 1.2 if index - start <= 8 else -1.0
    return -0.5
