"""The lesson page (templates/row-kinhnghiem-lessons.html): its article (title, date,
site, authors, places, links) and the other lessons of that article. Read-only."""

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode

ARTICLE = (
    "select a.id, a.title, a.url, a.archived_url, a.published, a.site, a.site_id, a.authors"
    " from lessons l join articles a on a.id = l.article_id where l.id = :id"
)
SIBLINGS = (
    "select s.id, s.ordinal, s.marker, s.heading from lessons l"
    " join lessons s on s.article_id = l.article_id where l.id = :id order by s.ordinal, s.id"
)
PLACES = (
    "select p.id, p.name, p.level, p.new_name from lessons l"
    " join article_places ap on ap.article_id = l.article_id"
    " join places p on p.id = ap.place_id where l.id = :id order by ap.position"
)


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "lessons" or request is None:
        return None

    async def lesson_parts():
        db = datasette.get_database(database)
        params = {"id": tilde_decode(request.url_vars["pks"])}
        article = (await db.execute(ARTICLE, params)).first()
        return {
            "lesson_article": dict(article) if article else None,
            "lesson_siblings": (await db.execute(SIBLINGS, params)).rows,
            "lesson_places": (await db.execute(PLACES, params)).rows,
            "row_url": lambda table, key: datasette.urls.row(
                database, table, tilde_encode(str(key))
            ),
        }

    return lesson_parts
