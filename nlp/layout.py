"""Where the article is on the page: its container (a CMS profile's body element, else the
densest block of paragraph text), and the page chrome and related-news lists around it whose
text and dates are not the article's."""

from __future__ import annotations

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
