"""Canned query results link what they name: `article_title` to the article page (beside
an `article_id`), a lesson's `heading` to the lesson page (beside `id` and `article_id`).
Values stay escaped. Read-only."""

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape


def link(datasette, database, table, key, value) -> Markup:
    href = datasette.urls.row(database, table, tilde_encode(str(key)))
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table is not None or value is None:
        return None
    keys = row.keys()
    if column == "article_title" and "article_id" in keys and row["article_id"] is not None:
        return link(datasette, database, "articles", row["article_id"], value)
    if column == "heading" and "id" in keys and "article_id" in keys:
        return link(datasette, database, "lessons", row["id"], value)
    return None
