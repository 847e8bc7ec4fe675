"""Helpers for tests that start real servers on loopback."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    """Until `url` answers; fails early if the server process has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


@contextmanager
def datasette_server(data_dir: Path, stderr=subprocess.DEVNULL) -> Iterator[str]:
    """A real `datasette` serving DATA/kinhnghiem.db as `kinhnghiem serve` runs it; its
    base URL once it answers. Stopped afterwards."""
    from pipeline.serve import datasette_args

    port = free_port()
    args = datasette_args(data_dir, port=port)
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/-/versions.json", server)
        yield base
    finally:
        server.terminate()
        server.wait(10)
