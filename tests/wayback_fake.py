"""A strict fake of the Wayback Machine on loopback, for crawl tests and benchmarks.

Strict the way the archive is:
- each endpoint (CDX, playback) takes at most `limits[endpoint]` requests in any sliding
  minute; above that it answers 429 with Retry-After; requests that ignore a 429's pause
  count as violations, and `block_after` of them firewall the client: every connection is
  then dropped without an answer for `block_minutes`;
- an unpaged CDX query (no limit/resumeKey/page) is cut short at `unpaged_rows` rows; paging
  works with `limit` + `showResumeKey`/`resumeKey`, and with `page=`/`showNumPages`;
- `fl`, `filter` (regex, `!` negates), `collapse` (adjacent rows, `field:N`), `from`/`to`
  and `matchType` prefix/host/domain are honoured;
- playback of `/web/<ts>id_/<url>` returns the capture's exact bytes; a redirect capture
  answers its 3xx with the Location rewritten into the archive, as the archive does.

Time is scaled: `minute` seconds make a minute (Retry-After is in archive seconds).
`make_portal_archive` fills it with a district portal whose newest captures are often not
the article (soft 404s, closed-site notices, redirects, the province portal after 2025),
each page captured as http, https and www.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

from big_portal import PAGE, _article, article_path

HOST = "chupuh.gialai.gov.vn"
PROVINCE_PORTAL = "https://gialai.gov.vn/"


def surt(url: str) -> str:
    """The archive's sort key: no scheme, no www., host labels reversed, lower case."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = re.sub(r"^www\d*\.", "", (parts.hostname or "").lower())
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return ",".join(reversed(host.split("."))) + ")" + (path + query).lower()


@dataclass
class Capture:
    original: str
    timestamp: str
    status: int = 200
    body: bytes = b""
    location: str = ""  # of a redirect capture
    mimetype: str = "text/html"
    lost: bool = False  # listed, but playback answers 404 (the archive lost its bytes)

    @cached_property
    def urlkey(self) -> str:
        return surt(self.original)

    @cached_property
    def digest(self) -> str:
        data = self.body or f"{self.status} {self.location}".encode()
        return hashlib.sha1(data).hexdigest()[:32].upper()

    def field(self, name: str) -> str:
        values = {
            "urlkey": self.urlkey,
            "timestamp": self.timestamp,
            "original": self.original,
            "mimetype": self.mimetype,
            "statuscode": str(self.status),
            "digest": self.digest,
            "length": str(len(self.body)),
        }
        return values[name]


@dataclass
class ArchiveState:
    captures: list[Capture] = field(default_factory=list)
    minute: float = 60.0
    limits: dict[str, int] = field(default_factory=lambda: {"cdx": 24, "playback": 80})
    unpaged_rows: int = 100
    page_size: int = 50  # rows per `page=` page
    block_after: int = 3
    block_minutes: float = 60
    blocked_until: float = 0.0
    log: list[tuple[float, str, str, int]] = field(default_factory=list)  # time, ep, path, status
    lock: threading.Lock = field(default_factory=threading.Lock)
    recent: dict[str, deque] = field(default_factory=lambda: {"cdx": deque(), "playback": deque()})
    paused_until: dict[str, float] = field(default_factory=dict)
    violations: int = 0

    def add(self, *captures: Capture) -> None:
        self.captures.extend(captures)
        self.captures.sort(key=lambda c: (c.urlkey, c.timestamp, c.original))

    def admit(self, endpoint: str) -> tuple[str, float]:
        """('ok' | '429' | 'drop', Retry-After in archive seconds) for a request now."""
        now = time.monotonic()
        with self.lock:
            if now < self.blocked_until:
                return "drop", 0
            if now < self.paused_until.get(endpoint, 0):
                self.violations += 1  # asked again during the pause a 429 asked for
                if self.violations >= self.block_after:
                    self.blocked_until = now + self.block_minutes * self.minute
                    return "drop", 0
            window = self.recent[endpoint]
            while window and window[0] <= now - self.minute:
                window.popleft()
            if len(window) >= self.limits[endpoint]:
                wait = window[0] + self.minute - now
                self.paused_until[endpoint] = now + wait
                return "429", math.ceil(wait * 60 / self.minute)
            window.append(now)
            return "ok", 0

    def count(self, endpoint: str, status: int | None = None) -> int:
        return sum(1 for _, e, _, s in self.log if e == endpoint and status in (None, s))

    def max_in_window(self, endpoint: str) -> int:
        """Most requests (answered or not) to the endpoint in any sliding minute."""
        times = [t for t, e, _, _ in self.log if e == endpoint]
        best, start = 0, 0
        for end, t in enumerate(times):
            while times[start] <= t - self.minute:
                start += 1
            best = max(best, end - start + 1)
        return best


class FakeWaybackHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms ACK wait
    server: FakeWaybackServer

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        endpoint = "cdx" if parts.path.startswith("/cdx/") else "playback"
        if not parts.path.startswith(("/cdx/", "/web/")):
            return self.reply(404, b"not found", "text/plain")
        verdict, retry = state.admit(endpoint)
        if verdict == "drop":
            state.log.append((time.monotonic(), endpoint, self.path, 0))
            self.close_connection = True
            self.connection.close()  # the firewall: no answer at all
            return None
        if verdict == "429":
            state.log.append((time.monotonic(), endpoint, self.path, 429))
            return self.reply(429, b"Too Many Requests", "text/plain", {"Retry-After": str(retry)})
        if endpoint == "cdx":
            status, body, kind, headers = 200, cdx_answer(state, parse_qs(parts.query)), "", {}
            kind = "application/json" if b"[" in body[:1] else "text/plain"
        else:
            status, body, kind, headers = playback(state, self.path)
        state.log.append((time.monotonic(), endpoint, self.path, status))
        return self.reply(status, body, kind, headers)

    def reply(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class FakeWaybackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: ArchiveState):
        super().__init__(("127.0.0.1", 0), FakeWaybackHandler)
        self.state = state

    def handle_error(self, request, client_address) -> None:
        pass  # a client hanging up is its business


@contextmanager
def fake_wayback(state: ArchiveState):
    """Serve `state` on 127.0.0.1; yields the base URL for KINHNGHIEM_WAYBACK_URL."""
    server = FakeWaybackServer(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def cdx_answer(state: ArchiveState, query: dict[str, list[str]]) -> bytes:
    one = {k: v[-1] for k, v in query.items()}
    rows = _matching(state.captures, one.get("url", ""), one.get("matchType", "exact"))
    rows = [c for c in rows if _in_time(c.timestamp, one.get("from"), one.get("to"))]
    for spec in query.get("filter", []):
        rows = _filtered(rows, spec)
    for spec in query.get("collapse", []):
        rows = _collapsed(rows, spec)
    fields = one.get("fl", "urlkey,timestamp,original,mimetype,statuscode,digest,length")
    fields = fields.split(",")
    if "page" in one or "showNumPages" in one:
        pages = max(1, math.ceil(len(rows) / state.page_size))
        if one.get("showNumPages") == "true":
            return str(pages).encode()
        page = int(one.get("page", "0"))
        return _json(fields, rows[page * state.page_size : (page + 1) * state.page_size])
    start = int(unquote(one["resumeKey"])) if "resumeKey" in one else 0
    limit = min(int(one.get("limit", state.unpaged_rows)), state.unpaged_rows)
    chunk = rows[start : start + limit]  # unpaged answers are cut short silently
    tail = None
    if one.get("showResumeKey") == "true" and start + limit < len(rows):
        tail = quote(str(start + limit))
    return _json(fields, chunk, tail)


def _json(fields: list[str], rows: list[Capture], resume_key: str | None = None) -> bytes:
    table = [fields] + [[c.field(f) for f in fields] for c in rows]
    if resume_key is not None:
        table += [[], [resume_key]]
    return json.dumps(table).encode()


def _matching(captures: list[Capture], url: str, match: str) -> list[Capture]:
    key = surt(url)
    if match == "prefix":
        return [c for c in captures if c.urlkey.startswith(key.rstrip("/"))]
    host = key.split(")", 1)[0]
    if match == "host":
        return [c for c in captures if c.urlkey.split(")", 1)[0] == host]
    if match == "domain":
        return [c for c in captures if c.urlkey.split(")", 1)[0].startswith(host)]
    return [c for c in captures if c.urlkey == key]


def _in_time(timestamp: str, start: str | None, end: str | None) -> bool:
    return (not start or timestamp >= start.ljust(14, "0")) and (
        not end or timestamp <= end.ljust(14, "9")
    )


def _filtered(rows: list[Capture], spec: str) -> list[Capture]:
    negate = spec.startswith("!")
    name, _, pattern = spec.lstrip("!").partition(":")
    regex = re.compile(pattern)
    return [c for c in rows if bool(regex.fullmatch(c.field(name))) != negate]


def _collapsed(rows: list[Capture], spec: str) -> list[Capture]:
    name, _, width = spec.partition(":")
    kept, last = [], None
    for c in rows:
        value = c.field(name)[: int(width)] if width else c.field(name)
        if value != last:
            kept.append(c)
        last = value
    return kept


def playback(state: ArchiveState, path: str) -> tuple[int, bytes, str, dict]:
    match = re.match(r"/web/(\d{14})id_/(.+)$", path)
    if not match:
        return 404, b"not in the archive", "text/plain", {}
    timestamp, original = match.groups()
    for c in state.captures:
        if c.timestamp == timestamp and c.original == original and not c.lost:
            if 300 <= c.status < 400:
                return c.status, b"", "text/html", {"Location": f"/web/{timestamp}id_/{c.location}"}
            return c.status, c.body, f"{c.mimetype}; charset=utf-8", {}
    return 404, b"not in the archive", "text/plain", {}


# -- a district portal as the archive holds it -------------------------------------------

SOFT_404 = PAGE.format(title="Không tìm thấy trang", main="<h1>Lỗi 404</h1><p>Không tìm thấy.</p>")
CLOSED = PAGE.format(
    title="Thông báo",
    main="<h1>Thông báo</h1><p>Trang thông tin điện tử huyện đã ngừng hoạt động từ ngày "
    "01/7/2025, thông tin được chuyển về Cổng thông tin điện tử tỉnh Gia Lai.</p>",
)


def article_url(n: int, scheme: str = "http", www: bool = False, host: str = HOST) -> str:
    return f"{scheme}://{'www.' if www else ''}{host}{article_path(n)}"


def make_portal_archive(
    state: ArchiveState, articles: int, noise: int = 4, host: str = HOST
) -> dict[int, str]:
    """Captures of `articles` pages; returns article number -> the timestamp of the capture
    the crawler must use. Every fifth page has no good newest capture, in five ways; pages
    are captured as http, https and www.; `noise` captures of listings per article make the
    listing far longer than one unpaged answer. The last article has no good capture."""
    best: dict[int, str] = {}
    for n in range(1, articles + 1):
        body = _article(n).encode()
        year = 2019 + n % 4
        later = body.replace(b"</footer>", b" v2.</footer>")  # a new footer: new digest
        good = [
            Capture(article_url(n, host=host), f"{year}0301000000", body=body),
            Capture(
                article_url(n, "https", www=n % 2 == 0, host=host),
                f"{year + 1}0615120000",
                body=later,
            ),
            # unchanged recapture: same digest, collapsed by the CDX query
            Capture(
                article_url(n, "https", www=n % 2 == 0, host=host),
                f"{year + 1}0616120000",
                body=later,
            ),
        ]
        best[n] = good[1].timestamp
        newer = {
            0: [Capture(article_url(n, host=host), "20240101000000", body=SOFT_404.encode())],
            1: [
                Capture(
                    article_url(n, host=host),
                    "20240202000000",
                    301,
                    location=article_url(n, "https", host=host),
                )
            ],
            2: [
                Capture(
                    article_url(n, "https", host=host),
                    "20250801000000",
                    302,
                    location=PROVINCE_PORTAL,
                )
            ],
            3: [
                Capture(article_url(n, www=True, host=host), "20250901000000", body=CLOSED.encode())
            ],
            4: [],
        }[n % 5]
        if n == articles:
            good, newer = (
                [],
                [Capture(article_url(n, host=host), "20240303000000", body=SOFT_404.encode())],
            )
            best.pop(n)
        state.add(*good, *newer)
        for k in range(noise):  # listings, captured often
            listing = f"http://{host}/tin-tuc/trang-{n}.html"
            state.add(Capture(listing, f"2020{k + 1:02d}01000000", body=f"<p>{n} {k}</p>".encode()))
    state.add(Capture(f"http://{host}/images/logo.png", "20200101000000", mimetype="image/png"))
    return best
