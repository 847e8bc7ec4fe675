"""The article's header: its title, the portal's own name, and the breadcrumb.

The title is the CMS profile's title element, else the heading that the page's <title>
contains (a portal's <title> is "article - portal"), else the longest <title> part."""

from __future__ import annotations

import re

from nlp import html as H
from nlp.gazetteer import LEVEL_TYPES
from nlp.html import Element
from nlp.layout import in_chrome
from nlp.normalize import fold, normalize
from nlp.selectors import GENERIC, SITE_NAME_ELEMENTS, TITLE_CLASS, Profile, select, select_all

TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+[»:]\s+")  # parts of a <title>: article, portal
CRUMB_SPLIT = re.compile(r"\s*[>»›]\s*|\s+/\s+")
# First words of a portal's or its owner's name, as a <title> suffix gives it.
PORTAL_NAME = re.compile(
    "^(?:"
    + "|".join(
        normalize(words)
        for words in (
            "cổng thông tin điện tử", "cổng giao tiếp điện tử", "trang thông tin điện tử",
            "cổng ttđt", "trang ttđt", "báo", "đảng bộ", "đảng ủy", "huyện ủy", "tỉnh ủy",
            "thành ủy", "ủy ban nhân dân", "ubnd", "sở",
        )
    )
    + r")\s",
    re.I,
)  # fmt: skip
SUFFIX_SPLIT = re.compile(r"\s+[|–—-]\s+")
ACRONYMS = {"UBND", "HĐND", "TTĐT", "MTTQ", "TP", "TP.", "TX", "TX."}
UNIT_WORDS = sorted(LEVEL_TYPES, key=len, reverse=True)  # "thị xã" before "xã"
LEVEL_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(UNIT_WORDS) + r")(?!\w)")


def head_title(root: Element) -> str:
    """og:title, else <meta name="title">, else <title>: often "article - portal"."""
    for xpath in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="title"]/@content',
        "//title//text()",
    ):
        found = root.xpath(xpath)
        if found and normalize(" ".join(found)):
            return normalize(" ".join(found))
    return ""


def find_title(
    root: Element, profile: Profile, container: Element | None, marks: frozenset[str]
) -> tuple[Element | None, str]:
    """The title element (it anchors the header's date line) and the title."""
    for element in select(root, profile.title, marks):
        text = H.text_of(element)
        if 4 <= len(text) <= 400 and not in_chrome(element):
            return element, text
    return generic_title(root, container)


def generic_title(root: Element, container: Element | None) -> tuple[Element | None, str]:
    """The heading that the page's <title> (or og:title) contains; else the first heading
    or title-classed element before the article body; else the longest <title> part."""
    head = fold(head_title(root))
    best, best_text, first = None, "", None
    for element in root.iter("h1", "h2", "h3", "h4", "div", "span", "p", "a", "strong", "td"):
        if element.tag not in ("h1", "h2", "h3", "h4") and not TITLE_CLASS.search(
            element.get("class", "") + " " + element.get("id", "")
        ):
            continue
        if container is not None and element is container:
            break
        text = H.text_of(element)
        if len(text) < 8 or len(text) > 400 or in_chrome(element):
            continue
        if first is None and len(text) >= 15:
            first = (element, text)
        if head and fold(text) in head and len(text) > len(best_text):
            best, best_text = element, text
    if best is not None:
        return best, best_text
    if first is not None:
        return first
    parts = TITLE_SPLIT.split(head_title(root))
    title = max(parts, key=len) if parts else ""
    return element_with_text(root, title), title


def element_with_text(root: Element, text: str) -> Element | None:
    """The innermost element showing exactly `text` (to anchor the header's date line)."""
    wanted = fold(text)
    if not wanted:
        return None
    for element in root.iter("h1", "h2", "h3", "h4", "td", "div", "span", "p", "strong", "b"):
        if fold(element.text_content()) == wanted and not in_chrome(element):
            while len(element) == 1 and fold(element[0].text_content()) == wanted:
                element = element[0]
            return element
    return None


# ---- site name ------------------------------------------------------------------------------


def find_site_name(root: Element, title: str, marks: frozenset[str]) -> str | None:
    """og:site_name; else a <title> part after (or before) " - " / " | " naming a portal, not
    a piece of the article's title; else the header's site-name element (an image's alt
    first: the banner's text is often in capitals)."""
    for content in root.xpath('//meta[@property="og:site_name"]/@content'):
        if name := site_name_text(content):
            return name
    parts = SUFFIX_SPLIT.split(normalize(" ".join(root.xpath("//title//text()"))))
    title_parts = {fold(part) for part in SUFFIX_SPLIT.split(title)}
    for part in [*reversed(parts[1:]), parts[0]] if len(parts) > 1 else []:
        if PORTAL_NAME.match(part) and fold(part) not in title_parts:
            return site_name_text(part)
    for element in select_all(root, SITE_NAME_ELEMENTS, marks)[:8]:
        for text in [*element.xpath(".//img/@alt"), H.text_of(element)]:
            if name := site_name_text(text):
                return name
    return None


def site_name_text(text: str) -> str | None:
    """A portal's name as people write it: short, more than a host name, not in capitals."""
    text = normalize(text)
    if not 2 <= len(text.split()) <= 16 or len(text) > 150:
        return None
    return sentence_case(text) if text.isupper() else text


def sentence_case(text: str) -> str:
    """A name in capitals as written in lower case: "ĐẢNG BỘ HUYỆN ĐĂK HÀ" -> "Đảng bộ
    huyện Đăk Hà" (the proper name after the last level word capitalised, acronyms kept)."""
    lower = text.lower()
    levels = list(LEVEL_WORDS.finditer(lower))
    proper_from = len(lower[: levels[-1].end()].split()) if levels else 1
    cased = [
        original if original in ACRONYMS else word.capitalize() if i >= proper_from else word
        for i, (word, original) in enumerate(zip(lower.split(), text.split(), strict=True))
    ]
    first = cased[0]
    return " ".join([first[:1].upper() + first[1:], *cased[1:]])


# ---- breadcrumb ----------------------------------------------------------------------------


def find_breadcrumb(
    root: Element, profile: Profile, title: str, marks: frozenset[str]
) -> list[str]:
    found = select(root, profile.breadcrumb, marks) or select(root, GENERIC.breadcrumb, marks)
    if not found:
        return []
    element = found[0]
    crumbs = [c for text in element.itertext() for c in CRUMB_SPLIT.split(normalize(text)) if c]
    crumbs = list(dict.fromkeys(crumbs))
    if (
        crumbs
        and title
        and (fold(title).startswith(fold(crumbs[-1])) or fold(crumbs[-1]) in fold(title))
    ):
        crumbs = crumbs[:-1]  # the page's own (often truncated) title
    return crumbs[:8]
