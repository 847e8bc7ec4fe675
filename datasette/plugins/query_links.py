"""Canned query and view results link what they name: `article_title` to the article page
(beside an `article_id`, or the feed's `atom_link`), a lesson's `heading` and `id` to the
lesson page (beside `id` and `article_id`), `article_id` to its article on the
lesson_details view (a view has no foreign keys), and the names of authors_by_articles and
most_cited_places to the author's and the place's page. Values stay escaped. Read-only."""

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

# The columns that tell a query's row apart -> the table its `id` is the key of, for its
# `name` (render_cell is not told which query a row comes from).
NAMED = [
    ({"id", "name", "articles", "first_published"}, "authors"),  # authors_by_articles
    ({"id", "name", "level", "new_name", "lesson_count"}, "places"),  # most_cited_places
]


def link(datasette, database, table, key, value) -> Markup:
    href = datasette.urls.row(database, table, tilde_encode(str(key)))
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table not in (None, "lesson_details") or value is None:
        return None
    keys = set(row.keys())
    if column == "article_title" and "article_id" in keys and row["article_id"] is not None:
        return link(datasette, database, "articles", row["article_id"], value)
    if column == "article_title" and "atom_link" in keys and row["atom_link"]:
        return Markup(f'<a href="{escape(row["atom_link"])}">{escape(value)}</a>')
    if column in ("heading", "id") and {"id", "heading", "article_id"} <= keys:
        return link(datasette, database, "lessons", row["id"], value)
    if column == "article_id" and table == "lesson_details":
        return link(datasette, database, "articles", value, value)
    if column == "name" and "id" in keys:
        for columns, named_table in NAMED:
            if columns <= keys:
                return link(datasette, database, named_table, row["id"], value)
    return None
