"""`kinhnghiem demo --no-serve`: the whole path (sample portal on loopback -> real Scrapy
crawl -> build) leaves a database that matches what the sample portal says it holds."""

import subprocess
import sys

import pytest
import sqlite_utils
from servers import free_port

from pipeline.sample_portal.render import load_articles

SEED_STYLE_MARKERS = ["Một là", "Thứ hai", "Thứ ba", "Thứ tư"]


def run_demo(data, portal_port):
    command = [sys.executable, "-m", "pipeline.cli", "demo", "--no-serve", "--data", str(data)]
    command += ["--portal-port", str(portal_port)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    data, portal_port = tmp_path_factory.mktemp("demo"), free_port()
    run_demo(data, portal_port)
    return data, portal_port


@pytest.fixture(scope="module")
def demo_db(demo_run):
    return sqlite_utils.Database(demo_run[0] / "kinhnghiem.db")


def test_every_sample_article_is_built_with_title_and_date(demo_db):
    expected = {a.title: a.published for a in load_articles()}
    built = {row["title"]: row["published"] for row in demo_db["articles"].rows}
    assert len(built) >= 40
    assert built == expected


def test_lessons_are_extracted(demo_db):
    assert demo_db["lessons"].count >= 45


def test_seed_style_article_has_four_lessons_in_order(demo_db):
    seed = next(
        a for a in load_articles() if a.title.startswith("Bài học kinh nghiệm trong công tác")
    )
    rows = demo_db.query(
        "SELECT lessons.marker FROM lessons JOIN articles ON articles.id = lessons.article_id"
        " WHERE articles.title = ? ORDER BY lessons.ordinal",
        [seed.title],
    )
    assert [row["marker"] for row in rows] == SEED_STYLE_MARKERS


def test_no_listing_or_navigation_page_is_an_article(demo_db):
    urls = [row["url"] for row in demo_db["articles"].rows]
    assert all(url.endswith(".html") and "/trang-" not in url for url in urls)
    assert not any(url.endswith(("/index.html", "/gioi-thieu/", "/lien-he/")) for url in urls)


def test_second_run_is_incremental_and_adds_no_duplicates(demo_run, demo_db):
    data, portal_port = demo_run
    before = demo_db["articles"].count
    result = run_demo(data, portal_port)
    total = next(line for line in result.stdout.splitlines() if line.startswith("TOTAL"))
    assert total.split()[2] == "0"  # articles fetched: every one is already in raw.db
    assert sqlite_utils.Database(data / "kinhnghiem.db")["articles"].count == before
