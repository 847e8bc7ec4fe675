"""The /-/search page (route from datasette-search-all): articles and lessons found for ?q=,
each as title, date, site and a short snippet around the first match, rendered by
templates/search_all.html (autoescaped; nothing crawled is marked safe). Read-only."""

from urllib.parse import urlencode

from datasette import hookimpl

from nlp.normalize import fold

LIMIT = 10
SNIPPET_CHARS = 220
SEARCHES = {
    "articles": """
select a.id, a.title, a.published, a.site, a.body as text, a.url, null as article_id,
       null as article_title
from articles_fts join articles a on a.id = articles_fts.rowid
where articles_fts match escape_fts(:q) order by rank limit :limit""",
    "lessons": """
select l.id, l.heading as title, l.published, l.site, l.text, a.url, l.article_id,
       a.title as article_title
from lessons_fts join lessons l on l.id = lessons_fts.rowid
join articles a on a.id = l.article_id
where lessons_fts match escape_fts(:q) order by rank limit :limit""",
}
COUNT = "select count(*) from {table}_fts where {table}_fts match escape_fts(:q)"


def folded_chars(text: str) -> str:
    """`fold` character by character, so positions in the result are positions in `text`."""
    return "".join(f if len(f := fold(c)) == 1 else c.lower()[:1] or c for c in text)


def snippet(text: str | None, query: str, size: int = SNIPPET_CHARS) -> str:
    """About `size` characters of `text` around the first query word found (any diacritics)."""
    text = " ".join((text or "").split())
    folded = folded_chars(text)
    found = [folded.find(word) for word in fold(query).split()]
    start = min((p for p in found if p >= 0), default=0)
    begin = max(0, start - size // 3)
    if begin:
        begin = text.rfind(" ", 0, begin) + 1
    end = min(len(text), begin + size)
    return ("… " if begin else "") + text[begin:end] + (" …" if end < len(text) else "")


async def search(datasette, query: str) -> list[dict]:
    db = datasette.get_database("kinhnghiem")
    sections = []
    for table, sql in SEARCHES.items():
        params = {"q": query, "limit": LIMIT}
        count = (await db.execute(COUNT.format(table=table), params)).rows[0][0]
        rows = (await db.execute(sql, params)).rows if count else []
        results = [
            {**dict(row), "snippet": snippet(row["text"], query),
             "link": datasette.urls.row("kinhnghiem", table, str(row["id"])),
             "article_link": row["article_id"]
             and datasette.urls.row("kinhnghiem", "articles", str(row["article_id"]))}
            for row in rows
        ]  # fmt: skip
        more = datasette.urls.table("kinhnghiem", table) + "?" + urlencode({"_search": query})
        sections.append({"table": table, "count": count, "results": results, "more": more})
    return sections


@hookimpl
def extra_template_vars(template, datasette, request):
    if template != "search_all.html" or request is None:
        return None

    async def results():
        query = (request.args.get("q") or "").strip()
        if not query or "kinhnghiem" not in datasette.databases:
            return {"kn_sections": []}
        return {"kn_sections": await search(datasette, query)}

    return results
