"""A search matching more rows than it counts (pipeline/search.py `COUNT_LIMIT`): the count
says "more than", the rows are a sample rather than every match ranked, and the rows whose
title holds the words still come first, found through the build's index of titles alone.
The limits are lowered here so that 40 generated articles are "many"."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

import pipeline.search as search_module
from pipeline.search import search
from pipeline.serve import datasette_app
from pipeline.store import Extraction, PageMeta, TableWriter, article_id, create_schema

ARTICLES = 40
TITLED = 3  # articles whose title holds the words searched: those of the highest ids
QUERY = "phat trien dang vien"


def urls() -> list[str]:
    return [f"https://xa{n}.gialai.gov.vn/tin-tuc/bai-{n}.html" for n in range(ARTICLES)]


def titled_urls() -> set[str]:
    """The articles whose ids come last: never among the first ids matched (the sample)."""
    return set(sorted(urls(), key=lambda url: article_id(url, set()))[-TITLED:])


def record(url: str, titled: bool) -> dict:
    text = "Chi bộ chú trọng công tác phát triển đảng viên mới ở thôn, làng."
    title = "Kinh nghiệm phát triển đảng viên" if titled else "Tin hoạt động của xã"
    return {
        "title": f"{title} ({url.split('/')[2]})",
        "published": "2024-05-15",
        "authors": ["Hoàng Lan"],
        "body": text,
        "places": [],
        "lessons": [{"ordinal": 1, "marker": "1.", "heading": "Phát triển đảng viên",
                     "text": text, "topic": None}],
    }  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    db = sqlite_utils.Database(folder / "kinhnghiem.db")
    create_schema(db)
    writer = TableWriter(db)
    titled = titled_urls()
    for url in urls():
        page = PageMeta(url, url.split("/")[2].split(".")[0], "0" * 64)
        writer.add(Extraction(page, "test", record(url, url in titled)))
    writer.finish()
    db.close()
    return folder


@pytest.fixture
def few_counted(monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 10)
    monkeypatch.setattr(search_module, "SCORE_ALL", 10)
    monkeypatch.setattr(search_module, "CANDIDATES", 5)


def test_the_count_says_more_than(data_dir: Path, few_counted):
    body = asyncio.run(datasette_app(data_dir).client.get(f"/-/search.json?q={QUERY}")).json()
    assert body["counts"] == {"articles": 10, "lessons": 10}
    assert body["counts_capped"] == ["articles", "lessons"] and body["count_limit"] == 10
    page = asyncio.run(datasette_app(data_dir).client.get(f"/-/search?q={QUERY}")).text
    assert "Bài viết:\n    hơn 10</h2>" in page


def test_titles_holding_the_words_come_first_though_outside_the_sample(data_dir: Path, few_counted):
    with sqlite3.connect(data_dir / "kinhnghiem.db") as conn:
        found = search(conn, QUERY)
        first_ids = search_module.matching(conn, "articles", found.query.match(), found.filters)
    titled_ids = {article_id(url, set()) for url in titled_urls()}
    assert not titled_ids & set(first_ids[:5])  # the sample holds none of them
    assert {hit["url"] for hit in found.hits["articles"][:TITLED]} == titled_urls()
    assert len(found.hits["articles"]) == 5 + TITLED


def test_all_matches_counted_and_ranked_below_the_limit(data_dir: Path):
    with sqlite3.connect(data_dir / "kinhnghiem.db") as conn:
        found = search(conn, QUERY)
    assert found.counts == {"articles": ARTICLES, "lessons": ARTICLES} and not found.capped
    assert {hit["url"] for hit in found.hits["articles"][:TITLED]} == titled_urls()
    assert all(hit["score"] < 0 for hit in found.hits["articles"])  # bm25, every row


def test_a_file_built_before_the_titles_index(data_dir: Path, tmp_path: Path, few_counted):
    shutil.copy(data_dir / "kinhnghiem.db", tmp_path / "kinhnghiem.db")
    with sqlite3.connect(tmp_path / "kinhnghiem.db") as conn:
        conn.execute("drop table articles_titles_fts")
        conn.execute("drop table lessons_titles_fts")
        found = search(conn, QUERY)
    assert {hit["url"] for hit in found.hits["articles"][:TITLED]} == titled_urls()


def test_the_titles_index_is_neither_listed_nor_the_tables_search(data_dir: Path):
    app = datasette_app(data_dir)
    tables = asyncio.run(app.client.get("/kinhnghiem.json")).json()["tables"]
    listed = {t["name"] for t in tables if not t["hidden"]}
    assert not {"articles_titles_fts", "lessons_titles_fts"} & listed
    assert {t["name"]: t["fts_table"] for t in tables}["articles"] == "articles_fts"
