"""`extract(html, url) -> Article`: the record of one article page.

Order of work: parse and clean; pick the CMS profile (or the generic fallback); title, date,
breadcrumb from the article header; body paragraphs from the article container; byline
taken out of the body; lessons, places, organisations, people and topics from the text."""

from __future__ import annotations

import json
import re

from nlp import html as H
from nlp.article import Article, Author
from nlp.authors import FIELD_LABEL, Byline, is_cms_account, is_photo_credit, parse_byline
from nlp.dates import is_date_line, is_licence_line, parse_date
from nlp.entities import find_entities
from nlp.errors import ExtractError
from nlp.gazetteer import LEVEL_TYPES
from nlp.lessons import extract_lessons
from nlp.normalize import fold, normalize
from nlp.selectors import (
    BODY_NOISE,
    GENERIC,
    PROFILES,
    Profile,
    page_marks,
    select,
    select_all,
)
from nlp.topics import find_topics

CHROME_WORDS = {
    "footer",
    "header",
    "nav",
    "menu",
    "sidebar",
    "copyright",
    "banner",
    "aside",
    "navbar",
    "left-col",
    "right-col",
    "site-footer",
    "thong-ke",
    "visitor",
    "counter",
    "bottom",
}
TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+[»:]\s+")
CRUMB_SPLIT = re.compile(r"\s*[>»›]\s*|\s+/\s+")
META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "date",
    "publish_date",
    "published_time",
    "created",
)
TITLE_CLASS = re.compile(r"title|tieu-?de|tieu_de|headline", re.I)
RELATED_WORDS = (
    "related",
    "lien-quan",
    "lienquan",
    "other",
    "khac",
    "cung-chuyen-muc",
    "latest",
    "tin-moi",
    "sidebar",
    "footer",
    "box-",
)
LABEL_TEXTS = (  # text nodes that may be an author field's label, found without a full walk
    "//text()[contains(., 'giả') or contains(., 'viết') or contains(., 'danh')"
    " or contains(., 'thực hiện') or contains(., 'hóng viên')]"
)
NER_DEFAULT = True  # measured: with NER on a few spans per page, still faster than trafilatura
DATE_LABELLED = re.compile(r"(ngày\s+đăng|đăng\s+ngày|ngày\s+xuất\s+bản|cập\s+nhật|publish)", re.I)
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
SITE_NAME_ELEMENTS = (
    ".site-name", "#site-name", ".site-title", ".logo-text", ".logo", "#logo", ".banner",
)  # fmt: skip
ACRONYMS = {"UBND", "HĐND", "TTĐT", "MTTQ", "TP", "TP.", "TX", "TX."}
UNIT_WORDS = sorted(LEVEL_TYPES, key=len, reverse=True)  # "thị xã" before "xã"
LEVEL_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(UNIT_WORDS) + r")(?!\w)")


def extract(html: bytes | str, url: str, ner: bool = NER_DEFAULT) -> Article:
    """The article record of one page. `ner` adds underthesea's NER on a few short spans
    per article to the pattern-based people (off by default: see benchmarks/README.md)."""
    try:
        return extract_article(html, url, ner)
    except ExtractError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as error:
        raise ExtractError(f"{url}: cannot read this page ({type(error).__name__})") from error


def extract_article(html: bytes | str, url: str, ner: bool = NER_DEFAULT) -> Article:
    root = H.parse(H.decode(html, url), url)
    H.clean(root)
    marks = page_marks(root)
    profile, container = find_container(root, marks)
    title_element, title = find_title(root, profile, container, marks)
    article = Article(url=url, title=title or None)
    article.breadcrumb = find_breadcrumb(root, profile, title, marks)
    article.published = find_published(root, profile, title_element, container, marks)
    paragraphs = body_paragraphs(root, profile, container, title, marks)
    byline, paragraphs = take_byline(root, profile, paragraphs, container, marks)
    article.authors = [a.name for a in byline.authors]
    article.author_titles = {a.name: a.title for a in byline.authors if a.title}
    article.source = byline.source
    article.body = "\n\n".join(paragraphs)
    article.lessons = extract_lessons(paragraphs, title)
    text = "\n\n".join([title, *paragraphs])
    # The page title's site name ("… - Cổng thông tin điện tử huyện Ia Grai") narrows places.
    article.places, article.organizations, article.people = find_entities(
        text, ner, url=url, site_text=head_title(root)
    )
    article.topics = find_topics(text)
    article.site_name = find_site_name(root, title, marks)
    return article


# ---- container -------------------------------------------------------------------------


def find_container(root, marks: frozenset[str]) -> tuple[Profile, object | None]:
    for profile in PROFILES:
        found = [e for e in select(root, profile.body, marks) if not in_chrome(e)]
        if found:
            return profile, max(found, key=lambda e: len(e.text_content()))
    return GENERIC, densest_container(root)


def in_chrome(element) -> bool:
    return H.ancestors_match(element.getparent(), CHROME_WORDS) if element is not None else False


def densest_container(root):
    """The element holding the most paragraph text (readability style): each long block
    scores its container, and half of it to the container's parent."""
    scores: dict = {}
    for element in root.iter("p", "div", "td", "li", "article", "section", "span", "font"):
        own = direct_text(element)
        if len(own) < 40 or in_chrome(element):
            continue
        owner = element if element.tag in ("div", "td", "article", "section") else None
        target = owner if owner is not None else H.block_owner(element.getparent())
        if target is None:
            continue
        scores[target] = scores.get(target, 0) + len(own)
        parent = target.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(own) / 2
    if not scores:
        return root.find("body") if root.find("body") is not None else root
    return max(scores, key=scores.get)


def direct_text(element) -> str:
    """Text the element holds itself or through inline children (not through blocks)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in H.BLOCK_TAGS:
            if child.tag != "a":
                parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


# ---- title -------------------------------------------------------------------------------


def head_title(root) -> str:
    for xpath in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="title"]/@content',
        "//title//text()",
    ):
        found = root.xpath(xpath)
        if found and normalize(" ".join(found)):
            return normalize(" ".join(found))
    return ""


def find_title(root, profile: Profile, container, marks) -> tuple[object | None, str]:
    for element in select(root, profile.title, marks):
        text = H.text_of(element)
        if 4 <= len(text) <= 400 and not in_chrome(element):
            return element, text
    return generic_title(root, container)


def generic_title(root, container) -> tuple[object | None, str]:
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


def element_with_text(root, text: str):
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


def find_site_name(root, title: str, marks) -> str | None:
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


def find_breadcrumb(root, profile: Profile, title: str, marks) -> list[str]:
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


# ---- date ------------------------------------------------------------------------------------


def find_published(root, profile: Profile, title_element, container, marks) -> str | None:
    for element in select_all(root, profile.date, marks):
        if in_related(element) or in_chrome(element):
            continue
        if found := parse_date(H.text_of(element)):
            return found
    for found in meta_dates(root):
        return found
    for line in header_lines(root, title_element, container):
        if is_licence_line(line):
            continue
        if (is_date_line(line) or DATE_LABELLED.search(line)) and (found := parse_date(line)):
            return found
    for element in select(root, GENERIC.date, marks):
        text = H.text_of(element)
        if (
            not in_chrome(element)
            and not in_related(element)
            and len(text) < 90
            and not is_licence_line(text)
        ):
            if found := parse_date(text):
                return found
    return None


def in_related(element) -> bool:
    """Inside a related-news list, sidebar or footer (their dates are other articles')."""
    depth = 0
    while element is not None and depth < 40:
        marks = f"{element.get('id', '')} {element.get('class', '')}".lower()
        if any(word in marks for word in RELATED_WORDS):
            return True
        element, depth = element.getparent(), depth + 1
    return False


def meta_dates(root):
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in META_DATE_KEYS and (found := parse_date(meta.get("content", ""))):
            yield found
    for element in root.iter("time"):
        if (
            element.get("itemprop", "").lower() == "datepublished"
            or element.get("pubdate") is not None
        ):
            if found := parse_date(element.get("datetime", "") or H.text_of(element)):
                yield found
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        if found := json_ld_date(script):
            yield found


def json_ld_date(script: str) -> str | None:
    try:
        data = json.loads(script)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return parse_date(item["datePublished"])
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return None


def header_lines(root, title_element, container) -> list[str]:
    """Short text lines after the title, in document order, up to the body; then the body's
    first lines. Climbs from the title through a few ancestors (title wrapped in a header)."""
    lines: list[str] = []
    element, levels = title_element, 0
    while element is not None and levels < 4 and len(lines) < 12:
        for sibling in element.itersiblings():
            if container is not None and (sibling is container or holds(sibling, container)):
                element = None
                break
            lines.extend(H.blocks(sibling)[:6])
            if len(lines) >= 12:
                break
        element = element.getparent() if element is not None else None
        levels += 1
    if container is not None:
        lines.extend(H.blocks(container)[:3])
    return [line for line in lines if len(line) < 120]


def holds(element, inner) -> bool:
    parent = inner.getparent()
    while parent is not None:
        if parent is element:
            return True
        parent = parent.getparent()
    return False


# ---- body --------------------------------------------------------------------------------------


def body_paragraphs(root, profile: Profile, container, title: str, marks) -> list[str]:
    if container is None:
        return []
    sapo = [e for e in select(root, profile.sapo + GENERIC.sapo, marks) if not in_chrome(e)]
    for css in BODY_NOISE:
        for element in select(container, (css,), marks):
            if element is not container:
                H.drop_tree(element)
    paragraphs: list[str] = []
    for element in sapo[:1]:
        if element is not container and container not in element.iterdescendants():
            if not any(element is e for e in container.iterdescendants()):
                paragraphs.extend(H.blocks(element))
    paragraphs.extend(H.blocks(container))
    return [p for i, p in enumerate(paragraphs) if keep_paragraph(p, i, title)]


def keep_paragraph(text: str, index: int, title: str) -> bool:
    if index < 3 and (fold(text) == fold(title) or is_date_line(text)):
        return False
    return not is_cms_account(text) and bool(re.search(r"\w", text))


def take_byline(
    root, profile: Profile, paragraphs: list[str], container, marks
) -> tuple[Byline, list[str]]:
    """The byline from the fields the page marks as author (author elements, a form field
    labelled "Tác giả"), else from the body's last short lines, else from the short lines
    right after the body, else a person named in <meta name="author">. Byline lines found in
    the body are taken out of it."""
    found = Byline()
    for text in author_fields(root, profile, marks):
        if byline := parse_byline(text, strict=False):
            merge_byline(found, byline)
            paragraphs = [p for p in paragraphs if fold(p) != fold(text)]
            if found.authors and found.source:
                break
    if not found.authors:
        trailing, paragraphs = trailing_byline(paragraphs)
        merge_byline(found, trailing)
    if not found.authors and container is not None:
        lines = [line for e in list(container.itersiblings())[:2] for line in H.blocks(e)[:4]]
        merge_byline(found, leading_byline(lines[:4]))
    if not found.authors and not found.source:
        found.authors = meta_authors(root)
    found.authors = list({a.name: a for a in found.authors}.values())
    return found, paragraphs


def author_fields(root, profile: Profile, marks):
    """Texts of the elements marked as author, in selector order, then labelled fields."""
    seen: set = set()
    for css in profile.author + GENERIC.author:
        for element in select(root, (css,), marks):
            if element not in seen and not in_chrome(element):
                seen.add(element)
                yield H.text_of(element)
    yield from labelled_fields(root)


def labelled_fields(root):
    """Values of form fields labelled "Tác giả" / "Người viết" / "Bút danh": the label alone
    in its cell (a SharePoint list form row, a <dt>, a <label>) and the value in the next."""
    for text in root.xpath(LABEL_TEXTS):
        element = text.getparent()
        if text.is_tail or not FIELD_LABEL.match(text) or in_chrome(element):
            continue
        while element.getnext() is None and element.getparent() is not None:
            element = element.getparent()
            if not FIELD_LABEL.match(H.text_of(element)):
                break
        value = element.getnext()
        if value is not None and FIELD_LABEL.match(H.text_of(element)):
            yield H.text_of(value)


def merge_byline(found: Byline, byline: Byline | None) -> None:
    if byline is not None:
        found.authors = found.authors or byline.authors
        found.source = found.source or byline.source


def trailing_byline(paragraphs: list[str]) -> tuple[Byline, list[str]]:
    """Byline lines at the end of the body (skipping photo credits), and the body without them."""
    found = Byline()
    kept = list(paragraphs)
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 5), -1):
        line = paragraphs[index]
        if is_photo_credit(line):
            continue
        byline = parse_byline(line, strict=len(line.split()) > 4)
        if byline is None:
            break
        found.authors[:0] = byline.authors
        found.source = found.source or byline.source
        del kept[index]
    return found, kept


def leading_byline(lines: list[str]) -> Byline:
    """Byline lines at the start of `lines` (the short lines right after the body)."""
    found = Byline()
    for line in lines:
        byline = parse_byline(line, strict=len(line.split()) > 4)
        if byline is None:
            break
        merge_byline(found, byline)
    return found


def meta_authors(root) -> list[Author]:
    """A person in <meta name="author"> (never an agency, "admin" or "Ban biên tập")."""
    for content in root.xpath('//meta[@name="author" or @name="Author"]/@content')[:1]:
        byline = parse_byline(content, strict=True)
        if byline is not None and not byline.source:
            return byline.authors
    return []
