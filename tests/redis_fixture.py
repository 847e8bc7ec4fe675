"""A real redis-server (Debian's package) on 127.0.0.1 at a free port, in a tmp dir, with
persistence off. Tests that use it skip, saying why, when redis-server is not installed.

Use it from a test module with `pytest_plugins = ["redis_fixture"]`, or call
`start_redis(dir)` directly (benchmarks)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from servers import free_port

INSTALL_HINT = "apt-get install redis-server (.ci/run installs it)"


@contextmanager
def start_redis(directory: Path) -> Iterator[str]:
    """Yield `redis://127.0.0.1:PORT/0` of a fresh server; stop it afterwards."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise FileNotFoundError(f"redis-server is not installed: {INSTALL_HINT}")
    for _attempt in range(3):  # the free port may be taken between probe and bind
        port = free_port()
        process = subprocess.Popen(
            [
                executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(directory),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        if _wait_ready(url, process):
            break
        process.kill()
        process.wait()
    else:
        raise RuntimeError(f"redis-server did not start; see {directory / 'redis.log'}")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_ready(url: str, process: subprocess.Popen, timeout: float = 10.0) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            client.ping()
            return True
        except redis.ConnectionError:
            time.sleep(0.05)
    return False


@pytest.fixture
def redis_url(tmp_path_factory) -> Iterator[str]:
    if shutil.which("redis-server") is None:
        pytest.skip(f"redis-server is not installed: {INSTALL_HINT}")
    with start_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url
