"""Bad input to the crawl-side commands (crawl, import-warc, ingest, stats): one line on
stderr naming the input, a non-zero exit, no traceback, and nothing stored is lost.

These run in-process: every check happens before Scrapy's reactor would start."""

from __future__ import annotations

import socket
from io import BytesIO

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.archive import RawArchive, RawPage
from pipeline.cli import main

ARTICLE = "http://chupuh.gialai.gov.vn/tin-tuc/bai-hoc-kinh-nghiem-phat-trien-dang-vien.html"


def run(*args) -> tuple[int, str]:
    """(exit code, stderr) of `kinhnghiem ARGS`, checked to be one line, no traceback."""
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return result.exit_code, lines[0]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def corrupt_data(tmp_path):
    """A data folder whose raw.db is not a SQLite file."""
    (tmp_path / "raw.db").write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["not-a-url"], "not an http(s) URL: 'not-a-url'"),
        (["http://127.0.0.1:9/tin-tuc/", "--site", "khong-co"], "no site profile named 'khong-co'"),
        ([], "give at least one listing URL"),
        (["--wayback", "http://"], "--wayback needs a host or URL prefix, got 'http://'"),
        (["--wayback", "chupuh.gialai.gov.vn", "--from", "abc"], "--from must be a year"),
        (["http://127.0.0.1:9/tin-tuc/", "--to", "2024"], "--to 2024 only applies to --wayback"),
    ],
)
def test_crawl_rejects_bad_input_in_one_line(args, named, tmp_path):
    code, line = run("crawl", *args, "--data", tmp_path)
    assert code == 1
    assert named in line
    assert not (tmp_path / "raw.db").exists()


def test_crawl_rejects_zero_max_pages():
    result = CliRunner().invoke(main, ["crawl", "http://127.0.0.1:9/tin-tuc/", "--max-pages", "0"])
    assert result.exit_code == 2
    assert "Error: Invalid value for '--max-pages': 0 is not in the range x>=1" in result.stderr


def test_crawl_into_a_raw_db_that_is_not_sqlite(corrupt_data):
    code, line = run("crawl", "http://127.0.0.1:9/tin-tuc/", "--data", corrupt_data)
    assert code == 1
    assert f"{corrupt_data / 'raw.db'}" in line and "not a database" in line
    assert (corrupt_data / "raw.db").read_text(encoding="utf-8") == "không phải cơ sở dữ liệu"


def test_crawl_worker_without_redis(tmp_path):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    code, line = run("crawl", "--redis", url, "http://127.0.0.1:9/tin-tuc/", "--data", tmp_path)
    assert code == 1 and line.startswith(f"Error: cannot use Redis at '{url}'")


def test_import_warc_missing_file(tmp_path):
    code, line = run("import-warc", tmp_path / "khong-co.warc.gz", "--data", tmp_path)
    assert code == 1 and "no such WARC file" in line and "khong-co.warc.gz" in line


def warc_bytes() -> bytes:
    """A gzipped WARC file holding one article response."""
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    body = BytesIO("<html><p>Bài học kinh nghiệm</p></html>".encode())
    writer.write_record(
        writer.create_warc_record(ARTICLE, "response", payload=body, http_headers=headers)
    )
    return stream.getvalue()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"", "chupuh.warc.gz: no WARC/ARC records"),
        (warc_bytes()[:100], "chupuh.warc.gz: not a WARC/ARC file, or cut short"),
        (
            bytes(range(256)) * 2,  # not text: the error must not echo it
            "chupuh.warc.gz: not a WARC/ARC file, or cut short (Unknown archive format)",
        ),
    ],
    ids=["empty", "cut-short", "binary"],
)
def test_import_warc_empty_or_cut_short_keeps_what_is_stored(content, named, tmp_path):
    archive = RawArchive(tmp_path / "raw.db")
    archive.put(RawPage(url=ARTICLE, body="<p>Bài học kinh nghiệm</p>".encode()))
    archive.close()
    warc = tmp_path / "chupuh.warc.gz"
    warc.write_bytes(content)
    code, line = run("import-warc", warc, "--data", tmp_path)
    assert code == 1 and named in line and line.isprintable()
    archive = RawArchive(tmp_path / "raw.db")
    assert archive.get(ARTICLE).body == "<p>Bài học kinh nghiệm</p>".encode()
    archive.close()


def test_stats_without_raw_db(tmp_path):
    code, line = run("stats", "--data", tmp_path / "trong")
    assert code == 1 and f"no crawl archive at {tmp_path / 'trong' / 'raw.db'}" in line


def test_stats_on_a_raw_db_that_is_not_sqlite(corrupt_data):
    code, line = run("stats", "--data", corrupt_data)
    assert code == 1 and "raw.db as the crawl archive: file is not a database" in line


@pytest.mark.parametrize("command", [["ingest"], ["stats"]])
def test_redis_commands_with_nothing_listening(command, tmp_path):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    code, line = run(*command, "--redis", url, "--data", tmp_path)
    assert code == 1
    assert line.startswith(f"Error: cannot use Redis at '{url}'") and "refused" in line
    assert not (tmp_path / "raw.db").exists()


def test_crawl_where_every_request_fails_exits_non_zero_after_recording(tmp_path):
    from portal_server import run_kinhnghiem

    start = f"http://127.0.0.1:{closed_port()}/tin-tuc/"
    result = run_kinhnghiem("crawl", start, "--data", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: nothing could be fetched")
    assert "TOTAL" in result.stdout
    archive = RawArchive(tmp_path / "raw.db")
    assert archive.get(start).kind == "failed"
    archive.close()
