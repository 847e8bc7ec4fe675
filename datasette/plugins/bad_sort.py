"""`?_sort=` or `?_sort_desc=` naming a column that cannot be sorted is the visitor's
mistake: 400 and a plain message, not Datasette's 500 "Cannot sort table by". Read-only."""

from datasette import Response, hookimpl
from datasette.views.base import DatasetteError

CANNOT_SORT = "Cannot sort table by "


@hookimpl
def handle_exception(datasette, request, exception):
    message = getattr(exception, "message", None)
    if not isinstance(exception, DatasetteError) or not str(message).startswith(CANNOT_SORT):
        return None
    column = message[len(CANNOT_SORT) :]
    info = {
        "ok": False,
        "status": 400,
        "title": "Không sắp xếp được / Cannot sort",
        "error": f"Không sắp xếp được theo cột «{column}» / Cannot sort by «{column}»:"
        " chọn một cột có thể sắp xếp ở đầu bảng / choose a sortable column in the header.",
    }
    if request.path.endswith(".json"):
        return Response.json(info, status=400)

    async def page():
        html = await datasette.render_template(["400.html", "error.html"], info, request=request)
        return Response.html(html, status=400)

    return page
