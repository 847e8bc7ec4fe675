"""Bylines: names, academic titles apart, sources, and what is never an author."""

import pytest

from nlp import extract
from nlp.authors import parse_byline


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Minh Châu", ["Minh Châu"]),
        ("Tác giả: Nguyễn Thị Hoa", ["Nguyễn Thị Hoa"]),
        ("Bài, ảnh: Rơ Chăm H'Lan", ["Rơ Chăm H'Lan"]),
        ("Thanh Thúy - Phạm Linh", ["Thanh Thúy", "Phạm Linh"]),
        ("Hồng Thi, Văn Ngọc", ["Hồng Thi", "Văn Ngọc"]),
        ("Nhóm PV", ["Nhóm PV"]),
    ],
)
def test_names(line, names):
    assert [a.name for a in parse_byline(line).authors] == names


def test_academic_title_kept_apart():
    author = parse_byline("ThS. Nguyễn Văn Nam").authors[0]
    assert (author.name, author.title) == ("Nguyễn Văn Nam", "ThS.")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Theo Báo Gia Lai", "Báo Gia Lai"),
        ("Nguồn: Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo Huyện ủy"),
    ],
)
def test_sources(line, source):
    byline = parse_byline(line)
    assert (byline.authors, byline.source) == ([], source)


@pytest.mark.parametrize(
    "line",
    [
        "Pho Ban bien tap",
        "BBT",
        "admin admin",
        "Admin",
        "(Ảnh: Minh Châu)",
        "Kết quả cho thấy chi bộ đã làm tốt công tác phát triển đảng viên",
    ],
)
def test_not_authors(line):
    byline = parse_byline(line)
    assert byline is None or not byline.authors


LIFERAY_END = """<html><head><title>Tin</title></head><body>
<div class="asset-full-content-title">Hội nghị sơ kết công tác dân vận năm 2023</div>
<div class="journal-content-article">
<p>Sáng 12/7, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm.</p>
<p>(Ảnh: Văn Ngọc)</p>
<p align="right"><strong>Thanh Thúy</strong></p>
<p align="right" class="view-content-author"><strong><em>Pho Ban bien tap</em></strong></p>
</div>
<div class="footer">Người chịu trách nhiệm nội dung: Ông Siu Y Bé Phó Chủ tịch UBND huyện</div>
</body></html>"""


def test_right_aligned_byline_not_cms_account_nor_footer():
    article = extract(LIFERAY_END, "http://x/a")
    assert article.authors == ["Thanh Thúy"]
    assert "Pho Ban" not in article.body and "Thanh Thúy" not in article.body
    assert "Siu Y Bé" not in article.authors


def test_author_label_with_words_after_tac_gia():
    """NukeViet's "Tác giả bài viết:" label, and "Nguồn tin:" beside it."""
    assert [a.name for a in parse_byline("Tác giả bài viết: Mai Ka - Đức Thụy").authors] == [
        "Mai Ka",
        "Đức Thụy",
    ]


FORM_PAGE = """<html><head><title>Tin tức</title><meta name="author" content="{meta}"></head><body>
<h1 class="news-title">Chi bộ thôn 3 sinh hoạt chuyên đề về dân vận khéo</h1>
<div class="ms-rtestate-field">
<p>Chi bộ thôn 3 tổ chức sinh hoạt chuyên đề với 100% đảng viên dự.</p>
<p>Các ý kiến tập trung vào cách làm dân vận ở khu dân cư.</p></div>
{fields}
<div class="footer">Chịu trách nhiệm: Ông Siu Y Bé</div>
</body></html>"""


@pytest.mark.parametrize(
    ("fields", "meta", "authors"),
    [
        (
            '<table class="ms-formtable"><tr><td class="ms-formlabel"><h3><nobr>Tác giả</nobr>'
            '</h3></td><td class="ms-formbody">Hoàng Yến - Minh Quân</td></tr>'
            '<tr><td class="ms-formlabel">Người tạo</td><td>admin</td></tr></table>',
            "admin",
            ["Hoàng Yến", "Minh Quân"],
        ),
        ("<dl><dt>Người viết:</dt><dd>Lê Thu Hà</dd></dl>", "", ["Lê Thu Hà"]),
        ('<span itemprop="author">Ksor Hương</span>', "Ban Biên tập", ["Ksor Hương"]),
        ('<div class="author-name">Phóng viên: Quỳnh Trang</div>', "", ["Quỳnh Trang"]),
        ("", "Ksor Hương", ["Ksor Hương"]),
        ("", "Ban biên tập", []),
        ("", "admin", []),
        ("", "Đảng bộ huyện Quỳnh Lưu", []),
    ],
)
def test_author_fields_form_rows_itemprop_and_meta(fields, meta, authors):
    article = extract(FORM_PAGE.format(fields=fields, meta=meta), "http://x/form")
    assert article.authors == authors
    assert "Siu Y Bé" not in article.authors


@pytest.mark.parametrize(
    ("line", "names", "unit"),
    [
        (
            "Ngô Tấm – Khánh Hiền (Đài Truyền thanh huyện)",
            ["Ngô Tấm", "Khánh Hiền"],
            "Đài Truyền thanh huyện",
        ),
        ("Tin, ảnh: Mẫn Doanh", ["Mẫn Doanh"], None),
        ("Vương Hợp – ĐTT.", ["Vương Hợp"], "ĐTT"),
        ("Tin và ảnh: Mạnh Hùng - Phòng VHTT huyện", ["Mạnh Hùng"], "Phòng VHTT huyện"),
        ("Y Đhăm (Ban Tuyên giáo Huyện ủy)", ["Y Đhăm"], "Ban Tuyên giáo Huyện ủy"),
        ("Lê Hà & Quốc Bảo", ["Lê Hà", "Quốc Bảo"], None),
        ("Tin: Hoàng Mai", ["Hoàng Mai"], None),
    ],
)
def test_unit_after_the_names_is_kept_apart(line, names, unit):
    authors = parse_byline(line, strict=False).authors
    assert [a.name for a in authors] == names
    assert {a.unit for a in authors} == {unit}


def test_empty_author_label_is_no_author():
    assert parse_byline("Tác giả bài viết:", strict=False) is None
