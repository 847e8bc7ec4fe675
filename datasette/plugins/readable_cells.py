"""Cells as readers write them, on HTML pages only (the JSON, the CSV and the Atom feed keep
the machine values): an ISO date as 24/09/2019 and a month as 11/2024, the ISO value in
`<time datetime>` and its tooltip; a JSON list of names (the feed's `atom_authors`, an
article's breadcrumb and topics) as "Rơ Mah Thu, Ksor Nhi"; in the articles table, a body
as its first `EXCERPT_CHARS` (the article page has it all). Read-only."""

import json

from datasette import hookimpl
from markupsafe import Markup, escape

from pipeline.search import people_date

DATES = {"published", "first_published", "last_published", "fetched_at", "atom_updated"}
MONTHS = {"month"}
NAME_LISTS = {"atom_authors", "breadcrumb", "topics"}  # JSON lists of names or words
EXCERPT_CHARS = 300


def readable_date(value: str) -> Markup | None:
    shown = people_date(value)
    if not shown:
        return None
    return Markup(f'<time datetime="{escape(value)}" title="{escape(value)}">{shown}</time>')


def readable_names(value: str) -> str | None:
    try:
        names = json.loads(value)
    except ValueError:
        return None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return None
    return ", ".join(names)


def excerpt(text: str) -> str:
    """The start of `text`, cut at a word, "…" after it."""
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[: EXCERPT_CHARS - 1].rsplit(" ", 1)[0] + "…"


@hookimpl
def render_cell(value, column, table):
    if not isinstance(value, str):
        return None
    if table == "articles" and column == "body":
        return excerpt(value)
    if column in DATES or column in MONTHS:
        return readable_date(value)
    if column in NAME_LISTS:
        return readable_names(value)
    return None
