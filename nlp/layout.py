"""Where the article is on the page: its container (a CMS profile's body element, else the
densest block of paragraph text), and the page chrome and related-news lists around it whose
text and dates are not the article's."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from nlp import html as H
from nlp.html import Element
from nlp.selectors import CHROME_WORDS, GENERIC, PROFILES, RELATED_WORDS, Profile, select


def find_container(root: Element, marks: frozenset[str]) -> tuple[Profile, Element | None]:
    """The first CMS profile whose body selector matches outside the chrome, with its largest
    match; else the generic profile with the densest container."""
    for profile in PROFILES:
        found = [e for e in select(root, profile.body, marks) if not in_chrome(e)]
        if found:
            return profile, max(found, key=lambda e: len(e.text_content()))
    return GENERIC, densest_container(root)


@dataclass
class PageOrder:
    """Where elements stand in the document, and the span of the article's container:
    a title stands right before the article's text, its date line next to the title."""

    index: dict[Element, int]
    container_span: tuple[int, int]  # first and last index inside the container
    links: list[int]  # indexes of the page's links, in order

    @classmethod
    def of(cls, root: Element, container: Element | None) -> PageOrder:
        index = {element: i for i, element in enumerate(root.iter())}
        links = [i for element, i in index.items() if element.tag == "a"]
        if container is None or container not in index:
            return cls(index, (len(index), len(index)), links)
        start = index[container]
        return cls(index, (start, start + sum(1 for _ in container.iter()) - 1), links)

    def near_article(self, element: Element, title: Element | None, reach: int = 30) -> bool:
        """Inside the article (from its title to the container's end), or a little before
        it with no navigation between: a top bar's date is set apart by the site's menu."""
        start, end = self.container_span
        anchor = min(self.index.get(title, start) if title is not None else start, start)
        position = self.index.get(element, -1)
        if position > end:
            return False
        if position >= anchor:
            return True
        between = bisect_left(self.links, anchor) - bisect_right(self.links, position)
        return anchor - position <= reach and between <= MAX_LINKS_BEFORE_TITLE


MAX_LINKS_BEFORE_TITLE = 2  # a category link above the title, not a menu
FRAME_MARK = "data-kinhnghiem-frame"
FRAME_SHARE = 0.6  # a "header" holding this share of the page's text is the page's frame


def mark_page_frames(root: Element) -> None:
    """Themes sometimes wrap the whole page in an element named like chrome (a Liferay
    theme's `div.header` around every column): such an element, holding most of the
    page's text, is marked so that it never counts as chrome."""
    body = root.find("body")
    total = len((body if body is not None else root).text_content())
    for element in root.iter():
        if not isinstance(element.tag, str) or element is body:
            continue
        words = f"{element.get('id', '')} {element.get('class', '')}".lower().split()
        named = element.tag in CHROME_WORDS or any(word in CHROME_WORDS for word in words)
        if named and len(element.text_content()) >= FRAME_SHARE * total:
            element.set(FRAME_MARK, "1")


def in_chrome(element: Element | None) -> bool:
    """Inside the page's header, footer, menus or sidebars."""
    return H.ancestors_match(element.getparent(), CHROME_WORDS) if element is not None else False


def in_related(element: Element | None) -> bool:
    """Inside a related-news list, sidebar or footer (their dates are other articles')."""
    depth = 0
    while element is not None and depth < 40:
        marks = f"{element.get('id', '')} {element.get('class', '')}".lower()
        if any(word in marks for word in RELATED_WORDS):
            return True
        element, depth = element.getparent(), depth + 1
    return False


def densest_container(root: Element) -> Element:
    """The element holding the most paragraph text (readability style): each long block
    scores its container, and half of it to the container's parent."""
    scores: dict[Element, float] = {}
    for element in root.iter("p", "div", "td", "li", "article", "section", "span", "font"):
        own = H.direct_text(element)
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
