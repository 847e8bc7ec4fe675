"""Pages a reader uses: the lesson page, the tables without the search-only columns and
in Vietnamese, dates as dd/mm/yyyy, author and place pages listing their articles, CSV
for Excel (Datasette's test client)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from build_fixtures import IA_LE, built_site

from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def get(data_dir: Path):
    app = datasette_app(data_dir)

    def fetch(path: str):
        response = asyncio.run(app.client.get(path))
        assert response.status_code == 200, (path, response.text[:300])
        return response

    return fetch


def one(data_dir: Path, sql: str, *params):
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        return db.execute(sql, params).fetchone()


def test_lesson_page(get, data_dir: Path):
    article, lesson = one(
        data_dir,
        "select a.id, l.id from lessons l join articles a on a.id = l.article_id"
        " where a.url = ? and l.ordinal = 2",
        IA_LE["url"],
    )
    page = get(f"/kinhnghiem/lessons/{lesson}").text
    assert '<span class="kn-marker">Thứ hai </span>' in page
    assert "phát hiện quần chúng ưu tú" in page  # the whole text, not a cut cell
    assert (
        f'<a class="kn-article" href="/kinhnghiem/articles/{article}">{IA_LE["title"]}</a>' in page
    )
    siblings = page.split('<ol class="kn-siblings">')[1].split("</ol>")[0]
    assert siblings.count("<li") == 3 and siblings.count("<a href=") == 2  # the others linked
    assert '<time datetime="2022-11-29">29/11/2022</time>' in page


def test_lessons_table_reads_well(get):
    page = get("/kinhnghiem/lessons").text
    head = page.split("<thead>")[1].split("</thead>")[0]
    columns = [part.split('"')[0] for part in head.split('data-column="')[1:]]
    assert columns[:4] == ["id", "heading", "text", "article_id"]
    assert not [c for c in columns if c.endswith("_folded")]
    assert '<details class="kn-columns"><summary>Ý nghĩa các cột</summary>' in page
    assert 'value="Áp dụng"' in page and "Sắp xếp..." in page and "_folded</option>" not in page
    assert '<time datetime="2022-11-29" title="2022-11-29">29/11/2022</time>' in page
    assert f">{IA_LE['title']}</a>" in page  # article_id shown as the linked title


def test_author_and_place_pages_list_their_articles(get, data_dir: Path):
    (author,) = one(data_dir, "select id from authors where name = 'Minh Châu'")
    page = get(f"/kinhnghiem/authors/{author}").text
    assert '<h1 class="kn-title">Minh Châu</h1>' in page and IA_LE["title"] in page
    (place,) = one(data_dir, "select id from places where name = 'Tây Sơn'")
    page = get(f"/kinhnghiem/places/{place}").text
    assert "Kinh nghiệm thực hiện công tác dân vận khéo" in page


def test_csv_for_excel_starts_with_a_byte_order_mark(get):
    plain = get("/kinhnghiem/lessons.csv?_size=2").content
    excel = get("/kinhnghiem/lessons.csv?_size=2&_bom=1").content
    assert excel == b"\xef\xbb\xbf" + plain and not plain.startswith(b"\xef\xbb\xbf")
    assert "CSV cho Excel" in get("/kinhnghiem/lessons").text


def test_canned_queries_link_titles_and_hide_their_sql(get):
    page = get("/kinhnghiem/lessons_by_place?place=gia+lai").text
    assert '<a href="/kinhnghiem/articles/' in page and '<a href="/kinhnghiem/lessons/' in page
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Tìm bài học theo địa danh"
    assert '<textarea id="sql-editor"' not in page and "show-hide-sql" in page
    rows = get("/kinhnghiem/lessons_by_place.json?place=gia+lai&_shape=objects").json()["rows"]
    assert rows and len({row["id"] for row in rows}) == len(rows)  # each lesson once
    assert get("/kinhnghiem/authors.json").json()["rows"]  # the table, not a query


def test_atom_entries_have_authors(get):
    feed = get("/kinhnghiem/new_lessons.atom").text
    assert feed.count("<entry>") == feed.count("<author>") > 0


def test_map_leaves_out_places_without_lessons(get, data_dir: Path):
    rows = get("/kinhnghiem/place_map.json?_shape=objects&_size=max").json()["rows"]
    assert rows and all(row["lesson_count"] > 0 for row in rows)
    (empty,) = one(
        data_dir, "select count(*) from places where lesson_count = 0 and lat is not null"
    )
    assert (
        empty == 0
        or len(rows) < one(data_dir, "select count(*) from places where lat is not null")[0]
    )


def test_search_page_filters_and_their_way_back(get):
    page = get("/-/search?q=dang&year=2022").text
    assert "<strong>2022</strong>" in page and 'class="kn-clear"' in page  # the chosen year
    empty = get("/-/search?q=dang&year=1999").text
    assert "Không tìm thấy" in empty and '<a class="kn-clear-all" href="?q=dang">' in empty


def test_a_page_past_the_last_shows_the_last_page(get):
    # ?page=999 (an old link, a hand-edited URL) said "Trang 999/1" over empty sections,
    # its only link going to page 998
    last = get("/-/search.json?q=dang").json()
    past = get("/-/search.json?q=dang&page=999").json()
    assert past["page"] == past["pages"] == last["pages"]
    assert past["articles"] and past["lessons"]
    page = get("/-/search?q=dang&page=999").text
    assert f"Trang {last['pages']}/{last['pages']}" in page and "page=998" not in page
