"""The filters' counts of `/-/search.json?facets=1` and the search page: counted on
Datasette's read threads, a facet code each (pipeline/search.py `search_database`), they
are the counts of the lessons found, as one statement on one connection gives them."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from build_fixtures import built_site

from pipeline.search import Filters, search
from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("facets"))


def json_facets(data_dir: Path, query: str) -> dict:
    path = f"/-/search.json?facets=1&q={quote(query, safe='&=')}"
    body = asyncio.run(datasette_app(data_dir).client.get(path)).json()
    return {name: [tuple(pair) for pair in pairs] for name, pairs in body["facets"].items()}


def one_connection(data_dir: Path, query: str, filters: Filters | None = None) -> dict:
    with sqlite3.connect(data_dir / "kinhnghiem.db") as conn:
        found = search(conn, query, filters)
    return {name: [tuple(pair) for pair in pairs] for name, pairs in found.facets.items()}


@pytest.mark.parametrize("query", ["dang", "phat trien dang vien", "dan van khe"])
def test_counts_as_one_statement_gives_them(data_dir: Path, query: str):
    facets = json_facets(data_dir, query)
    assert facets == one_connection(data_dir, query)
    assert facets["year"] and facets["site"]


def test_with_a_filter(data_dir: Path):
    facets = json_facets(data_dir, "dang&year=2023")
    assert facets == one_connection(data_dir, "dang", Filters(year=2023))
    assert [year for year, _ in facets["year"]] == [2023]


def test_a_query_missing_one_word_counts_what_it_shows(data_dir: Path):
    query = "phat trien dang vien xqzw"  # no row holds the last word
    body = asyncio.run(datasette_app(data_dir).client.get(f"/-/search.json?facets=1&q={query}"))
    data = body.json()
    assert data["missing_one_word"] == ["articles", "lessons"]
    assert sum(n for _, n in data["facets"]["site"]) == data["counts"]["lessons"] == 3


def test_a_file_without_facet_codes(data_dir: Path, tmp_path: Path):
    shutil.copy(data_dir / "kinhnghiem.db", tmp_path / "kinhnghiem.db")
    with sqlite3.connect(tmp_path / "kinhnghiem.db") as conn:
        codes = [
            n for (n,) in conn.execute("select name from sqlite_master where name glob '_*_facet*'")
        ]
        for name in codes:
            conn.execute(f"drop table [{name}]")
    assert codes and json_facets(tmp_path, "dang") == one_connection(data_dir, "dang")


def test_every_year_is_a_filter(data_dir: Path, monkeypatch):
    import pipeline.search as search_module

    monkeypatch.setattr(search_module, "FACET_VALUES", 1)
    with sqlite3.connect(data_dir / "kinhnghiem.db") as conn:
        found = search(conn, "dang")
    assert len(found.facets["year"]) == 2 and len(found.facets["kind"]) == 1


def test_past_the_sample_the_counts_are_estimates(data_dir: Path, monkeypatch):
    import pipeline.search as search_module

    with sqlite3.connect(data_dir / "kinhnghiem.db") as conn:
        exact, estimated = search_module.facets(conn, "dang", Filters())
        monkeypatch.setattr(search_module, "FACET_SAMPLE", 2)
        sampled, estimated_now = search_module.facets(conn, "dang", Filters())
    assert not estimated and estimated_now
    assert sum(dict(sampled["site"]).values()) > 2  # scaled up from the two counted
    assert set(dict(sampled["site"])) <= set(dict(exact["site"]))
    body = asyncio.run(datasette_app(data_dir).client.get("/-/search.json?q=dang&facets=1")).json()
    assert body["facets_estimated"] is True
    page = asyncio.run(datasette_app(data_dir).client.get("/-/search?q=dang")).text
    assert "ước tính (≈) từ 2 bài học đầu tiên" in page and "(≈ " in page


def test_within_the_sample_the_counts_are_exact(data_dir: Path):
    body = asyncio.run(datasette_app(data_dir).client.get("/-/search.json?q=dang&facets=1")).json()
    assert body["facets_estimated"] is False
    page = asyncio.run(datasette_app(data_dir).client.get("/-/search?q=dang")).text
    assert "ước tính" not in page and "(≈ " not in page
