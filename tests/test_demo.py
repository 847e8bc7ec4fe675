"""`kinhnghiem demo --no-serve`: the whole path (sample portal on loopback -> real Scrapy
crawl -> build) leaves a database that matches what the sample portal says it holds."""

import subprocess
import sys

import pytest
import sqlite_utils

from pipeline.sample_portal.render import load_articles

SEED_STYLE_MARKERS = ["Một là", "Thứ hai", "Thứ ba", "Thứ tư"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    command = [sys.executable, "-m", "pipeline.cli", "demo", "--no-serve", "--data", str(data)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_utils.Database(data / "kinhnghiem.db")


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
