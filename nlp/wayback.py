"""Archived captures read as the original page: the Wayback Machine's toolbar and its
banner are not the page, and its `/web/<timestamp>/<original URL>` links point at the
original URL."""

from __future__ import annotations

import re

from nlp import html as H
from nlp.html import Element

# The toolbar (`#wm-ipp-base`, `#wm-ipp` and its `wm-…` parts, older `#donato`) and the
# archive's notices in it (capture counts, "About this capture", "Organization: …").
TOOLBAR_ID = re.compile(r"^(?:wm-|donato\b)")
ARCHIVED_LINK = re.compile(r"^(?:https?://web\.archive\.org)?/web/\d{1,14}[a-z_]*/")


def strip_toolbar(root: Element) -> None:
    """Remove the archive's toolbar elements. A toolbar element left unclosed by a saved
    copy wraps the whole page: it is kept (its own `wm-…` parts still go)."""
    toolbar = [
        e for e in root.iter() if isinstance(e.tag, str) and TOOLBAR_ID.match(e.get("id", ""))
    ]
    if not toolbar:
        return
    body = root.find("body")
    page_text = len((body if body is not None else root).text_content())
    for element in toolbar:
        if len(element.text_content()) < page_text / 2:
            H.drop_tree(element)


def original_url(link: str) -> str:
    """`/web/20170512/http://host/path` → `http://host/path` (other links unchanged); the
    archive's `http_/host` spelling of `http://host` too."""
    found = ARCHIVED_LINK.match(link)
    if not found:
        return link
    rest = link[found.end() :]
    return re.sub(r"^(https?)[:_]/{1,2}", r"\1://", rest)
