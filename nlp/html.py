"""HTML plumbing with lxml: decoding, parsing, cleaning and splitting into paragraphs.

Every walk here is iterative (lxml's iterwalk / iter), so deeply nested input cannot blow the
Python stack."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from nlp.errors import ExtractError
from nlp.normalize import normalize

Element = lxml.html.HtmlElement  # what every function here takes and returns

BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "pre",
    "address",
    "center",
    "main",
    "nav",
    "form",
    "fieldset",
    "hr",
    "caption",
}
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
MAX_BYTES = 8_000_000  # larger "pages" are dumps, not articles: bounded time per page
# Characters XML text cannot hold (lxml refuses to set them): never text of a page.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PARSER = lxml.html.HTMLParser(huge_tree=True)  # nesting up to 2,048 levels, not 255
NESTING_TAGS = re.compile(
    r"</?(?:div|span|font|section|article|center|table|tbody|tr|td)\b[^>]*>", re.I
)
# Markup that shows no text: scripts, styles, comments (also one the size cap left open).
SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?(?:-->|$)", re.I | re.S)
TAGS = re.compile(r"<[^>]*>")


def decode(html: bytes | str, url: str) -> str:
    if isinstance(html, str):
        return html
    if not isinstance(html, bytes | bytearray):
        raise ExtractError(f"{url}: expected HTML bytes or text, got {type(html).__name__}")
    data = bytes(html[:MAX_BYTES])
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    declared = CHARSET.search(data[:4096])
    charset = declared.group(1).decode("ascii", "ignore").lower() if declared else "utf-8"
    as_utf8 = data.decode("utf-8", "replace")
    if charset.replace("_", "-") in ("utf-8", "utf8") or mostly_utf8(as_utf8, len(data)):
        return as_utf8  # a stray bad byte (or a cut at the size cap) is not another charset
    for encoding in (charset, "cp1258"):
        try:
            return data.decode(encoding, "replace")
        except LookupError:
            continue
    return as_utf8


def mostly_utf8(text: str, size: int) -> bool:
    """UTF-8 with at most one bad byte in a thousand: a page saved with a stray byte."""
    return text.count("\ufffd") <= max(1, size // 1000)


def parse(text: str, url: str) -> Element:
    """The page's tree (see `parse_page`)."""
    return parse_page(text, url)[0]


def parse_page(text: str, url: str) -> tuple[Element, list[str]]:
    """The page's tree and what had to be done to read it: control characters lxml refuses
    are dropped, nesting deeper than the parser allows is flattened so no text is lost."""
    text = CONTROL_CHARS.sub("", text[:MAX_BYTES])
    if not text.strip():
        raise ExtractError(f"{url}: empty page")
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding decl
    root = document(text, url)
    if not lost_text(root, text):
        return root, []
    flat = NESTING_TAGS.sub(" ", text)
    return document(flat, url), ["nesting too deep for the parser: the page was read flattened"]


def document(text: str, url: str) -> Element:
    try:
        return lxml.html.document_fromstring(text, parser=PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractError(f"{url}: not an HTML page ({error})") from error


def lost_text(root: Element, text: str) -> bool:
    """The parser dropped most of the page's text (libxml2 stops at 2,048 levels of
    nesting, silently). Checked only on pages whose tree shows little text."""
    shown = len(root.text_content())
    if shown * 20 >= len(text):
        return False
    visible = len(TAGS.sub("", SCRIPTS.sub("", text)).strip())
    return shown < visible / 2


def drop_tree(element: Element) -> None:
    """Remove `element` but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def clean(root: Element) -> None:
    """Drop scripts (but JSON-LD metadata), styles, comments and processing instructions."""
    doomed = [
        e
        for e in root.iter()
        if not isinstance(e.tag, str)
        or (e.tag in DROP_TAGS and e.get("type") != "application/ld+json")
    ]
    for element in doomed:
        if element is not root:
            drop_tree(element)


def text_of(element: Element | None) -> str:
    return normalize(element.text_content()) if element is not None else ""


def blocks(container: Element) -> list[str]:
    """The container's paragraphs: text of each block element, split at <br>."""
    pieces: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = normalize("".join(current))
        if text:
            pieces.append(text)
        current.clear()

    glue: str | None = None  # after a drop-cap letter in its own tag: whitespace seen since

    def add(text: str) -> None:
        """Append `text`; after a drop-cap letter, without the space before a lower-case
        word (whitespace alone waits for the text that follows it)."""
        nonlocal glue
        if glue is not None:
            rest = text.lstrip()
            if not rest:
                glue += text
                return
            text = rest if rest[:1].islower() else glue + text
        glue = None
        current.append(text)

    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                flush()
                glue = None
            if element.text and tag != "br":
                add(element.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
            if tag not in BLOCK_TAGS and is_drop_cap(element) and glue is None:
                glue = ""
            if element.tail and element is not container:
                add(element.tail)
            elif tag in ("td", "th"):
                current.append(" ")
    flush()
    return pieces


def is_drop_cap(element: Element) -> bool:
    """An inline tag holding one letter of a word ("<strong>T</strong>ăng cường"): no
    Vietnamese word is a lone consonant, so the letter belongs to the word after it."""
    text = element.text_content()
    return len(text) == 1 and text.isalpha() and text.lower() not in "aăâeêioôơuưy"


def block_owner(element: Element | None) -> Element | None:
    """The nearest block-level element at or above `element`."""
    while element is not None and element.tag not in BLOCK_TAGS:
        element = element.getparent()
    return element


def ancestors_match(element: Element | None, names: set[str], limit: int = 40) -> bool:
    """True when `element` or an ancestor has one of these tag/id/class words."""
    depth = 0
    while element is not None and depth < limit:
        if element.get("data-kinhnghiem-frame"):  # the page's frame (nlp.layout)
            element, depth = element.getparent(), depth + 1
            continue
        if element.tag in names:
            return True
        marks = f"{element.get('id', '')} {element.get('class', '')}".lower().split()
        if any(mark in names for mark in marks):
            return True
        element = element.getparent()
        depth += 1
    return False


def direct_text(element: Element) -> str:
    """Text the element holds itself or through inline children (not through blocks)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            if child.tag != "a":
                parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def blocks_between(
    first: Element | None, last: Element | None, levels: int = 4, prose: bool = False
) -> list[str]:
    """Paragraphs after `first` in document order up to `last` (the title's header lines,
    a lead set apart from the body). Climbs from `first` through a few ancestors: a title
    is often wrapped in a header block of its own. `prose` leaves out blocks that are mostly
    links (a list of other articles)."""
    lines: list[str] = []
    element, level = first, 0
    while element is not None and level < levels and len(lines) < 40:
        for sibling in element.itersiblings():
            if last is not None and (sibling is last or holds(sibling, last)):
                return lines
            if not (prose and link_share(sibling) > 0.5):
                lines.extend(blocks(sibling)[:6])
        element, level = element.getparent(), level + 1
    return lines


def link_share(element: Element) -> float:
    """The share of an element's text that is link text."""
    text = len(element.text_content().strip())
    linked = sum(len(a.text_content().strip()) for a in element.iter("a"))
    return linked / text if text else 0.0


def common_ancestor(first: Element, second: Element) -> Element | None:
    """The lowest element holding both."""
    ancestors = {id(e) for e in first.iterancestors()}
    return next((e for e in second.iterancestors() if id(e) in ancestors), None)


def holds(element: Element, inner: Element) -> bool:
    """`element` is a (strict) ancestor of `inner`."""
    parent = inner.getparent()
    while parent is not None:
        if parent is element:
            return True
        parent = parent.getparent()
    return False
