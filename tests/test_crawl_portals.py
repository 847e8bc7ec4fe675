"""Crawl the fixture portals (one per CMS family) from a category page alone, over real
HTTP on 127.0.0.1, with the real spider."""

from __future__ import annotations

from portal_server import FAST, SITES, rows, run_crawl, stored

from pipeline.portal_server import base_url, start_server

LIFERAY = "/web/guest/xay-dung-dang/-/view_content/"


def crawl_site(name: str, start: str, tmp_path, *args: str):
    with start_server(SITES / name) as server:
        result = run_crawl([base_url(server) + start], tmp_path, *FAST, *args)
        assert result.returncode == 0, result.stderr
        return result, server.request_log


def test_liferay_pagination_scoping_canonical_urls_and_robots(tmp_path):
    result, log = crawl_site("liferay", "/web/guest/xay-dung-dang", tmp_path)
    assert stored(tmp_path) == {
        LIFERAY + "1001-phat-trien-dang-vien-o-dang-bo-xa-ia-le.html",
        LIFERAY + "1002-dang-bo-thi-tran-nhon-hoa-rut-ra-bon-bai-hoc.html",
        LIFERAY + "1003-nang-cao-chat-luong-sinh-hoat-chi-bo-xa-ia-phang.html",
        LIFERAY + "1004-dan-van-kheo-xay-dung-nong-thon-moi-xa-chu-don.html",
    }
    assert stored(tmp_path, "listing") == {
        "/web/guest/xay-dung-dang",
        "/web/guest/xay-dung-dang?_101_cur=1",
        "/web/guest/xay-dung-dang?_101_cur=2",
    }
    # robots.txt forbids article 1005: recorded, never requested.
    assert rows(tmp_path, "SELECT error FROM pages WHERE url LIKE '%1005-%'") == [
        ("robots: forbidden by robots.txt",)
    ]
    assert not [path for path in log if "1005-" in path]
    # Articles are leaves: the orphan linked from article pages, and the sidebar's article
    # of another section, are never fetched.
    assert not [path for path in log if "1999-" in path or "tin-tuc-su-kien" in path]
    # jsessionid, redirect= and #top are gone, so each article was fetched once.
    articles = [path for path in log if "/-/view_content/" in path]
    assert len(articles) == len(set(articles)) == 4
    assert "TOTAL" in result.stdout


def test_nukeviet_page_path_pagination(tmp_path):
    crawl_site("nukeviet", "/news/xay-dung-dang/", tmp_path)
    assert len(stored(tmp_path)) == 5
    assert all(url.endswith(".html") for url in stored(tmp_path))
    assert stored(tmp_path, "listing") == {"/news/xay-dung-dang/", "/news/xay-dung-dang/page-2/"}


def test_sharepoint_view_detail_items_and_trang_sau(tmp_path):
    crawl_site("sharepoint", "/Pages/TinTuc.aspx", tmp_path)
    assert stored(tmp_path) == {f"/Lists/TinTuc/View_Detail.aspx?ItemID={n}" for n in (11, 12, 13)}
    assert stored(tmp_path, "listing") == {"/Pages/TinTuc.aspx", "/Pages/TinTuc.aspx?page=2"}


def test_gialai_profile_selectors(tmp_path):
    crawl_site("gialai", "/tin-tuc/xay-dung-dang", tmp_path, "--site", "gialai")
    assert stored(tmp_path) == {f"/bai-viet/so-{n}" for n in (1, 2, 3, 4)}
    assert rows(tmp_path, "SELECT DISTINCT site FROM pages") == [("gialai",)]


SHORT = {"/tin-tuc/" + name for name in ("bai-1.html", "bai-2-abc.html", "bai-3.html")} | {
    "/tin-tuc/tin-moi.aspx",
    "/tin-tuc/view.php?id=12",
}


def test_generic_short_slug_articles_are_fetched_as_candidates(tmp_path):
    """No profile, article URLs too short to tell by shape: the listing's item links are
    fetched and each page decides; menu, side and footer pages of the same folder are not."""
    result, log = crawl_site("generic-short", "/tin-tuc/", tmp_path)
    assert stored(tmp_path) == SHORT
    # The notice in the item list (a table, no body text) is kept as a listing.
    assert stored(tmp_path, "listing") == {
        "/tin-tuc/",
        "/tin-tuc/trang-2.html",
        "/tin-tuc/lich-cong-tac.html",
    }
    chrome = ("gioi-thieu", "lien-he", "so-do-cong", "lien-ket")
    assert not [path for path in log if any(name in path for name in chrome)]
    # Links seen and not followed are counted: the 4 chrome pages and the off-site link.
    total = next(line for line in result.stdout.splitlines() if line.startswith("TOTAL"))
    header = next(line for line in result.stdout.splitlines() if line.startswith("host"))
    assert dict(zip(header.split(), total.split(), strict=True))["skipped"] == "5"
