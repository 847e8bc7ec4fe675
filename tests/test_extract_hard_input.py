"""Pages that are real but awkward: control characters, deep nesting, a stray bad byte in
UTF-8 without a declared charset, an oversized page. Each is read, and what reading it took
is stated in the record, never a silent loss."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import extract
from nlp.html import MAX_BYTES

TITLE = "Kinh nghiệm phát triển đảng viên ở xã Ia Le"
BODY = "Đảng ủy xã Ia Le rút ra một số bài học kinh nghiệm sau trong công tác phát triển đảng viên:"
PAGE = (
    f"<html><head><title>Tin tức</title></head><body><h1>{TITLE}</h1><div class='content'>"
    f"<p>{BODY}</p><p>Một là, nâng cao nhận thức của cán bộ, đảng viên về công tác này.</p>"
    "<p>Hai là, tăng cường chỉ đạo sát sao của cấp ủy đối với các chi bộ thôn.</p>"
    "</div></body></html>"
)
URL = "https://iale.gialai.gov.vn/tin-tuc/kinh-nghiem.html"


def test_control_character_next_to_a_removed_tag():
    page = PAGE.replace(f"<p>{BODY}", f"<p>\x1e<nav></nav>{BODY}")
    article = extract(page.encode(), URL)
    assert article.title == TITLE
    assert BODY in article.body


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("\x01\x08\x0b\x0c\x1e\x1f\x7f"), min_size=1, max_size=5), st.data())
def test_control_characters_anywhere_in_the_text_never_lose_the_page(chars, data):
    body_start = PAGE.index(BODY)
    position = data.draw(st.integers(body_start, body_start + len(BODY)))
    page = PAGE[:position] + "".join(chars) + PAGE[position:]
    article = extract(page, URL)
    assert article.title == TITLE
    assert [lesson.marker for lesson in article.lessons] == ["Một là", "Hai là"]


def test_utf8_without_charset_and_one_bad_byte_stays_utf8():
    data = PAGE.encode("utf-8")
    cut = data.index(BODY.encode("utf-8"))
    article = extract(data[:cut] + b"\xff" + data[cut:], URL)
    assert article.title == TITLE
    assert len(article.lessons) == 2


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_a_declared_legacy_charset_is_still_honoured():
    page = PAGE.replace("<head>", "<head><meta charset='windows-1258'>")
    article = extract(cp1258(page), URL)
    assert article.title == TITLE
    assert len(article.lessons) == 2


def test_nesting_deeper_than_libxml2s_default_keeps_the_text():
    deep = PAGE.replace(f"<p>{BODY}</p>", "<div>" * 400 + f"<p>{BODY}</p>" + "</div>" * 400)
    article = extract(deep, URL)
    assert BODY in article.body and article.warnings == []


def test_nesting_beyond_any_parser_limit_is_read_flattened_and_said():
    deep = PAGE.replace(f"<p>{BODY}</p>", "<div>" * 5000 + f"<p>{BODY}</p>" + "</div>" * 5000)
    article = extract(deep, URL)
    assert BODY in article.body
    assert article.warnings == ["nesting too deep for the parser: the page was read flattened"]


def test_an_oversized_page_is_cut_and_the_record_says_so():
    # The bulk is a comment after the article: cheap to parse, past the cap all the same.
    filler = "<!-- " + "x" * (MAX_BYTES + 1_000_000) + " -->"
    data = PAGE.replace("</body>", filler + "</body>").encode()
    article = extract(data, URL)
    assert article.title == TITLE
    assert article.warnings == [f"page cut to its first {MAX_BYTES:,} of {len(data):,} bytes"]


def test_an_ordinary_page_has_no_warnings():
    assert extract(PAGE, URL).warnings == []
