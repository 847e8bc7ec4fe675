"""pipeline/search.py on a built database: what a propaganda-board officer types (no
diacritics, half-typed last word, a typo, words run together, an author, a place) finds
the right articles and lessons, best first; `/-/search.json` gives the same."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from build_fixtures import IA_LE, SCRIPT_TITLE, TAY_SON, built_site

from pipeline.search import Filters, edits, parse, people_date, search
from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("ranking"))


@pytest.fixture(scope="module")
def conn(data_dir: Path):
    connection = sqlite3.connect(data_dir / "kinhnghiem.db")
    yield connection
    connection.close()


def first_article(conn, query: str) -> str | None:
    hits = search(conn, query).hits["articles"]
    return hits[0]["url"] if hits else None


@pytest.mark.parametrize(
    "query, url",
    [
        ("phat trien dang vien", IA_LE["url"]),
        ("dan van kheo", TAY_SON["url"]),
        ("dan van khe", TAY_SON["url"]),  # the last word half typed
        ("dan van khoe", TAY_SON["url"]),  # a transposition
        ("phat trein dang vien", IA_LE["url"]),
        ("dan van kheoo", TAY_SON["url"]),  # an extra letter in the last word
        ("danvan kheo", TAY_SON["url"]),  # two words run together
        ("hoang lan", TAY_SON["url"]),  # the author
        ("tay son", TAY_SON["url"]),  # the place
        ("sinh hoat chi bo", SCRIPT_TITLE["url"]),
    ],
)
def test_the_article_comes_first(conn, query: str, url: str):
    assert first_article(conn, query) == url


def test_lessons_found_through_their_articles_title(conn):
    lessons = search(conn, "phat trien dang vien").hits["lessons"]
    assert {hit["article_id"] for hit in lessons} == {lessons[0]["article_id"]}
    assert len(lessons) == 3
    assert lessons[0]["title"].startswith("nâng cao nhận thức")  # the words in its heading


def test_typo_alternatives_come_from_the_corpus(conn):
    from pipeline.search import Vocabulary

    query = parse("dang vein", Vocabulary(conn))
    assert query.terms[1].alternatives == ["vien"]
    assert parse("dang vien", Vocabulary(conn)).terms[1].alternatives == []  # a corpus word
    assert "vien" in edits("vein") and "vein" not in edits("vein")


def test_exact_diacritics_first(conn):
    # "dân" and "dẫn" fold alike; typed with marks, the rows holding "dân vận" lead.
    marked = search(conn, "dân vận").hits["lessons"]
    assert marked and "dân" in (marked[0]["title"] + marked[0]["text"]).lower()


def test_filters_narrow_both_lists(conn):
    found = search(conn, "dang", Filters(year=2023))
    assert found.hits["lessons"] and {h["published"][:4] for h in found.hits["lessons"]} == {"2023"}
    assert all(h["published"].startswith("2023") for h in found.hits["articles"])
    assert dict(found.facets["year"]) == {2023: found.counts["lessons"]}


def test_nothing_typed_is_no_query(conn):
    for text in ["", '"', "  ", "()*"]:
        found = search(conn, text)
        assert found.counts == {"articles": 0, "lessons": 0} and not found.query.terms


def test_people_dates():
    assert people_date("2019-09-24T14:35:00+07:00") == "24/09/2019"
    assert people_date("2019-09") == "09/2019" and people_date(None) == ""


def test_search_json(data_dir: Path):
    app = datasette_app(data_dir)
    data = asyncio.run(app.client.get("/-/search.json?q=dan+van+khe")).json()
    assert data["articles"][0]["url"] == TAY_SON["url"]
    assert {"id", "url", "title", "published"} <= set(data["articles"][0])
    assert data["lessons"] and {"id", "article_id", "title", "text"} <= set(data["lessons"][0])
    assert all(lesson["article_id"] == data["articles"][0]["id"] for lesson in data["lessons"])
    assert data["message"] is None and data["counts"]["articles"] >= 1


def test_a_typo_that_makes_another_word_still_finds_the_article(conn):
    # "chi" (a word of the corpus) typed for "van": no row holds all five words
    found = search(conn, "dan chi kheo tay son")
    assert found.relaxed == {"articles", "lessons"}
    assert found.hits["articles"][0]["url"] == TAY_SON["url"]
    common = search(conn, "dang bo xa")  # 3+ lessons hold every word: only those
    assert "lessons" not in common.relaxed and common.counts["lessons"] >= 3


def test_authors_places_and_organisations_by_name(conn, data_dir: Path):
    assert [a["name"] for a in search(conn, "hoang la").names["authors"]] == ["Hoàng Lan"]
    assert "Tây Sơn" in [p["name"] for p in search(conn, "tay son").names["places"]]
    assert len(search(conn, "dang bo xa ia").names["organizations"]) == 2
    assert search(conn, "dang bo xa ia", page=2).names == {}  # shown on the first page only
    page = asyncio.run(datasette_app(data_dir).client.get("/-/search?q=minh+chau")).text
    assert '<a href="/kinhnghiem/authors/1"><mark>Minh</mark> <mark>Châu</mark></a>' in page


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(year=2022),
        Filters(kind="bài học", year=2022),
        Filters(topic="phát triển đảng viên"),
    ],
)
def test_facets_and_filters_from_codes_equal_those_from_the_columns(conn, monkeypatch, filters):
    from pipeline import search as module

    match = parse("dang").match()
    coded, estimated = module.facets(conn, match, filters)
    found = search(conn, "dang", filters)
    assert module._facet_groups(conn, "lessons") and coded["year"] and not estimated
    monkeypatch.setattr(module, "_facet_groups", lambda conn, table: {})
    assert module.facets(conn, match, filters) == (coded, False)
    plain = search(conn, "dang", filters)  # filtered on the rows, not on the codes
    assert plain.counts == found.counts and plain.hits == found.hits
