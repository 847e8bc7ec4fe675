"""A real `datasette` server (the `kinhnghiem serve` command line) and headless Chromium:
the article page and the search page as a reader sees them. Screenshots are saved in
$KINHNGHIEM_ARTIFACTS (default: the test's tmp dir / artifacts)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM, artifacts_folder, chromium_page
from build_fixtures import IA_LE, built_site
from servers import datasette_server

ASSET_TYPES = {"script", "stylesheet"}

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = built_site(tmp_path_factory.mktemp("browser"))
    with datasette_server(data_dir, stderr=subprocess.PIPE) as base:
        yield base, data_dir


@pytest.fixture(scope="module")
def page():
    with chromium_page(1200, 1600) as page:
        yield page


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    return artifacts_folder(tmp_path_factory)


def test_article_page_lists_the_lessons(site, page, artifacts: Path):
    base, data_dir = site
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        (ident,) = db.execute("select id from articles where url = ?", [IA_LE["url"]]).fetchone()
    page.goto(f"{base}/kinhnghiem/articles/{ident}")
    items = page.locator("ol.kn-lessons > li")
    assert items.count() == 3
    assert items.nth(0).locator(".kn-marker").inner_text() == "Một là"
    assert page.locator("h1.kn-title").inner_text() == IA_LE["title"]
    assert page.locator("a.kn-original").get_attribute("href") == IA_LE["url"]
    shot = artifacts / "article.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_search_page_finds_lessons_typed_without_diacritics(site, page, artifacts: Path):
    base, _ = site
    page.goto(f"{base}/-/search?q=phat+trien+dang+vien")
    results = page.locator("text=nâng cao nhận thức")  # filled in by the page's script
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 1
    shot = artifacts / "search.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_map_page_shows_the_places_as_markers(site, page, artifacts: Path):
    """datasette-cluster-map draws a Leaflet map with a marker (or a cluster of markers)
    for the places with coordinates; its scripts come from this server, so the markers
    show even where the background tiles (from the internet) cannot load."""
    base, data_dir = site
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        (places,) = db.execute("select count(*) from place_map").fetchone()
    assets: list[str] = []
    page.on("request", lambda r: assets.append(r.url) if r.resource_type in ASSET_TYPES else 0)
    page.goto(f"{base}/kinhnghiem/place_map")
    page.locator(".leaflet-container").wait_for(timeout=10_000)
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for(timeout=10_000)
    clustered = page.locator(".marker-cluster")  # a cluster icon shows how many it holds
    shown = markers.count() - clustered.count()
    shown += sum(int(clustered.nth(i).inner_text()) for i in range(clustered.count()))
    assert places >= 3 and shown == places
    assert assets and all(url.startswith(base) for url in assets), assets
    shot = artifacts / "map.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_chromium_cli_dumps_the_article_dom(site, artifacts: Path):
    base, _ = site
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_ARGS, "--dump-dom", f"{base}/kinhnghiem/lessons?_search=dang+vien"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "nâng cao nhận thức" in result.stdout, result.stderr[-500:]
    (artifacts / "lessons-search.html").write_text(result.stdout, encoding="utf-8")
