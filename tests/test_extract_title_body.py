"""Title and body on pages in the markup of five portal families, plus a generic one."""
# ruff: noqa: E501  (sample page markup and Vietnamese sentences read better unwrapped)

import pytest

from nlp import extract

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
