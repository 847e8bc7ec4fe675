"""A half-typed last word is searched as the corpus words it begins, named one by one
(FTS5 reads a prefix query's whole row list at once), unless they are too many; table
search keeps FTS5's prefix query, which its bm25 weighs as one word."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from build_fixtures import IA_LE, built_site

import pipeline.search as search_module
from pipeline.search import Vocabulary, parse, search
from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("prefix"))


@pytest.fixture
def conn(data_dir: Path):
    connection = sqlite3.connect(data_dir / "kinhnghiem.db")
    yield connection
    connection.close()


def ids(found) -> dict[str, list[int]]:
    return {table: [hit["id"] for hit in hits] for table, hits in found.hits.items()}


def test_the_words_a_prefix_begins_are_named(conn):
    last = parse("phat trien dang vie", Vocabulary(conn)).terms[-1]
    assert last.completions == ["vien"] and last.expression() == '"vien"'
    assert parse("phat trien dang vie").terms[-1].expression() == '"vie"*'  # no vocabulary


def test_too_many_to_name_stays_a_prefix_query(conn, monkeypatch):
    named = search(conn, "phat trien dang vi")
    monkeypatch.setattr(search_module, "COMPLETIONS", 0)
    last = parse("phat trien dang vi", Vocabulary(conn)).terms[-1]
    assert last.completions == [] and last.expression() == '"vi"*'
    assert ids(search(conn, "phat trien dang vi")) == ids(named)
    assert named.hits["articles"][0]["url"] == IA_LE["url"]


def test_table_search_keeps_the_prefix_query(data_dir: Path):
    app = datasette_app(data_dir)
    sql = "select kn_match('dang vie') as m"
    rows = asyncio.run(app.client.get("/kinhnghiem.json", params={"sql": sql})).json()["rows"]
    assert rows == [['"dang" AND "vie"*']]
