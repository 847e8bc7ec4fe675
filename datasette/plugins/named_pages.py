"""The author, place and organisation pages (templates/row-kinhnghiem-{authors,places,
organizations}.html): the articles that name them, newest first, with their lessons'
count. Read-only."""

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode

LINKS = {  # table -> (link table, its key column)
    "authors": ("article_authors", "author_id"),
    "places": ("article_places", "place_id"),
    "organizations": ("article_organizations", "organization_id"),
}
ARTICLES = (
    "select a.id, a.title, a.published, a.site, a.lesson_count from {link} x"
    " join articles a on a.id = x.article_id where x.{key} = :id"
    " order by a.published desc, a.id limit 500"
)


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table not in LINKS or request is None:
        return None

    async def named_articles():
        link, key = LINKS[table]
        db = datasette.get_database(database)
        params = {"id": tilde_decode(request.url_vars["pks"])}
        rows = (await db.execute(ARTICLES.format(link=link, key=key), params)).rows
        return {
            "named_articles": rows,
            "row_url": lambda table, key: datasette.urls.row(
                database, table, tilde_encode(str(key))
            ),
        }

    return named_articles
