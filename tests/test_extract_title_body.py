"""Title and body on pages in the markup of five portal families, plus a generic one."""
# ruff: noqa: E501  (sample page markup and Vietnamese sentences read better unwrapped)

import unicodedata

import pytest

from nlp import extract
from nlp.html import blocks, parse

P1 = (
    "Chi bộ thôn Plei Ring duy trì sinh hoạt định kỳ vào ngày 5 hằng tháng với nội dung thiết thực."
)
P2 = "Nhờ đó, tỷ lệ đảng viên dự sinh hoạt luôn đạt trên 95%, nhiều ý kiến của đảng viên được tiếp thu."
MENU = """<div id="header"><h1 class="logo">CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN CHƯ PƯH</h1></div>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></nav>"""
FOOTER = """<div id="footer">Người chịu trách nhiệm nội dung: Ông Siu Y Bé.
Giấy phép: 09/GP-TTĐT ngày 11/11/2020. Thống kê truy cập: Hôm nay: 12</div>"""
TITLE = "Kinh nghiệm nâng cao chất lượng sinh hoạt chi bộ ở thôn Plei Ring"

PAGES = {
    "liferay": f"""<html><head><title>{TITLE} - Tin tức - Sở Thông tin</title></head><body>{MENU}
<div class="portlet-asset-publisher"><div class="asset-full-content-title">{TITLE}</div>
<div class="assetPublishDate block_timer">Publish date 29/11/2022 | 4:57 PM | View count: 12</div>
<div class="asset-content"><div class="sapo-wrapper"><p class="sapo">{P1}</p></div>
<div class="journal-content-article"><p>{P2}</p><p align="right"><strong>Thanh Thúy</strong></p>
<p align="right" class="view-content-author"><strong><em>Pho Ban bien tap</em></strong></p></div></div>
<div class="related_asset"><ul><li><a href="/x">Tin khác về chi bộ</a></li></ul></div></div>
<section class="portlet"><h1 class="portlet-title">đầu tư công</h1></section>{FOOTER}</body></html>""",
    "sharepoint": f"""<html><head><title>{TITLE}</title></head><body><form id="aspnetForm">{MENU}
<div id="s4-workspace"><div class="news-detail"><h2 class="news-title">{TITLE}</h2>
<div class="news-date">29/11/2022 04:57 CH</div><div class="news-summary">{P1}</div>
<div class="ms-rtestate-field"><p>{P2}</p><p style="text-align: right;"><b>Thanh Thúy</b></p></div>
</div></div>{FOOTER}</form></body></html>""",
    "nukeviet": f"""<html><head><title>{TITLE} - Tin tức</title></head><body>{MENU}
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{TITLE}</h1>
<ul class="list-inline"><li><span class="h5">Thứ Ba, 29/11/2022, 16:57 (GMT+7)</span></li></ul>
<div class="hometext m-bottom">{P1}</div><div id="news-bodyhtml" class="bodytext">{P2}</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả: </strong>Thanh Thúy</p></div>
</div></div>{FOOTER}</body></html>""",
    "aspnet": f"""<html><head><title>Cổng TTĐT - {TITLE}</title></head><body><form id="form1">{MENU}
<table><tr><td class="ArticleHeader">{TITLE}</td></tr><tr><td class="ArticleDate">
Đăng ngày: 29/11/2022 16:57</td></tr><tr><td class="ArticleSummary">{P1}</td></tr>
<tr><td class="ArticleContent"><p>{P2}</p><p align="right">Thanh Thúy</p></td></tr></table>
{FOOTER}</form></body></html>""",
    "district": f"""<html><head><title>{TITLE}</title></head><body>
<div class="top-bar"><span class="date-line">Thứ hai, 11/12/2023 08:15</span></div>{MENU}
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin">Tin tức</a> &gt; <span>{TITLE[:30]}</span></div>
<div class="news-detail"><h1 class="news-title">{TITLE}</h1><div class="news-date">Ngày đăng bài: 29/11/2022 16:57</div>
<div class="news-content"><p>{P1}</p><p>{P2}</p><p>&nbsp;</p><p style="text-align:right"><strong>Thanh Thúy</strong></p>
</div></div>{FOOTER}</body></html>""",
    "generic": f"""<html><head><title>{TITLE} | UBND xã Ia Le</title></head><body>{MENU}
<div class="left"><a href="/a">Tin mới nhất về công tác dân vận ở huyện</a></div>
<div class="main"><div class="tieude">{TITLE}</div><div>Cập nhật: 29/11/2022 16:57</div>
<div class="noi-dung">{P1}<br>{P2}<br><div style="text-align:right">Thanh Thúy</div></div></div>
{FOOTER}</body></html>""",
}


@pytest.fixture(params=sorted(PAGES))
def article(request):
    return extract(PAGES[request.param], f"http://portal.gov.vn/{request.param}.html")


def test_title_is_the_articles_own(article):
    assert article.title == TITLE


def test_body_is_the_article_paragraphs_only(article):
    assert article.body.split("\n\n") == [P1, P2]


def test_date_time_and_author(article):
    assert article.published == "2022-11-29T16:57:00+07:00"
    assert article.authors == ["Thanh Thúy"]


def test_breadcrumb_without_the_truncated_title():
    article = extract(PAGES["district"], "http://portal.gov.vn/d.html")
    assert article.breadcrumb == ["Trang chủ", "Tin tức"]


def test_every_text_field_is_normalised():
    page = PAGES["district"].replace("sinh hoạt", "sinh họat").replace("Thúy", "Thuý")
    article = extract(page.encode("utf-8"), "http://portal.gov.vn/d.html")
    assert "họat" not in article.title + article.body
    assert article.authors == ["Thanh Thúy"]


SITE_NAMES = {  # the MENU's banner is in capitals: written as people write the name
    "liferay": "Sở Thông tin",
    "sharepoint": "Cổng thông tin điện tử huyện Chư Pưh",
    "nukeviet": "Cổng thông tin điện tử huyện Chư Pưh",
    "aspnet": "Cổng thông tin điện tử huyện Chư Pưh",  # "Cổng TTĐT" alone names no portal
    "district": "Cổng thông tin điện tử huyện Chư Pưh",
    "generic": "UBND xã Ia Le",
}


@pytest.mark.parametrize("family", sorted(PAGES))
def test_site_name_of_each_portal_family(family: str):
    article = extract(PAGES[family], f"http://portal.gov.vn/{family}.html")
    assert article.site_name == SITE_NAMES[family]


HEADER = (
    '<div class="header"><span class="site-name">CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN IA GRAI</span></div>'
)
HEAD_TITLE = "Đảng bộ xã Ia Sao - mười năm một chặng đường"


@pytest.mark.parametrize(
    "head, header, expected",
    [
        ('<meta property="og:site_name" content="Báo Gia Lai">', HEADER, "Báo Gia Lai"),
        ('<meta property="og:site_name" content="iagrai.gialai.gov.vn">', "", None),  # a host
        (f"<title>{TITLE} - Cổng thông tin điện tử huyện Ia Grai</title>", "", "Cổng thông tin điện tử huyện Ia Grai"),
        (f"<title>{TITLE} | Trang thông tin điện tử xã Ia Le</title>", "", "Trang thông tin điện tử xã Ia Le"),
        (f"<title>{TITLE} - Tin tức - Đảng bộ huyện Chư Pưh</title>", "", "Đảng bộ huyện Chư Pưh"),
        (f"<title>Cổng thông tin điện tử huyện Đông Anh - {TITLE}</title>", "", "Cổng thông tin điện tử huyện Đông Anh"),
        (f"<title>{TITLE} - Tin tức</title>", "", None),  # a category, not a portal
        (f"<title>{HEAD_TITLE}</title>", HEADER, "Cổng thông tin điện tử huyện Ia Grai"),  # the title's own " - "
        ("", HEADER, "Cổng thông tin điện tử huyện Ia Grai"),
        ("", '<div id="header"><div class="logo-text">ĐẢNG BỘ THỊ XÃ AYUN PA</div></div>', "Đảng bộ thị xã Ayun Pa"),
        ("", '<a class="logo" href="/"><img src="/l.png" alt="Cổng TTĐT tỉnh Gia Lai"><span>CỔNG TTĐT</span></a>', "Cổng TTĐT tỉnh Gia Lai"),
        ("", '<div class="banner"><img src="/b.jpg" alt="Cổng thông tin điện tử huyện Chư Sê"></div>', "Cổng thông tin điện tử huyện Chư Sê"),
        (unicodedata.normalize("NFD", "<title>x - Cổng thông tin điện tử thị xã Ayun  Pa</title>"), "", "Cổng thông tin điện tử thị xã Ayun Pa"),
        ("<title>x - Đảng uỷ xã Ia Hrú</title>", "", "Đảng ủy xã Ia Hrú"),  # one tone-mark convention
    ],
)  # fmt: skip
def test_site_name_from_meta_title_or_header(head: str, header: str, expected: str | None):
    title = HEAD_TITLE if HEAD_TITLE in head else TITLE
    page = f"""<html><head>{head}</head><body>{header}<div class="news-detail">
<h1 class="news-title">{title}</h1><div class="news-content"><p>{P1}</p><p>{P2}</p></div></div></body></html>"""
    assert extract(page, "http://iagrai.gialai.gov.vn/tin-tuc/1.html").site_name == expected


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (
            "<p><strong>T</strong>\n ăng cường sự lãnh đạo của chi bộ</p>",
            "Tăng cường sự lãnh đạo của chi bộ",
        ),
        ("<p><span>n</span> <span>âng cao</span> chất lượng</p>", "nâng cao chất lượng"),
        ("<p>Ông <b>Y</b> Moan và <b>K</b> <b>Đông</b> dự họp</p>", "Ông Y Moan và K Đông dự họp"),
    ],
)
def test_a_letter_in_its_own_inline_tag_stays_in_its_word(markup, text):
    assert blocks(parse(f"<div>{markup}</div>", "x")) == [text]
