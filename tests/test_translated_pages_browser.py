"""Datasette's database page, SQL editor, canned queries and filter operators in Vietnamese,
clicked through in a real `datasette` server and headless Chromium: from the database page
to a table by its title, a filter chosen by its Vietnamese operator and applied, SQL typed
into the editor and run, a canned query's form filled in and sent."""

from __future__ import annotations

import re

import pytest
from browser import NEEDS_CHROMIUM, chromium_page
from browser import loaded_text as loaded
from build_fixtures import built_site
from servers import datasette_server

pytestmark = NEEDS_CHROMIUM
ENGLISH = ["Custom SQL query", "Run SQL", "Tables", "Queries", "Download SQLite DB",
           "hidden table", "This data as", "Query parameters", "0 results", " rows",
           "starts with", "is null", "contains", "Search all tables"]  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with datasette_server(built_site(tmp_path_factory.mktemp("translated"))) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    with chromium_page(1280, 1000) as page:
        yield page


def english_in(text: str) -> list[str]:
    return [words for words in ENGLISH if words in text]


def test_database_page_to_a_table_and_a_filter(base, page):
    text = loaded(page, page.goto(f"{base}/kinhnghiem"))
    assert {"Truy vấn SQL tự viết", "Truy vấn có sẵn", "Bảng"} <= set(text.splitlines())
    assert english_in(text) == []
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Bài học", exact=True).click()
    loaded(page, navigation.value)
    assert page.url == f"{base}/kinhnghiem/lessons"
    operators = page.locator("select[name=_filter_op] option").all_inner_texts()
    assert "có chứa" in operators and english_in(" ".join(operators)) == []
    page.select_option("select[name=_filter_column]", "heading")
    page.select_option("select[name=_filter_op]", label="có chứa")
    page.fill("input[name=_filter_value]", "chi bộ")
    with page.expect_navigation() as navigation:
        page.click("form.filters input[type=submit]")
    text = loaded(page, navigation.value)
    assert "heading__contains=" in page.url and page.locator("tbody tr").count() >= 1
    assert all("chi bộ" in h.lower() for h in page.locator("td.col-heading").all_inner_texts())
    chosen = page.locator("select[name=_filter_op_1] option:checked").inner_text()
    assert chosen == "có chứa"


def test_sql_typed_into_the_editor_and_run(base, page):
    loaded(page, page.goto(f"{base}/kinhnghiem"))
    page.locator(".CodeMirror").click()  # CodeMirror 5 stands in for the textarea
    page.keyboard.press("Control+A")
    page.keyboard.type("select heading from lessons order by id limit 2")
    with page.expect_navigation() as navigation:
        page.click("form.sql input[value='Chạy SQL']")
    text = loaded(page, navigation.value)
    assert "select+heading+from+lessons" in page.url
    assert re.search(r"Truy vấn SQL tự viết: 2 dòng", text), text[:500]
    assert "ẩn SQL" in text and "CSV cho Excel" in text and english_in(text) == []


def test_a_canned_query_form(base, page):
    loaded(page, page.goto(f"{base}/kinhnghiem"))
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Tìm bài học theo địa danh").click()
    text = loaded(page, navigation.value)
    assert "Điều kiện" in text and "xem SQL" in text
    page.fill("input[name=place]", "gia lai")
    with page.expect_navigation() as navigation:
        page.click("form.sql input[type=submit]")
    text = loaded(page, navigation.value)
    assert "place=gia+lai" in page.url and page.locator("tbody tr").count() >= 1
    assert re.search(r"Truy vấn: \d+ dòng", text) and english_in(text) == []


def test_a_column_menu_in_vietnamese_sorts(base, page):
    loaded(page, page.goto(f"{base}/kinhnghiem/lessons"))
    page.locator("th.col-id svg.dropdown-menu-icon").click()
    menu = page.locator(".dropdown-menu")
    text = menu.inner_text()
    assert "Xếp giảm dần" in text and "Kiểu dữ liệu: INTEGER" in text
    assert "Sort" not in text and "Type:" not in text and "Facet" not in text
    with page.expect_navigation() as navigation:
        menu.locator("a.dropdown-sort-desc").click()
    loaded(page, navigation.value)
    assert "_sort_desc=id" in page.url
