"""`?_search=` on a table page matches the words as the search page does (the last one also
as a prefix: `kn_match`, plugins/vietnamese_sql.py, in every statement of the request: rows,
count, facets) and lists the rows best first (the index's `rank`, weighted bm25:
pipeline/store.py `RANK`) when no `_sort`/`_sort_desc` is asked for; any explicit sort,
every filter and facet stay Datasette's own.

Datasette orders a search by primary key and pages by it (`_next=<last id>`). For such a
request this wrapper marks the request, and the database's `execute` rewrites only the
statement that reads the page's rows: the search clause becomes a join to the index's
matches with their rank, `order by id` becomes `order by rank, id`, and the next-page
clause `id > :p` becomes "after that row's rank". Ranking costs 5-50 µs a match, so a search
matching more than `RANK_MAX` rows stays in id order; the page says which
(`request.scope["kn_table_search"]["ranked"]`, templates/table.html). Read-only."""

import contextvars
import re
from urllib.parse import parse_qs

from datasette import hookimpl

RANKED_TABLES = {"articles", "lessons"}  # single integer key `id`, an index `T_fts`
RANK_MAX = 10_000
ranking = contextvars.ContextVar("kn_rank_search", default=None)  # the request's state
ROWS = re.compile(
    r"select (?P<columns>.+?) from (?P<table>articles|lessons) where (?P<where>.*?)"
    r"order by id limit (?P<limit>\d+)",
    re.DOTALL,
)
SEARCH = re.compile(
    r"\b(?:rowid|id) in \(select rowid from (?P<fts>\[?\w+_fts\]?) where (?P=fts) match "
    r"(?P<match>(?:escape_fts|kn_match)\(:search\)|:search)\)"
)
AFTER = re.compile(r"\(\(id > :(?P<param>p\d+)\)\)")


def ranked_sql(sql: str) -> tuple[str, str] | None:
    """(`sql` in rank order, the statement counting the matches), or None if `sql` is not
    a table page's rows statement."""
    rows = ROWS.fullmatch(sql.strip())
    search = rows and SEARCH.search(rows["where"])
    if not search:
        return None
    fts, match = search["fts"], search["match"]
    where = rows["where"][: search.start()] + "1" + rows["where"][search.end() :]

    def after(found: re.Match) -> str:
        param = found["param"]
        rank = f"(select rank from {fts} where {fts} match {match} and rowid = :{param})"
        return f"((kn.kn_rank > {rank}) or (kn.kn_rank = {rank} and id > :{param}))"

    where = AFTER.sub(after, where)
    matches = f"(select rowid as kn_rowid, rank as kn_rank from {fts} where {fts} match {match})"
    ranked = (
        f"select {rows['columns']} from {rows['table']} join {matches} kn"
        f" on kn.kn_rowid = {rows['table']}.rowid where {where}"
        f"order by kn.kn_rank, id limit {rows['limit']}"
    )
    return ranked, f"select count(*) from {fts} where {fts} match {match}"


def rank_searches(database) -> None:
    execute = database.execute

    async def execute_ranked(sql, params=None, *args, **kwargs):
        state = ranking.get()
        if state is not None:  # Datasette's escape_fts quotes each word, no prefix
            sql = sql.replace("escape_fts(:search", "kn_match(:search")
        rewritten = ranked_sql(sql) if state is not None and state["rank"] else None
        if rewritten:
            ranked, count = rewritten
            matches = (await execute(count, params)).rows[0][0]
            if matches <= RANK_MAX:
                sql, state["ranked"] = ranked, True
        return await execute(sql, params, *args, **kwargs)

    database.execute = execute_ranked


def table_search(scope) -> dict | None:
    """The request's state if it is a table page searched with `_search` (or
    `_search_COLUMN`): whether to rank it, whether it was ranked."""
    parts = scope["path"].strip("/").split("/")
    if len(parts) != 2 or parts[0] != "kinhnghiem":
        return None
    args = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if not any(key.startswith("_search") and key != "_searchmode" for key in args):
        return None
    rank = parts[1].split(".")[0] in RANKED_TABLES and bool(args.get("_search"))
    rank = rank and not (args.get("_sort") or args.get("_sort_desc"))
    return {"rank": rank, "ranked": False}


@hookimpl
def asgi_wrapper(datasette):
    wrapped: set[int] = set()

    def wrap(app):
        async def ranked_table_search(scope, receive, send):
            state = table_search(scope) if scope["type"] == "http" else None
            if state is None:
                await app(scope, receive, send)
                return
            database = datasette.databases.get("kinhnghiem")
            if database is not None and id(database) not in wrapped:
                wrapped.add(id(database))
                rank_searches(database)
            token = ranking.set(state)
            try:
                await app({**scope, "kn_table_search": state}, receive, send)
            finally:
                ranking.reset(token)

        return ranked_table_search

    return wrap
