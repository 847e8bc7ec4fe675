"""The demo site's layout as a reader sees it, in a real `datasette` server and headless
Chromium, on a phone (390x844) and a desktop (1280x800): a phone's table cards label each
value with its own column, in Vietnamese; the articles table shows a body excerpt and lists
as text (the exports keep the stored values); the search page's filters come before the
results on a phone, folded, years newest first; lesson cards' titles start upper-cased.
Screenshots go to $KINHNGHIEM_ARTIFACTS."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from pathlib import Path

import pytest
from browser import NEEDS_CHROMIUM, artifacts_folder, chromium_page
from build_fixtures import demo_site
from servers import datasette_server

pytestmark = NEEDS_CHROMIUM
PHONE = (390, 844)
DESKTOP = (1280, 800)
# Each cell's phone label (its ::before) beside the header of the column it sits under.
CARD_LABELS = """() => {
    const heads = [...document.querySelectorAll("table.rows-and-columns thead th")]
        .map(th => th.innerText.replace(/[▼▲\\s]+$/u, "").trim());
    const cells = [...document.querySelector("table.rows-and-columns tbody tr").children];
    return cells.map((td, i) => [heads[i], getComputedStyle(td, "::before").content]);
}"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with datasette_server(demo_site(tmp_path_factory.mktemp("layout-site"))) as url:
        yield url


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    return artifacts_folder(tmp_path_factory)


def opened(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url


def fetched(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


@pytest.mark.parametrize(
    "path, label",
    [("/kinhnghiem/lessons?_search=dang+vien", "Câu đầu"),
     ("/kinhnghiem/lesson_details", "Câu đầu"), ("/kinhnghiem/sites", "Tên")],
)  # fmt: skip
def test_phone_card_labels_follow_their_cells(base, artifacts: Path, path: str, label: str):
    with chromium_page(*PHONE) as page:
        opened(page, base + path)
        pairs = page.evaluate(CARD_LABELS)
        page.locator("table.rows-and-columns").scroll_into_view_if_needed()
        name = path.split("/")[-1].split("?")[0]
        page.screenshot(path=str(artifacts / f"phone-labels-{name}.png"))
    assert len(pairs) >= 5
    assert [f'"{head}"' for head, _ in pairs] == [content for _, content in pairs]
    assert f'"{label}"' in [content for _, content in pairs]


def test_articles_rows_read_as_text_exports_keep_values(base, artifacts: Path):
    stored = json.loads(fetched(f"{base}/kinhnghiem/articles.json?_shape=array&_size=max"))
    by_id = {str(row["id"]): row for row in stored}
    with chromium_page(*DESKTOP) as page:
        opened(page, f"{base}/kinhnghiem/articles")
        rows = page.evaluate("""() => [...document.querySelectorAll("tbody tr")].map(tr => ({
            id: tr.querySelector("td.col-id").innerText.trim(),
            height: tr.getBoundingClientRect().height,
            body: tr.querySelector("td.col-body").innerText,
            breadcrumb: tr.querySelector("td.col-breadcrumb").innerText.trim()}))""")
        page.locator("tbody tr").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "articles-rows.png"))
    assert len(rows) == len(stored) and max(row["height"] for row in rows) < 400
    long = [row for row in rows if len(by_id[row["id"]]["body"]) > 400]
    assert long and all(len(row["body"]) <= 300 and row["body"].endswith("…") for row in long)
    assert all(by_id[row["id"]]["body"].startswith(row["body"][:200]) for row in long)
    listed = [row for row in rows if by_id[row["id"]]["breadcrumb"]]
    assert listed and all(
        row["breadcrumb"] == ", ".join(json.loads(by_id[row["id"]]["breadcrumb"])) for row in listed
    )
    assert all(row["breadcrumb"].startswith("[") for row in stored if row["breadcrumb"])
    exported = csv.DictReader(
        io.StringIO(fetched(f"{base}/kinhnghiem/articles.csv?_size=max").decode())
    )
    assert {row["id"]: row["body"] for row in exported} == {k: v["body"] for k, v in by_id.items()}


def facet_years(page) -> list[str]:
    return page.locator("aside.kn-facets h3:text-is('Năm') + ul a").all_inner_texts()


def test_search_filters_first_on_a_phone_folded_years_newest_first(base, artifacts: Path):
    with chromium_page(*PHONE) as page:
        opened(page, f"{base}/-/search?q=dang+vien")
        filters = page.locator("aside.kn-facets details")
        assert (
            filters.get_attribute("open") is None
            and not page.locator("aside.kn-facets h3").first.is_visible()
        )
        first_card = page.locator(".kn-card").first.bounding_box()
        assert filters.bounding_box()["y"] < first_card["y"] < PHONE[1]
        page.screenshot(path=str(artifacts / "phone-search.png"))
        page.locator("aside.kn-facets summary").click()
        years = facet_years(page)
        page.screenshot(path=str(artifacts / "phone-search-filters.png"))
    assert len(years) >= 3 and years == sorted(years, reverse=True)
    with chromium_page(*DESKTOP) as page:  # beside the results, open
        opened(page, f"{base}/-/search?q=dang+vien")
        assert page.locator("aside.kn-facets h3").first.is_visible()
        assert (
            page.locator("aside.kn-facets").bounding_box()["x"]
            > page.locator(".kn-main").bounding_box()["x"]
        )
        assert facet_years(page) == years


def test_lesson_card_titles_start_upper_cased(base):
    found = json.loads(fetched(f"{base}/-/search.json?q=dang+vien"))
    headings = [lesson["title"] for lesson in found["lessons"]]
    assert any(heading[0].islower() for heading in headings)  # as stored, after the marker
    with chromium_page(*DESKTOP) as page:
        opened(page, f"{base}/-/search?q=dang+vien")
        titles = page.locator("#kn-lessons a.kn-title").all_inner_texts()
    assert titles == [heading[0].upper() + heading[1:] for heading in headings]
