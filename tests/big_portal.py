"""A large static district portal written into a folder: a "Tin tức" section whose listing
pages link 20 articles each, with a numbered pager (neighbouring pages, "Trang sau").
Used by the distributed-crawl tests and benchmarks; serve it with
pipeline.portal_server.start_server."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pipeline.portal_server import PortalHandler

SECTION = "/tin-tuc/"
TOPICS = [
    "phát triển đảng viên",
    "sinh hoạt chi bộ",
    "dân vận khéo",
    "xây dựng nông thôn mới",
    "cải cách hành chính",
    "kiểm tra, giám sát",
]
COMMUNES = ["Ia Le", "Ia Phang", "Nhơn Hòa", "Chư Don", "Ia Hrú", "Ia Dreng"]

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Cổng thông tin huyện Chư Pưh</title>
</head><body>
<header><a href="/">Trang chủ</a></header>
<nav class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a>
<a href="/gioi-thieu/">Giới thiệu</a> <a href="/van-ban/">Văn bản</a></nav>
<main>{main}</main>
<footer>Cổng thông tin điện tử huyện Chư Pưh. Giấy phép số 12/GP-STTTT ngày 11/11/2020.
</footer></body></html>
"""


def article_path(number: int) -> str:
    return f"{SECTION}bai-hoc-kinh-nghiem-xay-dung-dang-{number:05d}.html"


def listing_path(page: int) -> str:
    return SECTION if page == 1 else f"{SECTION}trang-{page}.html"


def make_portal(root: Path, articles: int = 2000, per_page: int = 20) -> list[str]:
    """Write the portal under `root`; returns the article paths."""
    folder = root / SECTION.strip("/")
    folder.mkdir(parents=True, exist_ok=True)
    pages = -(-articles // per_page)
    for page in range(1, pages + 1):
        numbers = range((page - 1) * per_page + 1, min(page * per_page, articles) + 1)
        file = folder / ("index.html" if page == 1 else f"trang-{page}.html")
        file.write_text(_listing(page, pages, numbers), encoding="utf-8")
    for number in range(1, articles + 1):
        file = root / article_path(number).lstrip("/")
        file.write_text(_article(number), encoding="utf-8")
    return [article_path(n) for n in range(1, articles + 1)]


def _listing(page: int, pages: int, numbers) -> str:
    items = "\n".join(
        f'<div class="news-item"><h3><a href="{article_path(n)}">{_title(n)}</a></h3>'
        f"<p>Ngày đăng: {_date(n)}</p></div>"
        for n in numbers
    )
    pager = " ".join(
        f'<a href="{listing_path(p)}">{p}</a>' if p != page else f"<span>{p}</span>"
        for p in range(max(1, page - 3), min(pages, page + 3) + 1)
    )
    if page < pages:
        pager += f' <a href="{listing_path(page + 1)}">Trang sau</a>'
    main = (
        f'<h1>Tin tức - trang {page}</h1><div class="list-news">{items}</div>'
        f'<div class="pagination">{pager}</div>'
    )
    return PAGE.format(title=f"Tin tức - trang {page}", main=main)


def _article(n: int) -> str:
    topic, commune = TOPICS[n % len(TOPICS)], COMMUNES[n % len(COMMUNES)]
    body = (
        f"<p>Thời gian qua, Đảng ủy xã {commune} đã tập trung lãnh đạo công tác {topic}, "
        "đạt nhiều kết quả quan trọng. Từ thực tiễn, có thể rút ra một số bài học kinh "
        "nghiệm như sau.</p>"
        "<p>Một là, nâng cao nhận thức của cán bộ, đảng viên về vị trí, vai trò của công tác "
        f"{topic}.</p>"
        "<p>Thứ hai, phát huy vai trò nêu gương của người đứng đầu cấp ủy.</p>"
        "<p>Thứ ba, thường xuyên kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn.</p>"
    )
    main = (
        f'<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc/">Tin '
        f"tức</a></div><h1>{_title(n)}</h1><p>Ngày đăng bài: {_date(n)}</p>{body}"
        '<p style="text-align:right"><b>Minh Châu</b></p>'
    )
    return PAGE.format(title=_title(n), main=main)


def _title(n: int) -> str:
    return f"Bài học kinh nghiệm số {n} trong công tác {TOPICS[n % len(TOPICS)]}"


def _date(n: int) -> str:
    return f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2018 + n % 7}"


class WatchedHandler(PortalHandler):
    """Records when each request arrived and how many were being served at once, and takes
    `server.pause` seconds per page (so overlapping requests are visible)."""

    def do_GET(self) -> None:
        server = self.server
        with server.watch_lock:
            server.active += 1
            server.peak = max(server.peak, server.active)
            server.arrivals.append(time.monotonic())
        try:
            if server.pause:
                time.sleep(server.pause)
            super().do_GET()
        finally:
            with server.watch_lock:
                server.active -= 1


def watch(server, pause: float = 0.0):
    """Prepare a server started with WatchedHandler (call before any request)."""
    server.watch_lock = threading.Lock()
    server.active = server.peak = 0
    server.arrivals = []
    server.pause = pause
    return server
