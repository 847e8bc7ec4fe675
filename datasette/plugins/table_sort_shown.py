"""A table page shows a sort only when one was asked for. Datasette marks the primary key
as the sort of an unsorted page, and its form then sends `_sort=id` with every search:
that would turn the relevance order of a search (table_search_rank.py) into id order.
Read-only."""

from datasette import hookimpl


@hookimpl
def extra_template_vars(view_name, request):
    if view_name != "table" or request is None:
        return None
    if request.args.get("_sort") or request.args.get("_sort_desc"):
        return None
    return {"sort": None}
