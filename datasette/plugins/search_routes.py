"""Routes of the one search: `/` and `/-/search` (the search page, templates/search_all.html,
filled by search_all_results.py) and `/-/search.json` (the same results as JSON:
{"articles": [...], "lessons": [...]}, best first; the filters' counts with `facets=1`).
Plugins in this folder are asked for routes before datasette-search-all, so these answer
`/-/search`. Read-only."""

from datasette import hookimpl
from datasette.utils.asgi import Response

from pipeline.search import as_json, search_database


async def search_page(datasette, request):
    context = {"q": request.args.get("q") or ""}
    return Response.html(await datasette.render_template("search_all.html", context, request))


async def search_json(datasette, request):
    if "kinhnghiem" not in datasette.databases:
        return Response.json({"error": "no database"}, status=404)
    with_facets = request.args.get("facets") in ("1", "on", "true")  # they cost ~50 ms
    found = await search_database(datasette.get_database("kinhnghiem"), request.args, with_facets)
    response = Response.json(as_json(found))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@hookimpl
def register_routes():
    return [
        (r"^/-/search\.json$", search_json),
        (r"^/-/search/?$", search_page),
        (r"^/$", search_page),
    ]
