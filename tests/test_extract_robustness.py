"""Bad HTML never raises anything but ExtractError, never hangs, always carries its url."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import ExtractError, extract

GOOD = (
    "<html><head><meta charset='windows-1258'><title>Tin</title></head><body><h1>Kinh nghiệm"
    " phát triển đảng viên</h1><p>Ngày đăng bài: 29/11/2022</p><p>Một là, nâng cao nhận thức."
    "</p><p>Thứ hai, tăng cường chỉ đạo.</p><p align='right'>Minh Châu</p></body></html>"
)
TAGS = st.sampled_from(["div", "p", "span", "table", "td", "li", "br", "h1", "script", "b"])
PIECES = st.one_of(
    st.text(max_size=40),
    TAGS.map(lambda t: f"<{t}>"),
    TAGS.map(lambda t: f"</{t}>"),
    st.sampled_from(
        ["<!--", "-->", "<![CDATA[", "&#xD800;", "&amp", "<?xml version='1.0'?>", "\x00"]
    ),
)
MAX_SECONDS = 2.0


def check(html, url="http://portal.gov.vn/a.html"):
    started = time.perf_counter()
    try:
        article = extract(html, url)
    except ExtractError as error:
        assert url in str(error)
    else:
        assert article.url == url
    assert time.perf_counter() - started < MAX_SECONDS


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_malformed_markup(html):
    check(html)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_page(cut):
    check(GOOD[:cut])
    check(GOOD.encode("utf-8")[:cut])


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    check(data)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=100, max_value=5000), st.sampled_from(["div", "span", "td", "b"]))
def test_deeply_nested(depth, tag):
    check(f"<{tag}>" * depth + "Chi bộ thôn Plei Ring" + f"</{tag}>" * depth)


def test_non_utf8_pages():
    check(GOOD.encode("cp1258", "replace"))
    check(GOOD.encode("utf-16"))
    check(GOOD.encode("latin-1", "replace"))


def test_empty_and_wrong_types():
    for bad in ("", b"", "   ", None, 42):
        check(bad)
