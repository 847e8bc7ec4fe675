"""A static portal on 127.0.0.1: serves a folder like a live site, for the demo, tests and
benchmarks.

Beyond `http.server` it honours If-None-Match (ETag) and If-Modified-Since with 304, keeps a
log of request paths (to count fetches), serves extension-less files as HTML, and maps a
query string to a file so static fixtures can hold Liferay/SharePoint style URLs:
`/tin-tuc?_101_cur=2` is served from `tin-tuc@_101_cur=2.html` when that file exists, else
from the page itself (the query ignored, as a mirror would).
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PortalHandler(SimpleHTTPRequestHandler):
    """Serves `self.server.root`; subclass and override `do_GET` for special routes."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, keep-alive clients wait for a
    # delayed ACK (~40 ms) on every request.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: tests and the demo print their own progress

    def do_GET(self) -> None:
        self.server.request_log.append(self.path)
        file = self.resolve(self.path)
        if file is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return
        self.send_file(file)

    def resolve(self, raw_path: str) -> Path | None:
        parts = urlsplit(raw_path)
        relative = unquote(parts.path).lstrip("/")
        root: Path = self.server.root
        for candidate in _candidate_files(relative, parts.query):
            path = (root / candidate).resolve()
            if path.is_file() and path.is_relative_to(root):
                return path
        return None

    def send_file(self, file: Path) -> None:
        stat = file.stat()
        etag = '"' + hashlib.md5(f"{stat.st_mtime_ns}-{stat.st_size}".encode()).hexdigest() + '"'
        if self._not_modified(etag, stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = file.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _content_type(file))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if "If-None-Match" in self.headers:
            return etag in self.headers["If-None-Match"]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False


def _candidate_files(relative: str, query: str) -> Iterator[str]:
    base = relative.rstrip("/")
    if query:
        yield f"{base}@{query}"
        yield f"{base}@{query}.html"
    if relative == "" or relative.endswith("/"):
        yield f"{base}/index.html" if base else "index.html"
        return
    yield base
    yield f"{base}.html"
    yield f"{base}/index.html"


def _content_type(file: Path) -> str:
    suffix = file.suffix.lower()
    known = {
        ".css": "text/css",
        ".js": "application/javascript",
        ".txt": "text/plain",
        ".xml": "application/xml",
        ".json": "application/json",
        ".pdf": "application/pdf",
        ".jpg": "image/jpeg",
        ".png": "image/png",
        ".gif": "image/gif",
    }
    return known.get(suffix, "text/html")


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, handler: type[PortalHandler], port: int = 0):
        super().__init__(("127.0.0.1", port), handler)
        self.root = root.resolve()
        self.request_log: list[str] = []

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hung up: normal
            super().handle_error(request, client_address)


@contextmanager
def serve_directory(
    path: str | os.PathLike, handler: type[PortalHandler] = PortalHandler, port: int = 0
) -> Iterator[str]:
    """Serve `path` on 127.0.0.1 at `port` (0: a free one); yields the base URL (no trailing
    slash). Use `start_server` instead when you need the server's request log."""
    with start_server(path, handler, port) as server:
        yield base_url(server)


@contextmanager
def start_server(
    path: str | os.PathLike, handler: type[PortalHandler] = PortalHandler, port: int = 0
) -> Iterator[PortalServer]:
    server = PortalServer(Path(path), handler, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: PortalServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
