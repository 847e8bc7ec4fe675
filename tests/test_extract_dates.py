"""Day-first Vietnamese dates and times, and the lines that are not publication dates."""

import pytest

from nlp import extract
from nlp.dates import is_date_line, parse_date, starts_with_weekday_date


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Ngày đăng bài: 29/11/2022", "2022-11-29"),
        ("29/11/2022 | 4:57 PM", "2022-11-29T16:57:00+07:00"),
        ("Thứ Sáu, 23/12/2016, 20:34 (GMT+7)", "2016-12-23T20:34:00+07:00"),
        ("Đăng ngày: 18/03/2024", "2024-03-18"),
        ("08/08/2022 10:11 SA", "2022-08-08T10:11:00+07:00"),
        ("08/08/2022 03:20 CH", "2022-08-08T15:20:00+07:00"),
        ("ngày 29 tháng 11 năm 2022", "2022-11-29"),
        ("Publish date 27/04/2017 | 12:00 AM | View count: 5915", "2017-04-27T00:00:00+07:00"),
        ("Cập nhật lúc 16:03 05/03/2022", "2022-03-05T16:03:00+07:00"),
        ("2022-11-29T09:57:00Z", "2022-11-29T16:57:00+07:00"),
        ("05-03-2022", "2022-03-05"),
    ],
)
def test_day_first_dates_with_time(line, iso):
    assert parse_date(line) == iso


@pytest.mark.parametrize("line", ["31/02/2022", "Số 09/GP-TTĐT", "hôm nay", "12/2022", ""])
def test_no_date(line):
    assert parse_date(line) is None


def test_date_lines_and_weekdays():
    assert is_date_line("Thứ hai, 11/12/2023 16:03")
    assert starts_with_weekday_date("Thứ hai, 11/12/2023 16:03")
    assert not starts_with_weekday_date("Thứ hai, tăng cường chỉ đạo sát sao của Đảng ủy xã.")
    assert not is_date_line(
        "Giấy phép: 09/GP-TTĐT ngày 11/11/2020 của Sở Thông tin và Truyền thông cấp"
    )


PAGE = """<html><head><title>Tin bài</title></head><body>
<div class="top">Thứ hai, 11/12/2023 16:03</div>
<div class="content"><h1>Chi bộ thôn Plei Ring đổi mới sinh hoạt</h1>
<p>Ngày đăng bài: 29/11/2022</p>
<p>Chi bộ thôn Plei Ring có 25 đảng viên, duy trì sinh hoạt định kỳ vào ngày 5 hằng tháng.</p>
<p>Thực hiện Hướng dẫn số 12-HD/BTCTW ngày 11/11/2020, chi bộ chọn chuyên đề sát thực tế.</p></div>
<div class="footer">Giấy phép: 09/GP-TTĐT ngày 11/11/2020 của Sở Thông tin và Truyền thông</div>
</body></html>"""


def test_header_date_not_footer_licence_nor_clock():
    assert extract(PAGE, "http://x/a.html").published == "2022-11-29"


def test_no_date_gives_null():
    page = PAGE.replace("<p>Ngày đăng bài: 29/11/2022</p>", "")
    assert extract(page, "http://x/a.html").published is None


def test_meta_date_when_page_shows_none():
    page = PAGE.replace("<p>Ngày đăng bài: 29/11/2022</p>", "").replace(
        "<title>",
        '<meta property="article:published_time" content="2022-11-29T16:57:00+07:00"><title>',
    )
    assert extract(page, "http://x/a.html").published == "2022-11-29T16:57:00+07:00"
