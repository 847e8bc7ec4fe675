"""A table's own search box (`?_search=`, and the `search_lessons` canned query) forgives
what `/-/search` forgives: a typo, words run together, a half-typed last word
(plugins/vietnamese_sql.py `kn_match` with the file's vocabulary)."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import pytest
from build_fixtures import IA_LE, TAY_SON, built_site

from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return datasette_app(built_site(tmp_path_factory.mktemp("table-typos")))


def titles(app, path: str) -> list[str]:
    response = asyncio.run(app.client.get(path))
    assert response.status_code == 200, response.text[:300]
    return [row["title"] for row in response.json()["rows"]]


@pytest.mark.parametrize(
    "typed, article",
    [
        ("phat trein dang vien", IA_LE),  # two letters swapped
        ("dangvien ia le", IA_LE),  # two words run together
        ("dan van khoe", TAY_SON),  # a transposition in the last word
        ("dan van kheoo", TAY_SON),  # a letter too many
    ],
)
def test_article_search_box_forgives_a_typo(app, typed: str, article: dict):
    path = f"/kinhnghiem/articles.json?_shape=objects&_search={quote(typed)}"
    assert titles(app, path)[0] == article["title"]


def test_lesson_search_forgives_a_typo(app):
    path = "/kinhnghiem/lessons.json?_shape=objects&_search=" + quote("phat trein dang vien")
    response = asyncio.run(app.client.get(path))
    assert response.json()["filtered_table_rows_count"] == 3
    canned = "/kinhnghiem/search_lessons.json?_shape=objects&q=" + quote("phat trein dang vien")
    assert len(asyncio.run(app.client.get(canned)).json()["rows"]) == 3


def test_a_word_nobody_wrote_still_finds_nothing(app):
    path = "/kinhnghiem/articles.json?_shape=objects&_search=" + quote("xqzv")
    assert titles(app, path) == []
