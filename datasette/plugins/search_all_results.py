"""The search page (`/`, `/-/search`: templates/search_all.html): articles and lessons found
for ?q= by pipeline/search.py, best first, as cards (title, date dd/mm/yyyy, site, place,
kind, a snippet with the matched words marked), with filters, facets and pages; the names
found (authors, places, organisations) with the words marked; a plain notice when the results
include rows missing one of the words. Crawled text stays autoescaped: matches are marked by
the template from (text, matched) pieces. Read-only."""

from dataclasses import replace
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

import pipeline.search as search_module
from nlp.normalize import fold
from pipeline.search import (
    FILTERS,
    WORDS,
    Query,
    Results,
    highlight,
    message,
    names,
    people_date,
    search_database,
    snippet,
    word_pattern,
)

FILTER_LABELS = {"year": "Năm", "place": "Địa danh", "topic": "Chủ đề", "kind": "Loại",
                 "site": "Cổng thông tin"}  # fmt: skip
NAME_LABELS = {"authors": "Tác giả", "places": "Địa danh", "organizations": "Cơ quan, tổ chức"}
NOUNS = {"articles": "bài viết", "lessons": "bài học"}


def shown_query(query: Query, named: dict[str, list[dict]]) -> Query:
    """The query as its matches are marked: a last word typed in part stands for the words
    it begins in the names found ("ksor nhi": the author Ksor Nhi, not every "nhiệm" and
    "nhiều" of the text). What is found and its order stay the search's."""
    last = query.terms[-1] if query.terms else None
    if last is None or not last.prefix:
        return query
    completions = sorted(
        {word for hits in named.values() for hit in hits
         for word in WORDS.findall(fold(hit["name"])) if word.startswith(last.word)}
    )  # fmt: skip
    if not completions:
        return query
    first, *others = completions
    whole = replace(last, word=first, prefix=False, alternatives=[*others, *last.alternatives])
    return replace(query, terms=[*query.terms[:-1], whole])


def relaxed_notice(query: Query, complete: dict[str, int], found: dict[str, int]) -> str | None:
    """Said when rows missing one word are shown: how many rows hold every word typed
    (`complete`, by table, of the `found` for the tables where one word could be missing)."""
    complete = {table: n for table, n in complete.items() if found.get(table, 0) > n}
    if not complete:  # every row found holds every word
        return None
    words = f"{len(query.terms)} từ “{query.text.strip()}”"
    if not any(complete.values()):
        nouns = " hay ".join(NOUNS[table] for table in complete)
        found = f"Không có {nouns} nào chứa đủ cả {words}, nên dưới đây là những bài"
    else:
        counts = " và ".join(f"{n} {NOUNS[table]}" for table, n in complete.items())
        found = f"Chỉ có {counts} chứa đủ cả {words}, nên dưới đây có thêm những bài"
    return f"{found} thiếu một trong các từ đó (có thể một từ bị gõ nhầm)."


def upper_first(text: str | None) -> str | None:
    """A heading as a title: its first letter upper-cased. A lesson's heading begins after
    its marker ("Một là, nâng cao…" gives "nâng cao…"), so it begins in lower case."""
    return text and text[:1].upper() + text[1:]


def facet_options(name: str, pairs: list) -> list:
    """A filter's values as listed: years newest first, the others most lessons first."""
    return sorted(pairs, key=lambda pair: str(pair[0]), reverse=True) if name == "year" else pairs


def card(datasette, table: str, hit: dict, query: Query) -> dict:
    row_url = datasette.urls.row("kinhnghiem", table, tilde_encode(str(hit["id"])))
    article = hit["article_id"] and datasette.urls.row(
        "kinhnghiem", "articles", tilde_encode(str(hit["article_id"]))
    )
    authors = highlight(hit["authors"], word_pattern(query)) if hit["authors"] else []
    return {**hit, "title": upper_first(hit["title"]), "link": row_url, "article_link": article,
            "date": people_date(hit["published"]),
            "pieces": snippet(hit["text"], query), "author_pieces": authors,
            "author_matched": any(matched for _, matched in authors)}  # fmt: skip


def page_link(args: dict, **changes) -> str:
    merged = {k: v for k, v in {**args, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


@hookimpl
def extra_template_vars(template, datasette, request):
    if template != "search_all.html" or request is None:
        return None

    async def results():
        if "kinhnghiem" not in datasette.databases:
            return {"kn_results": None}
        db = datasette.get_database("kinhnghiem")
        found = await search_database(db, request.args)
        named = found.names
        if not named and found.page > 1 and found.query.terms:  # listed on the first page only
            named = await db.execute_fn(lambda conn: names(conn, found.query))
        shown = shown_query(found.query, named)
        pattern = word_pattern(shown)
        args = {k: request.args.get(k) for k in ("q", "page", *FILTERS) if request.args.get(k)}
        facets = [
            {"name": name, "label": FILTER_LABELS[name], "selected": args.get(name),
             "options": [(value, n, page_link(args, **{name: value, "page": None}))
                        for value, n in facet_options(name, found.facets.get(name, []))],
             "unfiltered": page_link(args, **{name: None, "page": None})}
            for name in FILTERS if found.facets.get(name) or args.get(name)
        ]  # fmt: skip
        sections = [
            {"table": table, "count": found.shown_counts.get(table, 0),
             "more": table in found.capped,
             "cards": [card(datasette, table, hit, shown) for hit in hits]}
            for table, hits in found.hits.items()
        ]  # fmt: skip
        named = [
            (NAME_LABELS[table], [
                (highlight(hit["name"], pattern), hit["articles"],
                 datasette.urls.row("kinhnghiem", table, tilde_encode(str(hit["id"]))))
                for hit in hits])
            for table, hits in found.names.items()
        ]  # fmt: skip
        return {
            "kn_results": found, "kn_sections": sections, "kn_facets": facets,
            "kn_facet_sample": search_module.FACET_SAMPLE,
            "kn_names": named,
            "kn_clear_filters": found.filters.items() and page_link({"q": args.get("q")}),
            "kn_message": message(found),
            "kn_relaxed_notice": relaxed_notice(
                found.query, await complete_counts(db, found), found.counts
            ),
            "kn_previous": found.page > 1 and page_link(args, page=found.page - 1),
            "kn_next": found.page < found.pages and page_link(args, page=found.page + 1),
            "kn_json": datasette.urls.path("/-/search.json") + page_link(args),
        }  # fmt: skip

    return results


async def complete_counts(db, found: Results) -> dict[str, int]:
    """{table: rows holding every word} for the tables showing rows missing one (few: the
    search shows those when fewer than `RELAX_BELOW` hold every word)."""
    counts = {}
    for table in (table for table in NOUNS if table in found.relaxed):
        where, params = found.filters.where(table)
        sql = (f"select count(*) from {table}_fts join {table} t on t.id = {table}_fts.rowid"
               f" where {table}_fts match :match{where}")  # fmt: skip
        rows = await db.execute(sql, {**params, "match": found.query.match()})
        counts[table] = rows.first()[0]
    return counts
