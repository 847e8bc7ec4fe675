"""The search page (`/`, `/-/search`: templates/search_all.html): articles and lessons found
for ?q= by pipeline/search.py, best first, as cards (title, date dd/mm/yyyy, site, place,
kind, a snippet with the matched words marked), with filters, facets and pages. Crawled text
stays autoescaped: matches are marked by the template from (text, matched) pieces.
Read-only."""

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

from pipeline.search import FILTERS, message, people_date, search_database, snippet

FILTER_LABELS = {"year": "Năm", "place": "Địa danh", "topic": "Chủ đề", "kind": "Loại",
                 "site": "Cổng thông tin"}  # fmt: skip
NAME_LABELS = {"authors": "Tác giả", "places": "Địa danh", "organizations": "Cơ quan, tổ chức"}


def card(datasette, table: str, hit: dict, query) -> dict:
    row_url = datasette.urls.row("kinhnghiem", table, tilde_encode(str(hit["id"])))
    article = hit["article_id"] and datasette.urls.row(
        "kinhnghiem", "articles", tilde_encode(str(hit["article_id"]))
    )
    return {**hit, "link": row_url, "article_link": article, "date": people_date(hit["published"]),
            "pieces": snippet(hit["text"], query)}  # fmt: skip


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
        found = await search_database(datasette.get_database("kinhnghiem"), request.args)
        args = {k: request.args.get(k) for k in ("q", "page", *FILTERS) if request.args.get(k)}
        facets = [
            {"name": name, "label": FILTER_LABELS[name], "selected": args.get(name),
             "options": [(value, n, page_link(args, **{name: value, "page": None}))
                        for value, n in found.facets.get(name, [])],
             "clear": page_link(args, **{name: None, "page": None})}
            for name in FILTERS if found.facets.get(name) or args.get(name)
        ]  # fmt: skip
        sections = [
            {"table": table, "count": found.counts.get(table, 0),
             "cards": [card(datasette, table, hit, found.query) for hit in hits]}
            for table, hits in found.hits.items()
        ]  # fmt: skip
        named = [
            (NAME_LABELS[table], [
                (hit["name"], hit["articles"],
                 datasette.urls.row("kinhnghiem", table, tilde_encode(str(hit["id"]))))
                for hit in hits])
            for table, hits in found.names.items()
        ]  # fmt: skip
        return {
            "kn_results": found, "kn_sections": sections, "kn_facets": facets,
            "kn_names": named,
            "kn_clear_filters": found.filters.items() and page_link({"q": args.get("q")}),
            "kn_message": message(found),
            "kn_previous": found.page > 1 and page_link(args, page=found.page - 1),
            "kn_next": found.page < found.pages and page_link(args, page=found.page + 1),
            "kn_json": datasette.urls.path("/-/search.json") + page_link(args),
        }  # fmt: skip

    return results
