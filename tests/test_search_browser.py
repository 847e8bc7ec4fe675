"""The demo site in a real `datasette` server and headless Chromium, as a reader uses it:
type into each table's search box and press Enter, Apply a filter, click the column
headers, search from the front page, follow a lesson to its article; then a bounded crawl
of every internal link finds no 4xx/5xx. Screenshots go to $KINHNGHIEM_ARTIFACTS."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser import NEEDS_CHROMIUM, artifacts_folder, chromium_page
from build_fixtures import demo_site
from servers import datasette_server

TABLES = ["sites", "articles", "lessons", "places", "organizations"]
SEARCHABLE = {"articles", "lessons"}
CRAWL_LIMIT = 400  # pages; the demo site has a few thousand links, most of them facets

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = demo_site(tmp_path_factory.mktemp("demo-site"))
    log = data_dir / "datasette.log"
    with log.open("w") as errors, datasette_server(data_dir, stderr=errors) as base:
        yield base, log


@pytest.fixture(scope="module")
def page():
    with chromium_page(1280, 1400) as page:
        yield page


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    return artifacts_folder(tmp_path_factory)


def loaded(page, response) -> None:
    assert response is not None and response.status == 200, (page.url, response and response.status)
    assert "Error 500" not in page.title() and "Invalid SQL" not in page.content()


@pytest.mark.parametrize("table", TABLES)
def test_table_search_box_filter_and_headers(site, page, table: str):
    base, _ = site
    loaded(page, page.goto(f"{base}/kinhnghiem/{table}"))
    assert page.locator("input#_search").count() == (table in SEARCHABLE)
    if table in SEARCHABLE:
        with page.expect_navigation() as navigation:
            page.fill("input#_search", "dang vien")
            page.press("input#_search", "Enter")
        loaded(page, navigation.value)
        assert "_search=dang+vien" in page.url and page.locator("tbody tr").count() > 0
    loaded(page, page.goto(f"{base}/kinhnghiem/{table}"))
    page.select_option("select[name=_filter_column]", "id")
    page.select_option("select[name=_filter_op]", "gt")
    page.fill("input[name=_filter_value]", "0")
    with page.expect_navigation() as navigation:
        page.click("form.filters input[type=submit]")
    loaded(page, navigation.value)
    headers = page.locator("table.rows-and-columns thead th a")
    for index in range(headers.count()):
        loaded(page, page.goto(f"{base}/kinhnghiem/{table}"))
        with page.expect_navigation() as navigation:
            page.locator("table.rows-and-columns thead th a").nth(index).click()
        loaded(page, navigation.value)


def test_front_page_search_to_lesson_to_article(site, page, artifacts: Path):
    base, _ = site
    loaded(page, page.goto(f"{base}/"))
    with page.expect_navigation() as navigation:
        page.fill("#search-all-q", "phat trien dang vie")
        page.press("#search-all-q", "Enter")
    loaded(page, navigation.value)
    cards = page.locator("#kn-lessons li.kn-card")
    assert cards.count() >= 3 and page.locator("#kn-lessons mark").count() >= 3
    page.screenshot(path=str(artifacts / "search-page.png"), full_page=True)
    facet = page.locator("aside.kn-facets a").first
    with page.expect_navigation() as navigation:
        facet.click()
    loaded(page, navigation.value)
    filtered = page.url
    with page.expect_navigation() as navigation:  # the filter taken off again
        page.locator("aside.kn-facets a.kn-clear").first.click()
    loaded(page, navigation.value)
    assert "q=phat+trien+dang+vie" in page.url and len(page.url) < len(filtered)
    assert page.locator("#kn-lessons li.kn-card").count() == cards.count()
    page.go_back()
    with page.expect_navigation() as navigation:
        page.locator("#kn-lessons a.kn-article").first.click()
    loaded(page, navigation.value)
    assert re.search(r"/kinhnghiem/articles/\d+$", page.url)
    assert page.locator("ol.kn-lessons > li").count() >= 1


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.found.append(href)


def test_every_internal_link_answers(site):
    """Breadth-first from the front page and the database page, at most CRAWL_LIMIT pages;
    nothing answers 4xx/5xx and the server logs no traceback."""
    base, log = site
    queue, seen, failed = [f"{base}/", f"{base}/kinhnghiem"], set(), []
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                kind = response.headers.get("content-type", "")
        except urllib.error.HTTPError as error:
            failed.append((error.code, url))
            continue
        if "html" not in kind:
            continue
        parser = Links()
        parser.feed(body)
        for href in parser.found:
            target = urljoin(url, href).split("#")[0]
            if urlsplit(target).netloc == urlsplit(base).netloc and target not in seen:
                queue.append(target)
    assert len(seen) >= 200 and failed == []
    assert "Traceback" not in log.read_text()


def test_reading_pages(site, page, artifacts: Path):
    """A lesson page, the lessons table searched, an author's page: what a reader sees."""
    base, _ = site
    loaded(page, page.goto(f"{base}/kinhnghiem/lessons?_search=dang+vien"))
    headers = page.locator("table.rows-and-columns thead th")
    names = [headers.nth(i).get_attribute("data-column") for i in range(headers.count())]
    assert names[:3] == ["id", "heading", "text"] and not [n for n in names if "_folded" in n]
    assert [h.strip() for h in headers.all_inner_texts()[1:3]] == ["Câu đầu", "Nội dung"]
    page.screenshot(path=str(artifacts / "lessons-table.png"), full_page=False)
    with page.expect_navigation() as navigation:
        page.locator("td.col-id a").first.click()
    loaded(page, navigation.value)
    assert page.locator("article.kn-lesson p.kn-text").inner_text()
    page.screenshot(path=str(artifacts / "lesson.png"), full_page=True)
    with page.expect_navigation() as navigation:
        page.locator("a.kn-article").click()
    loaded(page, navigation.value)
    assert page.locator("ol.kn-lessons > li").count() >= 1
    loaded(page, page.goto(f"{base}/-/search?q=ksor+nhi"))
    with page.expect_navigation() as navigation:
        page.locator(".kn-names a").first.click()
    loaded(page, navigation.value)
    assert page.locator("ul.kn-named-articles li").count() >= 1
    page.screenshot(path=str(artifacts / "author.png"), full_page=True)
