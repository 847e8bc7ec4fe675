"""`?_search=` on the articles and lessons tables lists rows best first (the index's rank)
unless a sort is asked for; pages, counts, filters and facets are unchanged."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from build_fixtures import built_site

from pipeline.serve import datasette_app

QUERIES = {"lessons": "phat trien dang vien", "articles": "kinh nghiem"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("table-rank"))


@pytest.fixture(scope="module")
def get(data_dir: Path):
    app = datasette_app(data_dir)

    def fetch(path: str) -> dict:
        response = asyncio.run(app.client.get(path))
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    return fetch


def by_rank(data_dir: Path, table: str, query: str) -> list[int]:
    match = " ".join(f'"{word}"' for word in query.split())  # Datasette's escape_fts
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        sql = f"select rowid from {table}_fts where {table}_fts match ? order by rank, rowid"
        return [rowid for (rowid,) in db.execute(sql, [match])]


def pages(get, path: str) -> list[int]:
    """Every row's id, following `next` one row at a time."""
    ids, after = [], None
    while True:
        data = get(path + "&_size=1&_shape=objects" + (f"&_next={after}" if after else ""))
        ids += [row["id"] for row in data["rows"]]
        after = data["next"]
        if not after:
            return ids


@pytest.mark.parametrize("table", ["lessons", "articles"])
def test_rows_come_best_first_on_every_page(get, data_dir: Path, table: str):
    query = QUERIES[table].replace(" ", "+")
    expected = by_rank(data_dir, table, QUERIES[table])
    assert len(expected) >= 2 and expected != sorted(expected)  # rank is not id order
    first = get(f"/kinhnghiem/{table}.json?_search={query}&_shape=objects")
    assert [row["id"] for row in first["rows"]] == expected
    assert pages(get, f"/kinhnghiem/{table}.json?_search={query}") == expected
    assert first["filtered_table_rows_count"] == len(expected)


@pytest.mark.parametrize("table", ["lessons", "articles"])
def test_an_asked_sort_wins(get, data_dir: Path, table: str):
    query = QUERIES[table].replace(" ", "+")
    expected = sorted(by_rank(data_dir, table, QUERIES[table]))
    data = get(f"/kinhnghiem/{table}.json?_search={query}&_shape=objects&_sort=id")
    assert [row["id"] for row in data["rows"]] == expected
    data = get(f"/kinhnghiem/{table}.json?_search={query}&_shape=objects&_sort_desc=id")
    assert [row["id"] for row in data["rows"]] == expected[::-1]


def test_filters_and_facets_with_a_ranked_search(get, data_dir: Path):
    data = get("/kinhnghiem/lessons.json?_search=dang&year=2022&_shape=objects")
    assert data["rows"] and {row["year"] for row in data["rows"]} == {2022}
    assert data["facet_results"]["year"]["results"][0]["value"] == 2022
    assert [row["id"] for row in data["rows"]] == [
        i for i in by_rank(data_dir, "lessons", "dang") if i in {r["id"] for r in data["rows"]}
    ]


def test_a_search_matching_too_many_rows_stays_in_id_order(get, data_dir: Path, monkeypatch):
    from datasette.plugins import pm

    plugin = next(p for p in pm.get_plugins() if getattr(p, "__file__", "").endswith("rank.py"))
    query = QUERIES["lessons"]
    monkeypatch.setattr(plugin, "RANK_MAX", 1)
    data = get(f"/kinhnghiem/lessons.json?_search={query.replace(' ', '+')}&_shape=objects")
    assert [row["id"] for row in data["rows"]] == sorted(by_rank(data_dir, "lessons", query))
    path = f"/kinhnghiem/lessons?_search={query.replace(' ', '+')}"
    page = asyncio.run(datasette_app(data_dir).client.get(path)).text
    assert "khớp với" in page and "phù hợp nhất trước" not in page  # says so only if ranked
    monkeypatch.setattr(plugin, "RANK_MAX", 10_000)
    assert "phù hợp nhất trước" in asyncio.run(datasette_app(data_dir).client.get(path)).text


@pytest.mark.parametrize("sort", ["", "&_sort=id"])
def test_the_last_word_half_typed(get, sort: str):
    """As on the search page: the words of `_search`, the last one also as a prefix, in the
    rows, the count and the facets alike."""
    data = get(f"/kinhnghiem/lessons.json?_search=nang+cao+nhan+th{sort}&_shape=objects")
    assert [row["heading"][:18] for row in data["rows"]] == ["nâng cao nhận thức"]
    assert data["filtered_table_rows_count"] == 1
    assert [(r["value"], r["count"]) for r in data["facet_results"]["year"]["results"]] == [
        (2022, 1)
    ]
    view = get("/kinhnghiem/lesson_details.json?_search=nang+cao+nhan+th&_shape=objects")
    assert len(view["rows"]) == 1
