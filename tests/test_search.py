"""Folded full-text search in plain SQLite: with or without diacritics, đ included."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from build_fixtures import built_site

SPELLINGS = [
    "đảng viên",
    "dang vien",
    "DANG VIEN",
    unicodedata.normalize("NFD", "đảng viên"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> sqlite3.Connection:
    data_dir = built_site(tmp_path_factory.mktemp("search"))
    connection = sqlite3.connect(data_dir / "kinhnghiem.db")
    yield connection
    connection.close()


def matches(db: sqlite3.Connection, table: str, query: str) -> list[int]:
    terms = " ".join(f'"{term}"' for term in query.split())  # Datasette's escape_fts
    sql = f"select rowid from {table}_fts where {table}_fts match ? order by rowid"
    return [rowid for (rowid,) in db.execute(sql, [terms])]


@pytest.mark.parametrize("table", ["lessons", "articles"])
def test_four_spellings_find_the_same_rows(db: sqlite3.Connection, table: str):
    found = [matches(db, table, spelling) for spelling in SPELLINGS]
    assert found[0], f"'đảng viên' finds no {table}"
    assert all(rows == found[0] for rows in found), dict(zip(SPELLINGS, found, strict=True))


def test_folded_query_finds_the_lesson_written_with_marks(db: sqlite3.Connection):
    ids = matches(db, "lessons", "phat trien dang vien")
    headings = [
        h
        for (h,) in db.execute(
            f"select heading from lessons where id in ({','.join(map(str, ids))})"
        )
    ]
    assert any("phát triển đảng viên" in h for h in headings)
    # the other lessons of the article are found through its title (context_folded)
    (title,) = db.execute(
        "select distinct a.title from lessons l join articles a"
        f" on a.id = l.article_id where l.id in ({','.join(map(str, ids))})"
    )
    assert len(ids) == 3 and "phát triển đảng viên" in title[0]


def test_no_match_for_a_word_that_is_not_there(db: sqlite3.Connection):
    assert matches(db, "lessons", "tham nhung") == []


@pytest.mark.parametrize("table", ["lessons", "articles"])
def test_facet_codes_give_every_rows_facet_values(db: sqlite3.Connection, table: str):
    """`_T_facets` + `_T_facet_sets_cN` (the shared facets' fast path) hold each row's values."""
    codes = [n for (n,) in db.execute(f"select name from pragma_table_info('_{table}_facets')")]
    assert codes[0] == "id" and codes[1:]
    for code in codes[1:]:
        sets = f"_{table}_facet_sets_{code}"
        columns = [n for (n,) in db.execute(f"select name from pragma_table_info('{sets}')")]
        assert columns[0] == "code" and columns[1:]
        listed = ", ".join(f"t.[{c}]" for c in columns[1:])
        decoded = ", ".join(f"s.[{c}]" for c in columns[1:])
        rows = db.execute(f"select t.rowid, {listed} from [{table}] t order by t.rowid").fetchall()
        coded = db.execute(
            f"select c.id, {decoded} from [_{table}_facets] c"
            f" join [{sets}] s on s.code = c.{code} order by c.id"
        ).fetchall()
        assert rows and coded == rows, code
