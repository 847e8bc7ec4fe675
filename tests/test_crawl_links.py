"""Link rules without a server: canonical URLs, pagination, article shapes, families,
and the charset / legacy-encoding checks."""

from __future__ import annotations

from crawler.checks import charset_mismatch, is_html, legacy_encoding
from crawler.families import detect_family
from crawler.links import (
    Link,
    article_links,
    candidate_links,
    canonical_url,
    is_pagination,
    looks_like_article,
    looks_like_article_url,
    page_links,
    section_prefix,
)

PAGE = "http://xa.gov.vn/tin-tuc/xay-dung-dang/"


def test_canonical_url_drops_sessions_tracking_fragments_and_backlinks():
    messy = (
        "HTTP://Xa.GOV.vn:80/-/view_content/12-bai-hoc.html;jsessionid=AB12?utm_source=fb"
        "&redirect=%2Ftin-tuc&fbclid=x&_101_cur=2#binh-luan"
    )
    assert canonical_url(messy) == "http://xa.gov.vn/-/view_content/12-bai-hoc.html?_101_cur=2"
    assert canonical_url("http://xa.gov.vn/a?b=2&a=1") == "http://xa.gov.vn/a?a=1&b=2"


def test_pagination_patterns():
    def link(url, text="", pager=False):
        return Link(canonical_url(url), text, pager, False)

    assert is_pagination(link("http://xa.gov.vn/tin-tuc?_101_cur=3"), PAGE)
    assert is_pagination(link("http://xa.gov.vn/tin-tuc?page=2"), PAGE)
    assert is_pagination(link("http://xa.gov.vn/tin-tuc/xay-dung-dang/trang-2/"), PAGE)
    assert is_pagination(link("http://xa.gov.vn/x.aspx?c=1", "Trang sau"), PAGE)
    assert is_pagination(link("http://xa.gov.vn/x", "»"), PAGE)
    assert is_pagination(link("http://xa.gov.vn/x", "4", pager=True), PAGE)
    assert not is_pagination(link("http://khac.gov.vn/tin-tuc?page=2"), PAGE)
    assert not is_pagination(link("http://xa.gov.vn/gioi-thieu", "Giới thiệu"), PAGE)


def test_article_url_shapes():
    assert looks_like_article_url("http://x.vn/web/guest/-/view_content/705297-luat.html")
    assert looks_like_article_url("http://x.vn/Lists/TinTuc/View_Detail.aspx?ItemID=12")
    assert looks_like_article_url("http://x.vn/news/xay-dung-dang/bai-hoc-21.html")
    assert looks_like_article_url("http://x.vn/tin-tuc/bai-hoc-kinh-nghiem-o-xa-ia-le.html")
    assert not looks_like_article_url("http://x.vn/tin-tuc/trang-2/")
    assert not looks_like_article_url("http://x.vn/gioi-thieu.html")
    assert not looks_like_article_url("http://x.vn/files/bai-hoc-kinh-nghiem-nam-2023.pdf")


def test_section_prefix():
    assert section_prefix("http://x.vn/pctn.html") == "/pctn"
    assert section_prefix("http://x.vn/tin-tuc/dang/trang-3/") == "/tin-tuc/dang"
    assert section_prefix("http://x.vn/") == ""


def test_listing_links_skip_menus_and_other_sections():
    html = """<html><body>
    <div class="mainmenu"><a href="/gioi-thieu-chung-ve-huyen-ia-grai.html">Giới thiệu</a></div>
    <div class="list-news">
      <a href="/tin-tuc/xay-dung-dang/bai-hoc-kinh-nghiem-phat-trien-dang-vien.html">A</a>
      <a href="/tin-tuc/xay-dung-dang/bai-hoc-kinh-nghiem-sinh-hoat-chi-bo.html#top">B</a>
    </div>
    <div class="col-right"><a href="/van-hoa/le-hoi-dua-voi-cua-nguoi-jrai-o-ia-grai.html">C</a>
    </div><a href="https://baogialai.com.vn/bai-hoc-kinh-nghiem-o-ia-le-xyz.html">D</a>
    </body></html>"""
    links = page_links(html, PAGE)
    assert article_links(links, PAGE) == [
        "http://xa.gov.vn/tin-tuc/xay-dung-dang/bai-hoc-kinh-nghiem-phat-trien-dang-vien.html",
        "http://xa.gov.vn/tin-tuc/xay-dung-dang/bai-hoc-kinh-nghiem-sinh-hoat-chi-bo.html",
    ]


def test_short_slug_item_links_are_candidates_but_menus_and_sidebars_are_not():
    page = "http://xa.gov.vn/tin-tuc/"
    html = """<html><body>
    <ul class="menu"><li><a href="/tin-tuc/gioi-thieu.html">Giới thiệu</a></li></ul>
    <div class="list"><div class="item"><h3><a href="/tin-tuc/bai-1.html">Bài 1</a></h3></div>
      <div class="item"><a href="/tin-tuc/view.php?id=12">Bài 2</a></div>
      <div class="item"><a href="tin-moi.aspx#binh-luan">Bài 3</a></div>
      <div class="item"><a href="/van-hoa/bai-4.html">Mục khác</a></div></div>
    <p>Xem thêm <a href="/tin-tuc/huong-dan.html">hướng dẫn</a>.</p>
    <aside><ul><li><a href="/tin-tuc/lien-ket.html">Liên kết</a></li></ul></aside>
    <div class="pager"><a href="/tin-tuc/trang-2.html">2</a></div>
    <div id="footer-links"><a href="/tin-tuc/so-do.html">Sơ đồ</a>
      <a href="/tin-tuc/lien-he.aspx">Liên hệ</a></div></body></html>"""
    links = page_links(html, page)
    assert article_links(links, page) == []
    assert candidate_links(links, page, "/tin-tuc") == [
        "http://xa.gov.vn/tin-tuc/bai-1.html",
        "http://xa.gov.vn/tin-tuc/view.php?id=12",
        "http://xa.gov.vn/tin-tuc/tin-moi.aspx",
    ]
    # A record id on the listing's own script counts as inside; other queries do not.
    script = "http://xa.gov.vn/index.php?cat=5"
    links = page_links(
        '<ul><li><a href="?id=7">A</a></li><li><a href="?cat=6">B</a></li></ul>', script
    )
    assert candidate_links(links, script, "/index") == ["http://xa.gov.vn/index.php?id=7"]


def test_candidate_pages_judged_by_title_and_body():
    url = "http://xa.gov.vn/tin-tuc/bai-1.html"
    body = "Chi bộ thôn đã đổi mới nội dung sinh hoạt, gắn với nhiệm vụ của địa phương. " * 3
    article = f"<h1>Chi bộ thôn Plei Ngol</h1><p>{body}</p><p>{body}</p>"
    related = "<ul>" + '<li><a href="/tin-tuc/bai-2.html">Tin khác</a></li>' * 3 + "</ul>"
    assert looks_like_article(page_links(article + related, url), url, article + related)
    notice = "<h1>Lịch công tác</h1><table><tr><td>Thứ hai</td><td>Giao ban</td></tr></table>"
    assert not looks_like_article(page_links(notice, url), url, notice)
    # A listing with a summary under each title: the text sits inside the items.
    items = "".join(
        f'<div class="tin"><h3><a href="/tin-tuc/bai-{n}.html">Bài {n}</a></h3><p>{body}</p></div>'
        for n in range(4)
    )
    listing = f"<h1>Tin tức</h1><div class='ds'>{items}</div>"
    assert not looks_like_article(page_links(listing, url), url, listing)


def test_families_from_markup():
    assert (
        detect_family('<script>Liferay.Portlet</script><a href="/-/view_content/1-a">').name
        == "liferay"
    )
    assert (
        detect_family('<link href="/_layouts/core.css"><a href="View_Detail.aspx?ItemID=1">').name
        == "sharepoint"
    )
    assert (
        detect_family("<meta content='NukeViet'><script>nv_base_siteurl</script>").name
        == "nukeviet"
    )
    assert detect_family("<p>trang tĩnh</p>").name == "generic"


def test_charset_and_legacy_encoding_checks():
    utf8 = "Bài học kinh nghiệm".encode()
    assert charset_mismatch("text/html; charset=windows-1252", utf8) == (
        "charset declared windows-1252, body is UTF-8"
    )
    assert charset_mismatch("text/html; charset=utf-8", utf8) is None
    assert legacy_encoding('<font face=".VnTime">Bµi häc</font>'.encode("cp1252")) == "TCVN3"
    assert (
        legacy_encoding('<span style="font-family:VNI-Times">Baøi hoïc</span>'.encode("cp1252"))
        == "VNI"
    )
    tcvn3_text = "Bµi häc kinh nghiÖm vÒ c«ng t¸c x©y dùng §¶ng ".encode("cp1252") * 5
    assert legacy_encoding(tcvn3_text) == "TCVN3"
    assert legacy_encoding(utf8) is None
    assert not is_html("application/pdf", b"%PDF")
