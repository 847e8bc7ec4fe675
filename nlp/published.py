"""The article's publication date, from the most to the least trusted place: the CMS
profile's date element, the page's metadata (meta tags, <time>, JSON-LD), a date line in the
header between the title and the body, then any date-classed element outside the page chrome
and related-news lists (their dates are other articles')."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain

from nlp import html as H
from nlp.dates import has_date_label, is_date_line, is_licence_line, parse_date
from nlp.html import Element
from nlp.layout import PageOrder, in_chrome, in_related
from nlp.selectors import GENERIC, META_DATE_KEYS, Profile, select, select_all


def find_published(
    root: Element,
    profile: Profile,
    title_element: Element | None,
    container: Element | None,
    marks: frozenset[str],
    order: PageOrder,
) -> str | None:
    """The first date found, trying the places in order of trust (each lazily)."""
    found = chain(
        profile_dates(root, profile, marks, title_element, order),
        meta_dates(root),
        header_dates(title_element, container),
        preceding_dates(title_element, container, order),
        date_element_dates(root, marks, title_element, order),
    )
    return next(found, None)


def profile_dates(
    root: Element,
    profile: Profile,
    marks: frozenset[str],
    title_element: Element | None,
    order: PageOrder,
) -> Iterator[str]:
    """Dates of the CMS profile's date elements by the article, outside chrome and related
    lists."""
    for element in select_all(root, profile.date, marks):
        if by_the_article(element, title_element, order):
            if found := parse_date(H.text_of(element)):
                yield found


def by_the_article(element: Element, title_element: Element | None, order: PageOrder) -> bool:
    """Not in the chrome or a related list, and not far above the title (a top bar's date
    or clock): where a date element can be the article's."""
    if in_related(element) or in_chrome(element):
        return False
    return order.near_article(element, title_element)


def header_dates(title_element: Element | None, container: Element | None) -> Iterator[str]:
    """Dates of the header's date lines ("Ngày đăng bài: 29/11/2022"), never a licence's."""
    for line in header_lines(title_element, container):
        if is_licence_line(line) or not (is_date_line(line) or has_date_label(line)):
            continue
        if found := parse_date(line):
            yield found


def preceding_dates(
    title_element: Element | None, container: Element | None, order: PageOrder
) -> Iterator[str]:
    """Dates of the few short lines right before the title, nearest first, inside the
    article's own box: the category row "Kinh tế | (09.07.2019 08:50)" of Lạc Việt portals
    sits above the title; a page's top bar beside the article box does not count."""
    if title_element is None or container is None:
        return
    for element, line in preceding_lines(title_element):
        if is_licence_line(line) or not is_date_line(line):
            continue
        if not order.near_article(element, title_element):
            continue
        if in_article_box(element, title_element, container) and (found := parse_date(line)):
            yield found


def preceding_lines(
    title_element: Element, reach: int = 12, wanted: int = 3
) -> list[tuple[Element, str]]:
    """The elements just before the title in document order with their own text, nearest
    first, stopping at the page's chrome."""
    lines: list[tuple[Element, str]] = []
    for element in reversed(title_element.xpath("preceding::*")[-reach:]):
        if in_chrome(element):
            break
        if text := H.direct_text(element):
            lines.append((element, text))
        if len(lines) >= wanted:
            break
    return lines


def in_article_box(element: Element, title_element: Element, container: Element) -> bool:
    """`element` and the title share a box that holds the article and little else."""
    box = H.common_ancestor(element, title_element)
    if (
        box is None
        or box.tag in ("body", "html")
        or not (box is container or H.holds(box, container))
    ):
        return False
    return len(box.text_content()) <= 2 * len(container.text_content()) + 500


def date_element_dates(
    root: Element, marks: frozenset[str], title_element: Element | None, order: PageOrder
) -> Iterator[str]:
    """Dates of short generic date-classed elements (".date", "time") by the article:
    not in chrome or related lists, not far above its title (a top bar's date or clock)."""
    for element in select(root, GENERIC.date, marks):
        text = H.text_of(element)
        if len(text) >= 90 or not by_the_article(element, title_element, order):
            continue
        if not is_licence_line(text) and (found := parse_date(text)):
            yield found


def meta_dates(root: Element) -> Iterator[str]:
    """Dates of <meta> tags, <time datetime> marked as published, and JSON-LD datePublished."""
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
    """The first datePublished anywhere in a JSON-LD script (walked without recursion)."""
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


def header_lines(title_element: Element | None, container: Element | None) -> list[str]:
    """Short text lines after the title, in document order, up to the body; then the body's
    first lines."""
    lines = H.blocks_between(title_element, container)[:12]
    if container is not None:
        lines.extend(H.blocks(container)[:3])
    return [line for line in lines if len(line) < 120]
