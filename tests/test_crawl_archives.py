"""Archived captures: the Wayback CDX API (a loopback fake of it) and WARC files written
here with warcio. Both land in raw.db with their original URL, source and capture time."""

from __future__ import annotations

import json
import os
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

from portal_server import SITES, rows, run_kinhnghiem
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.portal_server import PortalHandler, base_url, start_server

HOST = "chupuh.gialai.gov.vn"
ARTICLE = f"http://{HOST}/Tin-tuc/bai-hoc-kinh-nghiem-phat-trien-dang-vien-xa-ia-le.html"
OTHER = f"http://{HOST}/Tin-tuc/dang-bo-xa-ia-phang-rut-ra-bon-bai-hoc-kinh-nghiem.html"
ARTICLE_HTML = (
    SITES / "nukeviet/news/xay-dung-dang/phat-trien-dang-vien-o-dang-bo-xa-ia-le-21.html"
).read_bytes()
# (timestamp, original, status, mimetype) as the CDX API lists them.
CAPTURES = [
    ["20190301000000", ARTICLE, "200", "text/html"],
    ["20230517083000", ARTICLE, "200", "text/html"],  # newest of ARTICLE
    ["20210101000000", OTHER, "200", "text/html"],
    ["20230101000000", f"http://{HOST}/Tin-tuc/", "200", "text/html"],  # a listing
    ["20230101000000", f"http://{HOST}/Images/logo.png", "200", "text/html"],
]


class FakeWayback(PortalHandler):
    def do_GET(self):
        self.server.request_log.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/cdx/search/cdx":
            query = parse_qs(parts.query)
            assert query["url"] == [f"{HOST}/"] and query["from"] == ["2019"]
            body = json.dumps([["timestamp", "original", "statuscode", "mimetype"], *CAPTURES])
            return self.reply(body.encode(), "application/json")
        if parts.path.startswith("/web/") and "id_/" in parts.path:
            return self.reply(ARTICLE_HTML, "text/html; charset=utf-8")
        self.send_error(404)

    def reply(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_wayback_newest_capture_of_each_article(tmp_path):
    with start_server(tmp_path, FakeWayback) as server:
        env = {**os.environ, "KINHNGHIEM_WAYBACK_URL": base_url(server)}
        data = str(tmp_path / "data")
        args = ["--wayback", HOST, "--from", "2019", "--to", "2024", "--data", data]
        result = run_kinhnghiem("crawl", *args, env=env)
        assert result.returncode == 0, result.stderr
        fetched = [p for p in server.request_log if p.startswith("/web/")]
    assert sorted(fetched) == [
        f"/web/20210101000000id_/{OTHER}",
        f"/web/20230517083000id_/{ARTICLE}",
    ]
    stored = rows(
        tmp_path / "data",
        "SELECT url, source, captured_at, kind, site FROM pages WHERE kind != 'cdx' ORDER BY url",
    )
    assert stored == [
        (ARTICLE, "wayback", "2023-05-17T08:30:00+00:00", "article", "gialai-districts"),
        (OTHER, "wayback", "2021-01-01T00:00:00+00:00", "article", "gialai-districts"),
    ]


def write_warc(path):
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        pages = [
            (ARTICLE, ARTICLE_HTML, "text/html; charset=utf-8"),
            (
                f"http://{HOST}/Tin-tuc/",
                b"<html><body><a href='/'>Trang chu</a></body></html>",
                "text/html",
            ),
            (f"http://{HOST}/Images/logo.png", b"\x89PNG...", "image/png"),
        ]
        for url, body, content_type in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            record.rec_headers.replace_header("WARC-Date", "2022-11-30T01:02:03Z")
            writer.write_record(record)


def test_import_warc_via_cli_then_stats(tmp_path):
    warc = tmp_path / "chupuh.warc.gz"
    write_warc(warc)
    data = tmp_path / "data"
    result = run_kinhnghiem("import-warc", str(warc), "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert rows(data, "SELECT url, source, captured_at, kind FROM pages ORDER BY url") == [
        (f"http://{HOST}/Tin-tuc/", "warc", "2022-11-30T01:02:03Z", "listing"),
        (ARTICLE, "warc", "2022-11-30T01:02:03Z", "article"),
    ]
    body = rows(data, "SELECT count(*) FROM pages WHERE sha256 IS NOT NULL")[0][0]
    assert body == 2
    again = run_kinhnghiem("import-warc", str(warc), "--data", str(data))
    assert again.returncode == 0
    header = next(line for line in again.stdout.splitlines() if line.startswith("host")).split()
    total = next(line for line in again.stdout.splitlines() if line.startswith("TOTAL")).split()
    counts = dict(zip(header[1:], map(int, total[1:]), strict=True))
    assert counts["fetched"] == 0 and counts["known"] == 2 and counts["skipped"] == 0
    stats = run_kinhnghiem("stats", "--data", str(data))
    assert "gialai-districts" in stats.stdout and "warc" in stats.stdout


def test_import_warc_rejects_a_file_that_is_not_warc(tmp_path):
    bogus = tmp_path / "notes.warc"
    bogus.write_text("xin chào")
    result = run_kinhnghiem("import-warc", str(bogus), "--data", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "notes.warc" in result.stderr and "Traceback" not in result.stderr
