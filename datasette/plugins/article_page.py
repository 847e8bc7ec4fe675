"""The article page (templates/row-kinhnghiem-articles.html) lists the article's lessons,
authors and places: this hook reads them for the row being shown. Read-only."""

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode

LESSONS = (
    "select id, ordinal, marker, heading, text, kind, topic from lessons"
    " where article_id = :id order by id"
)
AUTHORS = (
    "select au.id, au.name, au.title from article_authors aa"
    " join authors au on au.id = aa.author_id where aa.article_id = :id order by aa.position"
)
PLACES = (
    "select p.id, p.name, p.level, p.province, p.new_name from article_places ap"
    " join places p on p.id = ap.place_id where ap.article_id = :id order by ap.position"
)


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "articles" or request is None:
        return None

    async def article_parts():
        db = datasette.get_database(database)
        params = {"id": tilde_decode(request.url_vars["pks"])}
        return {
            "article_lessons": (await db.execute(LESSONS, params)).rows,
            "article_authors": (await db.execute(AUTHORS, params)).rows,
            "article_places": (await db.execute(PLACES, params)).rows,
            "row_url": lambda table, key: datasette.urls.row(
                database, table, tilde_encode(str(key))
            ),
        }

    return article_parts
