"""`?_bom=1` on any CSV export (the table page's "CSV cho Excel" link) starts the file with
a UTF-8 byte order mark, without which Excel on Windows reads Vietnamese as mojibake. The
argument is taken off before Datasette sees it; other responses pass untouched. Read-only."""

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

BOM = "\ufeff".encode()


def bom_asked(scope) -> tuple[bool, bytes]:
    """(was `_bom=1` given, the query string without it)."""
    query = scope.get("query_string", b"")
    if b"_bom=" not in query:
        return False, query
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if key != "_bom"]
    asked = any(key == "_bom" and value not in ("", "0") for key, value in pairs)
    return asked, urlencode(kept).encode("ascii")


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def csv_with_bom(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            asked, query = bom_asked(scope)
            if not asked:
                await app(scope if query is scope.get("query_string") else
                          {**scope, "query_string": query}, receive, send)  # fmt: skip
                return
            state = {"csv": False, "started": False}

            async def send_with_bom(message):
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", [])]
                    kind = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                    state["csv"] = kind.startswith(b"text/csv") or kind.startswith(b"text/plain")
                    if state["csv"]:  # the length grows by the mark
                        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                    message = {**message, "headers": headers}
                elif message["type"] == "http.response.body" and state["csv"]:
                    if not state["started"]:
                        state["started"] = True
                        message = {**message, "body": BOM + message.get("body", b"")}
                await send(message)

            await app({**scope, "query_string": query}, receive, send_with_bom)

        return csv_with_bom

    return wrap
