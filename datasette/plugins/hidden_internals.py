"""/-/databases.json without the server's file paths, and no /-/threads.json (it lists
the server's threads and tasks). Plugin routes are matched before Datasette's own. Read-only.
"""

from datasette import Response, hookimpl


def connected_databases(datasette) -> Response:
    """Datasette's own list, each database without its `path` on disk."""
    databases = [
        {key: value for key, value in database.items() if key != "path"}
        for database in datasette._connected_databases()
    ]
    return Response.json(databases)


def not_published() -> Response:
    return Response.json({"ok": False, "error": "Not published", "status": 404}, status=404)


@hookimpl
def register_routes():
    return [
        (r"^/-/databases(\.json)?$", connected_databases),
        (r"^/-/threads(\.json)?$", not_published),
    ]
