"""The search page says plainly when it shows results missing one of the words typed (and
how many hold them all), and marks what was meant: a last word typed in part that a name
found completes marks that name, not every word it begins (Datasette's test client)."""

from __future__ import annotations

import asyncio
import re

import pytest
from build_fixtures import built_site

from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    app = datasette_app(built_site(tmp_path_factory.mktemp("notices")))

    def fetch(query: str) -> str:
        response = asyncio.run(app.client.get("/-/search", params={"q": query}))
        assert response.status_code == 200, response.text[:300]
        return response.text

    return fetch


def notice(html: str) -> str | None:
    found = re.search(r'<p class="kn-message kn-relaxed">(.*?)</p>', html, re.DOTALL)
    return found and found[1]


def marked(html: str, start: str = "<body", end: str = "</body>") -> set[str]:
    part = html.split(start, 1)[1].split(end, 1)[0]
    return set(re.findall(r"<mark>(.*?)</mark>", part))


def test_no_row_holds_every_word(page):
    # "chi" typed for "vận": no article or lesson holds the five words
    assert notice(page("dan chi kheo tay son")) == (
        "Không có bài viết hay bài học nào chứa đủ cả 5 từ “dan chi kheo tay son”, nên dưới"
        " đây là những bài thiếu một trong các từ đó (có thể một từ bị gõ nhầm)."
    )


def test_few_rows_hold_every_word(page):
    # only the Ia Le article (and one of its lessons) has "Đảng ủy xã Ia ..."
    assert notice(page("dang uy xa ia")).startswith(
        "Chỉ có 1 bài viết và 1 bài học chứa đủ cả 4 từ “dang uy xa ia”, nên dưới đây có thêm"
        " những bài thiếu một trong các từ đó"
    )


def test_no_notice_when_every_row_found_holds_every_word(page):
    # two articles hold the four words: too few, so rows missing one are looked for; none
    html = page("dang bo xa ia")
    assert 'class="kn-results"' in html and notice(html) is None


def test_a_name_found_marks_the_name_not_words_it_begins(page):
    html = page("hoang la")  # the author Hoàng Lan; "la" also begins "lắng", "lãnh", "làm"
    assert marked(html, '<dl class="kn-names">', "</dl>") == {"Hoàng", "Lan"}
    assert marked(html, 'class="kn-layout"') == {"Hoàng", "Lan"}
    assert '<span class="kn-authors"><mark>Hoàng</mark> <mark>Lan</mark></span>' in html
    assert "lắng nghe" in html  # in the Tây Sơn article's snippet, unmarked


def test_without_a_name_the_half_typed_word_marks_what_it_begins(page):
    assert "khéo" in marked(page("dan van khe"))
