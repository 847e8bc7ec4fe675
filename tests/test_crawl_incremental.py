"""A second crawl fetches the listings (conditionally) and only the new articles; a crawl
killed with SIGKILL and restarted loses nothing and fetches nothing twice."""

from __future__ import annotations

import shutil
import signal
import time

from portal_server import FAST, SITES, rows, run_crawl, start_crawl, stored

from pipeline.portal_server import PortalHandler, base_url, start_server


def test_second_crawl_fetches_listings_and_new_articles_only(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "nukeviet", site)
    data = tmp_path / "data"
    with start_server(site) as server:
        start = base_url(server) + "/news/xay-dung-dang/"
        assert run_crawl([start], data, *FAST).returncode == 0
        first = len(server.request_log)
        server.request_log.clear()

        second = run_crawl([start], data, *FAST)
        assert second.returncode == 0
        # robots.txt, then the two listings answered 304 Not Modified; no article.
        assert sorted(server.request_log) == sorted(
            ["/robots.txt", "/news/xay-dung-dang/", "/news/xay-dung-dang/page-2/"]
        )
        assert first == 1 + 2 + 5

        # A new article appears on page 1: the third crawl fetches exactly it.
        listing = site / "news/xay-dung-dang/index.html"
        new = "/news/xay-dung-dang/bai-hoc-moi-ve-cong-tac-kiem-tra-giam-sat-26.html"
        html = listing.read_text(encoding="utf-8").replace(
            '<div id="main">', f'<div id="main"><h3><a href="{new}">Bài học mới</a></h3>'
        )
        listing.write_text(html, encoding="utf-8")
        (site / new.lstrip("/")).write_text(
            (site / "news/xay-dung-dang/page-2/index.html")
            .read_text(encoding="utf-8")
            .replace("»", "")
        )
        server.request_log.clear()
        assert run_crawl([start], data, *FAST).returncode == 0
        articles = [p for p in server.request_log if p.endswith(".html")]
        assert articles == [new]
    assert len(stored(data)) == 6


class SlowArticles(PortalHandler):
    def do_GET(self):
        if "/-/view_content/" in self.path:
            time.sleep(0.4)
        super().do_GET()


def test_resume_after_sigkill_refetches_nothing(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "liferay", site)
    (site / "robots.txt").unlink()  # all five articles allowed
    data = tmp_path / "data"
    with start_server(site, SlowArticles) as server:
        start = base_url(server) + "/web/guest/xay-dung-dang"
        slow = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
        process = start_crawl([start], data, *FAST, *slow)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if (data / "raw.db").exists() and _articles(data) >= 2:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        kept = stored(data)
        assert 2 <= len(kept) < 5
        before = len(server.request_log)
        assert run_crawl([start], data, *FAST).returncode == 0
        after = server.request_log[before:]
    assert len(stored(data)) == 5
    # Nothing stored before the kill is fetched again; only what was not yet stored.
    assert not kept & set(after)
    assert {p for p in after if "/-/view_content/" in p} == stored(data) - kept


def _articles(data) -> int:
    try:
        return rows(data, "SELECT count(*) FROM pages WHERE kind = 'article'")[0][0]
    except Exception:  # the table may not exist yet
        return 0
