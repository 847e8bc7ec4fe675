"""Pages of portals no CMS profile knows: title, date, byline and body from generic signals.

The pages in tests/fixtures/generic were written for these tests in the styles of real
vendors' portals (a Lạc Việt category row, a Wayback capture with its toolbar, a saved copy
that left the toolbar unclosed around the page, a Bootstrap CMS with a raw ISO date, a
theme that wraps the article in a `div.header`). They test the rules, not accuracy: that is
measured on real pages by benchmarks/extract_eval.py."""
# ruff: noqa: E501  (expected Vietnamese values read better unwrapped)

from pathlib import Path

import pytest

from nlp import extract
from nlp.wayback import original_url

PAGES = Path(__file__).parent / "fixtures" / "generic"

CASES = [
    (
        "lacviet_category_row.html",
        "https://krongchro.gialai.gov.vn/Pages/tin-tuc.aspx?ItemID=629",
        "Chi bộ thôn Đăk Pơ Pho giữ nền nếp sinh hoạt",
        "2019-07-26T14:14:00+07:00",
        ["Mẫn Doanh"],
        "Báo Gia Lai",
        "Nhiều năm nay, Chi bộ thôn Đăk Pơ Pho duy trì",
    ),
    (
        "wayback_toolbar.html",
        "https://web.archive.org/web/20190810000000/http://dakdoa.gialai.gov.vn/tin-tuc/dang-bo-xa-glar-hoc-tap-chuyen-de-nam-2019.html",
        "Đảng bộ xã Glar học tập chuyên đề năm 2019",
        "2019-08-08T08:51:00+07:00",
        ["Vương Hợp"],
        None,
        "Sáng 7-8, Đảng ủy xã Glar tổ chức",
    ),
    (
        "unclosed_toolbar.html",
        "https://snv.kontum.gov.vn/kon-tum-boi-duong-ky-nang-cho-can-bo-co-so",
        "Kon Tum bồi dưỡng kỹ năng cho cán bộ cơ sở",
        None,
        [],
        "baokontum.com.vn",
        "Trong tháng 6, Sở Nội vụ tổ chức",
    ),
    (
        "bootstrap_iso_date.html",
        "https://huyenuychuse.vn/tin-tuc/123",
        "Kinh nghiệm giúp đỡ quần chúng ưu tú ở xã Ia Blang",
        "2019-06-27T15:44:00+07:00",
        ["Ngô Tấm", "Khánh Hiền"],
        None,
        "Đảng ủy xã Ia Blang phân công",
    ),
    (
        "theme_header_frame.html",
        "https://ldld.gialai.gov.vn/web/guest/-/cong-doan-huyen-mang-yang-tham-hoi",
        "Công đoàn huyện Mang Yang thăm hỏi đoàn viên khó khăn",
        None,
        [],
        None,
        "Dịp Tháng Công nhân",
    ),
]


@pytest.mark.parametrize(("name", "url", "title", "published", "authors", "source", "first"), CASES)
def test_generic_page(name, url, title, published, authors, source, first):
    article = extract((PAGES / name).read_bytes(), url)
    assert article.title == title
    assert article.published == published
    assert article.authors == authors
    assert article.source == source
    assert article.body.startswith(first)


@pytest.mark.parametrize("name", [case[0] for case in CASES])
def test_chrome_never_enters_the_body(name):
    body = extract((PAGES / name).read_bytes(), "https://x.gov.vn/a").body
    chrome = (
        "Internet Archive",
        "captures",
        "Trang chủ",
        "Giấy phép",
        "TIN ĐÃ ĐƯA",
        "Xem chi tiết",
        "Bản in",
        "Tác giả bài viết",
        "Liên kết website",
    )
    assert not [word for word in chrome if word in body]


def test_units_after_names_are_kept_apart():
    article = extract((PAGES / "bootstrap_iso_date.html").read_bytes(), "https://x.vn/a")
    assert article.author_units == {
        "Ngô Tấm": "Đài Truyền thanh huyện",
        "Khánh Hiền": "Đài Truyền thanh huyện",
    }


def test_title_agrees_with_the_slug_over_a_headline_in_the_body():
    page = (PAGES / "unclosed_toolbar.html").read_text(encoding="utf-8")
    page = page.replace(
        '<div class="img">',
        '<div class="img"><h1>Nâng cao năng lực cho cán bộ cơ sở ở Kon Tum</h1>',
    )
    article = extract(page, "https://snv.kontum.gov.vn/kon-tum-boi-duong-ky-nang-cho-can-bo-co-so")
    assert article.title == "Kon Tum bồi dưỡng kỹ năng cho cán bộ cơ sở"


@pytest.mark.parametrize(
    ("link", "original"),
    [
        (
            "/web/20170512093512/http://dakdoa.gialai.gov.vn/tin-tuc/",
            "http://dakdoa.gialai.gov.vn/tin-tuc/",
        ),
        (
            "https://web.archive.org/web/2018im_/http_/sgtvt.daknong.gov.vn/a.jpg",
            "http://sgtvt.daknong.gov.vn/a.jpg",
        ),
        ("/tin-tuc/bai-1.html", "/tin-tuc/bai-1.html"),
    ],
)
def test_archived_links_point_at_the_original(link, original):
    assert original_url(link) == original


def test_archived_capture_is_placed_by_its_original_host():
    # "Nghĩa Hưng" is a commune name in several provinces: the portal's host decides.
    page = """<html><head><title>Tin tức</title></head><body><h1>Hội nghị ở xã Nghĩa Hưng</h1>
    <div class="content"><p>Sáng nay, Đảng ủy xã Nghĩa Hưng tổ chức hội nghị sơ kết công tác xây
    dựng Đảng sáu tháng đầu năm với nhiều ý kiến hay.</p></div></body></html>"""
    archived = (
        "https://web.archive.org/web/20190810000000/http://chupah.gialai.gov.vn/tin/hoi-nghi.html"
    )
    places = extract(page, archived).places
    assert [(p.name, p.province, p.code) for p in places] == [("Nghĩa Hưng", "Gia Lai", "23761")]


def test_a_title_starting_like_a_box_heading_is_still_a_title():
    title = "Văn bản chỉ đạo công tác phòng, chống tham nhũng của Huyện ủy năm 2023"
    page = (PAGES / "lacviet_category_row.html").read_text(encoding="utf-8")
    page = page.replace("Chi bộ thôn Đăk Pơ Pho giữ nền nếp sinh hoạt", title)
    assert extract(page, "https://krongchro.gialai.gov.vn/Pages/tin.aspx?ItemID=7").title == title
