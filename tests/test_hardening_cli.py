"""Issue 12 on `kinhnghiem extract`: a bad URL is an error line and the run goes on; a
URL is fetched within the crawler's size cap and a whole-fetch deadline (real loopback
servers sending too much or too slowly); a named pipe is refused, not read forever; odd
bytes and names never give a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.fetch import DEADLINE_ENV, MAX_BYTES

PAGE = """<html><head><title>Tin tức | Cổng TTĐT huyện</title></head><body>
<h1>Kinh nghiệm sinh hoạt chi bộ ở thôn Plei Ơi</h1>
<p>Ngày đăng bài: 05/03/2022</p>
<p>Chi bộ thôn Plei Ơi duy trì nền nếp sinh hoạt định kỳ hằng tháng.</p>
</body></html>"""
TITLE = "Kinh nghiệm sinh hoạt chi bộ ở thôn Plei Ơi"
CLI = [sys.executable, "-m", "pipeline.cli"]


class Handler(BaseHTTPRequestHandler):
    """/endless: bytes without end; /declared-huge: a 1 GB Content-Length; /trickle: one
    byte every 2 s; /slow-headers: the status line then nothing; /utf8: a UTF-8 page with
    no <meta> charset, one invalid byte, and the charset in Content-Type."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        try:
            getattr(self, "serve_" + self.path.strip("/").replace("-", "_"))()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def serve_endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65532 + b"</p>"
        while True:
            self.wfile.write(chunk)

    def serve_declared_huge(self):
        self.send_response(200)
        self.send_header("Content-Length", str(1 << 30))
        self.end_headers()
        self.wfile.write(b"<html>")

    def serve_trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for byte in PAGE.encode():
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(2)

    def serve_slow_headers(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        self.wfile.flush()
        time.sleep(30)

    def serve_utf8(self):
        body = PAGE.encode().replace(b"</p>", b"\xff</p>", 1)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "trang.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def run(*args: object):
    return CliRunner().invoke(main, ["extract", *map(str, args)])


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


def test_bad_url_is_an_error_line_and_the_next_input_is_read(page: Path, tmp_path: Path):
    other = tmp_path / "khac.html"
    other.write_text(PAGE, encoding="utf-8")
    result = run(page, "http://[::1", other, "--json")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert error_lines(result) == ["Error: http://[::1: cannot fetch (Invalid IPv6 URL)"]
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["url"] for r in records] == [str(page), "http://[::1", str(other)]
    assert records[0]["title"] == records[2]["title"] == TITLE


def test_endless_body_stops_at_the_size_cap(server: str):
    started = time.monotonic()
    result = run(server + "/endless")
    assert result.exit_code == 1
    megabytes = f"{MAX_BYTES / 1024 / 1024:g}"
    assert error_lines(result) == [f"Error: {server}/endless: larger than {megabytes} MB, not read"]
    assert time.monotonic() - started < 20


def test_declared_huge_body_is_refused_before_reading(server: str):
    result = run(server + "/declared-huge")
    assert error_lines(result) == [f"Error: {server}/declared-huge: larger than 10 MB, not read"]


@pytest.mark.parametrize("path", ["/trickle", "/slow-headers"])
def test_slow_server_is_given_up_at_the_whole_fetch_deadline(server: str, path: str):
    environment = {**os.environ, DEADLINE_ENV: "1.5"}
    started = time.monotonic()
    result = subprocess.run(CLI + ["extract", server + path], capture_output=True, text=True,
                            env=environment, timeout=60)  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {server}{path}: not fetched within 1.5 s, given up"
    ]
    assert elapsed < 1.5 + 8, elapsed  # the deadline, plus starting Python and nlp


def test_content_type_charset_decodes_the_fetched_page(server: str):
    result = run(server + "/utf8", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["title"] == TITLE


def test_named_pipe_is_refused_not_read(tmp_path: Path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    result = subprocess.run(CLI + ["extract", str(fifo)], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {fifo}: not a regular file (a pipe or a device), not read"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_with_its_byte_order_mark_is_read(tmp_path: Path, encoding: str):
    path = tmp_path / "utf16.html"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + PAGE.encode(encoding))
    result = run(path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["title"] == TITLE


def test_odd_file_names_give_one_line(tmp_path: Path):
    """A newline and an undecodable byte in a name: printed escaped, on one line."""
    name = os.fsdecode(b"bad\nname\xff.html")
    missing = subprocess.run(CLI + ["extract", str(tmp_path / name)], capture_output=True,
                             timeout=60)  # fmt: skip
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        b"Error: " + os.fsencode(tmp_path) + b"/bad\\nname\\udcff.html: no such file"
    ]
    (tmp_path / name).write_text(PAGE, encoding="utf-8")
    found = subprocess.run(CLI + ["extract", "--json", str(tmp_path / name)],
                           capture_output=True, timeout=60)  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["title"] == TITLE


NAMES = st.text(st.characters(blacklist_characters="\x00"), min_size=1, max_size=300)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode), name=NAMES)
def test_any_file_bytes_and_name_give_a_record_or_one_error_line(tmp_path, content, name):
    path = tmp_path / "input.html"
    path.write_bytes(content)
    for given_input in (str(path), name):
        result = CliRunner().invoke(main, ["extract", "--", given_input])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            given_input,
            result.exception,
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1)
        if result.exit_code == 1:
            assert len(error_lines(result)) == 1
            assert len(result.output.strip().splitlines()) == 1
