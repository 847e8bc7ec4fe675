"""Link rules without a server: canonical URLs, pagination, article shapes, families,
and the charset / legacy-encoding checks."""

from __future__ import annotations

from crawler.checks import charset_mismatch, is_html, legacy_encoding
from crawler.families import detect_family
from crawler.links import (
    Link,
    article_links,
    canonical_url,
    is_pagination,
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
