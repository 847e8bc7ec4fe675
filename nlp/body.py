"""The article's paragraphs (lead included; noise inside the container dropped) and its
byline, which is taken out of them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp import html as H
from nlp.article import Author
from nlp.authors import FIELD_LABEL, Byline, is_cms_account, is_photo_credit, parse_byline
from nlp.dates import has_date_label, is_date_line
from nlp.html import Element
from nlp.layout import in_chrome
from nlp.normalize import fold
from nlp.selectors import AUTHOR_LABEL_TEXTS, BODY_NOISE, GENERIC, Profile, select


def body_paragraphs(
    root: Element,
    profile: Profile,
    container: Element | None,
    title_element: Element | None,
    title: str,
    marks: frozenset[str],
) -> list[str]:
    """The lead (when the page keeps it outside the container) and the container's
    paragraphs, without the title, a date line or a CMS account line repeated in them."""
    if container is None:
        return []
    sapo = [e for e in select(root, profile.sapo + GENERIC.sapo, marks) if not in_chrome(e)]
    drop_body_noise(container, marks)
    paragraphs: list[str] = []
    for element in sapo[:1]:
        apart = element is not container and not H.holds(element, container)
        if apart and not H.holds(container, element):  # else its text is read with the body
            paragraphs.extend(H.blocks(element))
    if not paragraphs:
        paragraphs.extend(lead_between(title_element, container))
    paragraphs.extend(H.blocks(container))
    return [p for i, p in enumerate(paragraphs) if keep_paragraph(p, i, title)]


def lead_between(title_element: Element | None, container: Element | None) -> list[str]:
    """A lead that stands between the title and the body, in no element named as one
    (a bold paragraph in a table row of its own): sentences, not the date line, a byline
    or a category caption."""
    if title_element is None or container is None or H.holds(container, title_element):
        return []  # the title stands inside the body: what follows it is the body
    lines = H.blocks_between(title_element, container, prose=True)
    return [line for line in lines if is_prose(line)]


def is_prose(line: str) -> bool:
    """Sentences, not a metadata line ("Đăng ngày: … | Tác giả: … | Lượt xem: …")."""
    if len(line) < LEAD_MIN or is_date_line(line) or has_date_label(line) or "|" in line:
        return False
    return line.rstrip()[-1:] in '.!?…"”)' or len(line.split()) >= 8


# Links of the page's tools left at the end of a body, folded.
PAGE_TOOL = re.compile(
    r"^(?:xem (?:chi tiet|them|tiep|toan van|bai goc)[^.]{0,30}|tai ve|tai file.*|quay lai"
    r"|ve dau trang|in bai viet|ban in|gui bai viet|chia se)[ .:>»]*$"
)
LEAD_MIN = 40  # characters: shorter lines between title and body are captions and labels


def drop_body_noise(container: Element, marks: frozenset[str]) -> None:
    """Share bars, related links, tags, print tools and the like inside the container."""
    for css in BODY_NOISE:
        for element in select(container, (css,), marks):
            if element is not container:
                H.drop_tree(element)


def keep_paragraph(text: str, index: int, title: str) -> bool:
    """Not the title or a date line repeated at the top, not a CMS account, not a page
    tool's link ("Xem chi tiết tại đây", "Bản in") or a field label, not symbols."""
    if index < 3 and (fold(text) == fold(title) or is_date_line(text)):
        return False
    if PAGE_TOOL.match(fold(text)) or FIELD_LABEL.match(text):
        return False  # a tool's link, an empty "Tác giả bài viết:" label
    return not is_cms_account(text) and bool(re.search(r"\w", text))


def take_byline(
    root: Element,
    profile: Profile,
    paragraphs: list[str],
    container: Element | None,
    marks: frozenset[str],
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


def author_fields(root: Element, profile: Profile, marks: frozenset[str]) -> Iterator[str]:
    """Texts of the elements marked as author, in selector order, then labelled fields."""
    seen: set[Element] = set()
    for css in profile.author + GENERIC.author:
        for element in select(root, (css,), marks):
            if element not in seen and not in_chrome(element):
                seen.add(element)
                yield H.text_of(element)
    yield from labelled_fields(root)


def labelled_fields(root: Element) -> Iterator[str]:
    """Values of form fields labelled "Tác giả" / "Người viết" / "Bút danh": the label alone
    in its cell (a SharePoint list form row, a <dt>, a <label>) and the value in the next."""
    for text in root.xpath(AUTHOR_LABEL_TEXTS):
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
    """Fill what `found` still lacks (authors, source) from `byline`."""
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


def meta_authors(root: Element) -> list[Author]:
    """A person in <meta name="author"> (never an agency, "admin" or "Ban biên tập")."""
    for content in root.xpath('//meta[@name="author" or @name="Author"]/@content')[:1]:
        byline = parse_byline(content, strict=True)
        if byline is not None and not byline.source:
            return byline.authors
    return []
