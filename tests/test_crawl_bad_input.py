"""Every kind of bad page is recorded in raw.db with its status and error, counted in the
summary, and the crawl goes on to the good article after them."""

from __future__ import annotations

from portal_server import FAST, BrokenPortalHandler, rows, run_crawl, run_kinhnghiem
from servers import free_port

from pipeline.portal_server import base_url, start_server

BAD = [
    "missing-bai-hoc-kinh-nghiem-khong-con-nua",
    "server-error-bai-hoc-kinh-nghiem-loi-may-chu",
    "slow-bai-hoc-kinh-nghiem-qua-cham",
    "loop-bai-hoc-kinh-nghiem-vong-lap",
    "pdf-bai-hoc-kinh-nghiem-tai-lieu",
    "huge-bai-hoc-kinh-nghiem-rat-dai",
    "cp1252-bai-hoc-kinh-nghiem-sai-bang-ma",
    "tcvn3-bai-hoc-kinh-nghiem-ma-cu",
]
GOOD = "/tin-tuc/bai-hoc-kinh-nghiem-xay-dung-chi-bo-vung-manh.html"


def write_site(root):
    (root / "tin-tuc").mkdir(parents=True)
    items = "".join(f'<li><a href="/tin-tuc/bad/{name}.html">{name}</a></li>' for name in BAD)
    items += f'<li><a href="{GOOD}">Bài học kinh nghiệm xây dựng chi bộ</a></li>'
    (root / "tin-tuc/index.html").write_text(
        f"<html><body><ul class='list-news'>{items}</ul></body></html>", encoding="utf-8"
    )
    (root / GOOD.lstrip("/")).write_text(
        "<html><body><h1>Bài học kinh nghiệm</h1><p>Một là, ...</p></body></html>",
        encoding="utf-8",
    )


def test_bad_pages_are_recorded_and_counted(tmp_path):
    write_site(tmp_path / "site")
    data = tmp_path / "data"
    with start_server(tmp_path / "site", BrokenPortalHandler) as server:
        result = run_crawl(
            [base_url(server) + "/tin-tuc/"], data, *FAST, "-s", "DOWNLOAD_MAXSIZE=100000"
        )
    assert result.returncode == 0, result.stderr
    found = {
        url.rsplit("/", 1)[1].split("-bai-hoc")[0]: (kind, status, (error or "").split(":")[0])
        for url, kind, status, error in rows(data, "SELECT url, kind, status, error FROM pages")
    }
    assert found["missing"] == ("failed", 404, "http")
    assert found["server-error"] == ("failed", 500, "http")
    assert found["slow"] == ("failed", 0, "timeout")
    assert found["loop"] == ("failed", 0, "redirect-loop")
    assert found["pdf"] == ("failed", 200, "not-html")
    assert found["huge"] == ("failed", 0, "too-large")
    assert found["tcvn3"] == ("failed", 200, "legacy-encoding")
    # Declared windows-1252, served UTF-8: kept as an article, noted, type corrected.
    assert found["cp1252"] == ("article", 200, "charset")
    assert rows(data, "SELECT content_type FROM pages WHERE url LIKE '%cp1252%'") == [
        ("text/html; charset=utf-8",)
    ]
    assert found[GOOD.rsplit("/", 1)[1]] == ("article", 200, "")
    # The 500 was retried (RETRY_TIMES=1), honouring Retry-After: 0.
    assert sum("server-error" in p for p in server.request_log) == 2
    assert "errors on 127.0.0.1:" in result.stdout
    for category in ("http 2", "timeout 1", "redirect-loop 1", "too-large 1", "not-html 1"):
        assert category in result.stdout


def test_unreachable_portal_is_a_failure_row_and_one_error_line_without_traceback(tmp_path):
    # nothing listens on the port: robots.txt fails first, and Scrapy's robots.txt
    # middleware logged that with two chained tracebacks
    url = f"http://127.0.0.1:{free_port()}/tin-tuc/"
    result = run_kinhnghiem("crawl", url, "--data", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: nothing could be fetched")
    assert rows(tmp_path / "data", "SELECT url, kind, error FROM pages") == [
        (url, "failed", "connection: DownloadConnectionRefusedError")
    ]
