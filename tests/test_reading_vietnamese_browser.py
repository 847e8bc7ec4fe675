"""The ways on from a page, clicked in a real `datasette` server and headless Chromium (the
QA pass of issue #10): the menu's one entry to the search page, a table search with no rows
to the search page with the same words, a place's "xem N bài học" to a list of N lessons."""

from __future__ import annotations

import re
import sqlite3

import pytest
from browser import NEEDS_CHROMIUM, chromium_page
from browser import loaded_text as loaded
from build_fixtures import built_site
from servers import datasette_server

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = built_site(tmp_path_factory.mktemp("reading-browser"))
    with datasette_server(data_dir) as url:
        yield url, data_dir


@pytest.fixture(scope="module")
def page():
    with chromium_page(1280, 1000) as page:
        yield page


def test_the_menu_opens_the_search_page(site, page):
    base, _ = site
    loaded(page, page.goto(f"{base}/kinhnghiem/lessons"))
    assert page.locator("html").get_attribute("lang") == "vi"
    page.click("details.nav-menu summary")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Tìm bài viết và bài học").click()
    loaded(page, navigation.value)
    assert page.url == f"{base}/-/search"


def test_a_table_search_without_rows_leads_to_the_search_page(site, page):
    base, _ = site
    loaded(page, page.goto(f"{base}/kinhnghiem/lessons"))
    page.fill("#_search", "dang or vien")
    with page.expect_navigation() as navigation:
        page.press("#_search", "Enter")
    text = loaded(page, navigation.value)
    assert "0 dòng khớp với “dang or vien”" in text
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Tìm “dang or vien” trong mọi bài viết và bài học").click()
    loaded(page, navigation.value)
    assert page.url == f"{base}/-/search?q=dang+or+vien"
    assert page.input_value("input[name=q]") == "dang or vien"
    assert page.locator("li.kn-card").count() > 0


def test_a_places_lessons_are_as_many_as_it_says(site, page):
    base, data_dir = site
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        place, lessons = db.execute(
            "select id, lesson_count from places where lesson_count > 0 order by id limit 1"
        ).fetchone()
    loaded(page, page.goto(f"{base}/kinhnghiem/places/{place}"))
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=f"xem {lessons} bài học").click()
    text = loaded(page, navigation.value)
    assert re.search(rf"^{lessons} dòng$", text, flags=re.M), text[:800]
    assert page.locator("table.rows-and-columns tbody tr").count() == lessons
