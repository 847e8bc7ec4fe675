"""A table's `?_search=` (or `?_search_COLUMN=`) with no word in it — empty, only quotes,
only punctuation — is dropped before Datasette sees it, so the page lists the table
instead of failing with "Invalid SQL" (FTS5 rejects an empty query); control characters
(a NUL ends FTS5's string early: "unterminated string") are removed. Words are left to
Datasette, which quotes each one. Read-only."""

import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from pipeline.search import WORDS

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_search(key: str) -> bool:
    return key.startswith("_search") and key != "_searchmode"


def without_empty_searches(query_string: bytes) -> bytes:
    decoded = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    cleaned = [
        (key, CONTROL.sub(" ", value) if is_search(key) else value) for key, value in decoded
    ]
    kept = [(key, value) for key, value in cleaned if not is_search(key) or WORDS.search(value)]
    if kept == decoded:
        return query_string
    return urlencode(kept).encode("ascii")


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def searches_with_words(scope, receive, send):
            if scope["type"] == "http" and b"_search" in scope.get("query_string", b""):
                scope = {**scope, "query_string": without_empty_searches(scope["query_string"])}
            await app(scope, receive, send)

        return searches_with_words

    return wrap
