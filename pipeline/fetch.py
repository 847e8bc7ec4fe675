"""One page over HTTP for `kinhnghiem extract URL`, within the crawler's limits
(crawler/settings.py): at most DOWNLOAD_MAXSIZE bytes and DOWNLOAD_TIMEOUT seconds for the
whole fetch, however slowly the server sends. A per-read socket timeout alone lets a server
sending a byte every few seconds hold the command forever."""

from __future__ import annotations

import http.client
import os
import socket
import threading
import urllib.request

from crawler.settings import USER_AGENT, crawl_settings
from pipeline.errors import KinhnghiemError

_LIMITS = crawl_settings()
MAX_BYTES: int = _LIMITS["DOWNLOAD_MAXSIZE"]
DEADLINE_SECONDS: float = _LIMITS["DOWNLOAD_TIMEOUT"]
DEADLINE_ENV = "KINHNGHIEM_FETCH_DEADLINE"  # seconds; tests shorten the deadline
CHUNK = 64 * 1024


class _Connections:
    """The fetch's connections (redirects open more), so the deadline can close them."""

    def __init__(self) -> None:
        self.open: list[http.client.HTTPConnection] = []
        self.expired = threading.Event()

    def track(self, http_class):
        def connect(*args, **kwargs):
            connection = http_class(*args, **kwargs)
            self.open.append(connection)
            return connection

        return connect

    def expire(self) -> None:
        """At the deadline: wakes any blocked read by shutting the sockets down."""
        self.expired.set()
        for connection in self.open:
            if connection.sock is not None:
                try:
                    connection.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed


class _Tracking:
    """Mixed into urllib's handlers: every connection they open is tracked."""

    connections: _Connections

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self.connections.track(http_class), req, **kwargs)


class _TrackedHTTP(_Tracking, urllib.request.HTTPHandler):
    pass


class _TrackedHTTPS(_Tracking, urllib.request.HTTPSHandler):
    pass


def _opener(connections: _Connections) -> urllib.request.OpenerDirector:
    handlers = [_TrackedHTTP(), _TrackedHTTPS()]
    for handler in handlers:
        handler.connections = connections
    return urllib.request.build_opener(*handlers)


def deadline_seconds() -> float:
    value = os.environ.get(DEADLINE_ENV)
    try:
        return float(value) if value else DEADLINE_SECONDS
    except ValueError as error:
        raise KinhnghiemError(f"{DEADLINE_ENV}={value!r} is not a number of seconds") from error


def fetch(url: str, max_bytes: int = MAX_BYTES, deadline: float | None = None) -> tuple[bytes, str]:
    """(body, Content-Type) of `url`; KinhnghiemError naming the URL if it cannot be
    fetched, is larger than `max_bytes` or takes longer than `deadline` seconds in all."""
    deadline = deadline_seconds() if deadline is None else deadline
    connections = _Connections()
    opener = _opener(connections)
    timer = threading.Timer(deadline, connections.expire)
    timer.start()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with opener.open(request, timeout=deadline) as response:
            body = _read_capped(url, response, max_bytes)
            content_type = response.headers.get("Content-Type", "")
    except (OSError, ValueError, http.client.HTTPException) as error:
        # A socket timeout is `deadline` seconds of one wait: the deadline has passed too,
        # whichever of the two fired first.
        if connections.expired.is_set() or _timed_out(error):
            raise _too_slow(url, deadline) from error
        raise KinhnghiemError(f"{url}: cannot fetch ({error})") from error
    finally:
        timer.cancel()
    if connections.expired.is_set():
        raise _too_slow(url, deadline)
    return body, content_type


def _timed_out(error: BaseException) -> bool:
    return isinstance(error, TimeoutError) or isinstance(
        getattr(error, "reason", None), TimeoutError
    )


def _read_capped(url: str, response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(url, max_bytes)
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(url, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, max_bytes: int) -> KinhnghiemError:
    return KinhnghiemError(f"{url}: larger than {max_bytes / 1024 / 1024:g} MB, not read")


def _too_slow(url: str, deadline: float) -> KinhnghiemError:
    return KinhnghiemError(f"{url}: not fetched within {deadline:g} s, given up")
