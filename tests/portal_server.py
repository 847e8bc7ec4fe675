"""Test helpers for crawl tests: a portal with broken pages, and running a crawl in a
subprocess (Scrapy's reactor starts once per process)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pipeline.portal_server import PortalHandler

REPO = Path(__file__).resolve().parents[1]
SITES = Path(__file__).parent / "fixtures" / "sites"
FAST = ["-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1"]

UTF8_TEXT = "Bài học kinh nghiệm về công tác xây dựng Đảng ở cơ sở. " * 20
# "Bài học kinh nghiệm Đảng viên" in TCVN3 (ABC), as 1990s pages were typed with .VnTime.
TCVN3_BYTES = "Bµi häc kinh nghiÖm ®¶ng viªn x©y dùng §¶ng ".encode("cp1252") * 20


class BrokenPortalHandler(PortalHandler):
    """Serves a folder plus .../bad/* routes that fail in every way the crawler must survive."""

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if "/bad/" not in path:
            return super().do_GET()
        self.server.request_log.append(self.path)
        name = path.split("/bad/", 1)[1].removesuffix(".html")
        getattr(self, "route_" + name.replace("-", "_"), self.route_missing)()

    def reply(self, status: int, body: bytes, content_type: str = "text/html", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def route_missing(self):
        self.reply(404, b"<html><body>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y</body></html>")

    def route_server_error_bai_hoc_kinh_nghiem_loi_may_chu(self):
        self.reply(500, b"<html><body>Internal error</body></html>", Retry_After="0")

    def route_slow_bai_hoc_kinh_nghiem_qua_cham(self):
        time.sleep(4)
        self.reply(200, b"<html><body>late</body></html>")

    def route_loop_bai_hoc_kinh_nghiem_vong_lap(self):
        self.reply(302, b"", Location="/tin-tuc/bad/loop-bai-hoc-kinh-nghiem-vong-lap-2.html")

    def route_loop_bai_hoc_kinh_nghiem_vong_lap_2(self):
        self.reply(302, b"", Location="/tin-tuc/bad/loop-bai-hoc-kinh-nghiem-vong-lap.html")

    def route_pdf_bai_hoc_kinh_nghiem_tai_lieu(self):
        self.reply(200, b"%PDF-1.4 fake", "application/pdf")

    def route_huge_bai_hoc_kinh_nghiem_rat_dai(self):
        self.reply(200, b"<html><body>" + b"x" * 200_000 + b"</body></html>")

    def route_cp1252_bai_hoc_kinh_nghiem_sai_bang_ma(self):
        body = f"<html><body><h1>Bài học</h1><p>{UTF8_TEXT}</p></body></html>".encode()
        self.reply(200, body, "text/html; charset=windows-1252")

    def route_tcvn3_bai_hoc_kinh_nghiem_ma_cu(self):
        body = b'<html><body><p style="font-family:.VnTime">' + TCVN3_BYTES + b"</p></body></html>"
        self.reply(200, body, "text/html")


def run_crawl(urls: list[str], data: Path, *args: str, timeout: float = 60):
    """`python -m crawler crawl` in a subprocess; returns the CompletedProcess."""
    command = [sys.executable, "-m", "crawler", "crawl", *urls, "--data", str(data), *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def start_crawl(urls: list[str], data: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler", "crawl", *urls, "--data", str(data), *args]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def rows(data: Path, sql: str, *args) -> list[tuple]:
    db = sqlite3.connect(data / "raw.db")
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def stored(data: Path, kind: str = "article") -> set[str]:
    """Paths (and queries) of the stored pages of one kind, host removed."""
    found = rows(data, "SELECT url FROM pages WHERE kind = ?", kind)
    return {"/" + url.split("/", 3)[3] for (url,) in found}


# The `kinhnghiem` command, run from the checkout whether or not it is installed.
KINHNGHIEM = [sys.executable, "-c", "from pipeline.cli import main; main()"]


def run_kinhnghiem(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    """`kinhnghiem ARGS` in a subprocess (for commands that start Scrapy's reactor)."""
    return subprocess.run(
        [*KINHNGHIEM, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
