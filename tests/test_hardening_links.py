"""Issue 12: only http(s) links anywhere. A hand-made raw.db row whose URL is
`javascript:...` is built like any page, but neither the Atom feed nor any page links it."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from dataclasses import replace

import pytest
from build_fixtures import IA_LE, TAY_SON, make_raw_db, raw_page

from crawler.archive import RawArchive
from pipeline.build import build_database
from pipeline.serve import datasette_app

EVIL_URL = "javascript:alert(document.domain)//chupuh.gialai.gov.vn/bai-hoc.html"
UNSAFE_LINK = re.compile(r"""(href|src)\s*=\s*["']?\s*(?!https?:|/|\?|#|tag:)[a-z]+:""", re.I)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("links")
    make_raw_db(data, [TAY_SON], empty=False)
    archive = RawArchive(data / "raw.db")
    archive.put(replace(raw_page(IA_LE), url=EVIL_URL))
    archive.close()
    build_database(data, workers=1, progress=False)
    with sqlite3.connect(data / "kinhnghiem.db") as db:
        (article_id,) = db.execute("select id from articles where url = ?", [EVIL_URL]).fetchone()
    return datasette_app(data), article_id


def get(app, path: str):
    response = asyncio.run(app.client.get(path))
    assert response.status_code == 200, path
    return response.text


def test_atom_feed_links_only_http(app):
    datasette, article_id = app
    feed = get(datasette, "/kinhnghiem/new_lessons.atom")
    links = re.findall(r"<link href=\"([^\"]*)\"", feed)
    page = f"http://localhost/kinhnghiem/articles/{article_id}"
    assert page in links  # the stored page, not javascript:
    assert TAY_SON["url"] not in links  # every entry links our article page
    entries = [link for link in links if not link.endswith("/new_lessons.atom")]  # not self
    assert entries and all(
        link.startswith("http://localhost/kinhnghiem/articles/") for link in entries
    )


@pytest.mark.parametrize(
    "path",
    [
        "/kinhnghiem/articles/{id}",
        "/kinhnghiem/articles",
        "/kinhnghiem/lessons",
        "/kinhnghiem/lesson_details",
        "/kinhnghiem/failures",
        "/-/search?q=Ia+Le",
    ],
)
def test_pages_never_link_a_javascript_url(app, path):
    datasette, article_id = app
    page = get(datasette, path.format(id=article_id))
    assert not UNSAFE_LINK.findall(page), UNSAFE_LINK.findall(page)
    assert not re.search(r"href=[\"']?javascript:", page, re.I)
