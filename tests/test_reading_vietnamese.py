"""What a reader sees, in Vietnamese and readable (the QA pass of issue #10): the menu, the
`lang`, breadcrumbs and tab titles, the error page, the canned queries' labels, the Atom
query's page, dates, links from views and canned queries, a place's lesson count and its
list, the way from a table search with no rows to the search page, a very long topic. The
JSON and the feed keep their machine values (Datasette's test client)."""

from __future__ import annotations

import asyncio
import html
import re
import sqlite3
from pathlib import Path

import pytest
from build_fixtures import built_site
from datasette.utils import tilde_encode

from pipeline.serve import datasette_app

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\b\d{4}-\d{2}\b")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data_dir = built_site(tmp_path_factory.mktemp("reading"))
    # as in Gia Lai: a commune merged on 1/7/2025 into the new commune named after another
    # (Ia Kha and Ia Bă into xã Ia Grai), so a name finds more than one unit's lessons
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        db.execute("update places set new_name = 'Ia Le' where name = 'Ia Ly'")
    return data_dir


@pytest.fixture(scope="module")
def get(data_dir: Path):
    app = datasette_app(data_dir)

    def fetch(path: str, status: int = 200):
        response = asyncio.run(app.client.get(path))
        assert response.status_code == status, (path, response.text[:300])
        return response

    return fetch


def rows(data_dir: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        return db.execute(sql).fetchall()


def visible(page: str) -> str:
    """The text a reader sees: no tags, attributes, styles or scripts."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def cells(page: str, column: str) -> list[str]:
    return re.findall(rf'<td class="col-{column}[ "][^>]*>(.*?)</td>', page, flags=re.S)


def test_menu_lang_and_titles_are_vietnamese(get, data_dir: Path):
    ((author,),) = rows(data_dir, "select id from authors order by id limit 1")
    for path in ("/kinhnghiem", "/kinhnghiem/lessons", f"/kinhnghiem/authors/{author}",
                 "/kinhnghiem/search_lessons?q=dang", "/-/search?q=dang"):  # fmt: skip
        page = get(path).text
        assert page.count('<html lang="vi">') == 1, path
        assert "Search all tables" not in page, path
        assert '<a href="/-/search">Tìm bài viết và bài học</a>' in page, path
        shown = visible(page)
        for english in ("Party-building", "Lessons by place", "Ranked lesson search",
                        "Texts belong to", "Vietnamese local government"):  # fmt: skip
            assert english not in shown, (path, english)
    database = get("/kinhnghiem").text
    assert "<h1>Bài học kinh nghiệm xây dựng Đảng</h1>" in database
    assert ">Tìm bài học theo địa danh</a>" in database
    assert not re.search(r">article_\w+</a>", database)  # the link tables by their titles


def test_the_article_page_speaks_vietnamese_only(get, data_dir: Path):
    ((article,),) = rows(
        data_dir,
        "select a.id from articles a where lesson_count > 0 and exists (select 1 from"
        " article_places p where p.article_id = a.id) order by id limit 1",
    )
    shown = visible(get(f"/kinhnghiem/articles/{article}").text)
    english = ["Published", "Authors", "Site:", "Original article", "Places", "now ",
               "Lessons", "Full text", "words", "Data:", "article_places", " lessons"]  # fmt: skip
    assert [words for words in english if words in shown] == []
    assert "Ngày đăng:" in shown and "Bài học kinh nghiệm (" in shown and "Toàn văn (" in shown
    assert re.search(r"\d+ bài học", shown) and re.search(r"\d+ địa danh", shown)


def test_breadcrumbs_and_tab_titles_use_the_titles(get, data_dir: Path):
    ((author,),) = rows(data_dir, "select id from authors order by id limit 1")
    page = get(f"/kinhnghiem/authors/{author}").text
    crumbs = page.split('<p class="crumbs">')[1].split("</p>")[0]
    labels = [" ".join(label.split()) for label in re.findall(r">([^<]+)</a>", crumbs)]
    assert labels == ["Trang chủ", "Bài học kinh nghiệm xây dựng Đảng", "Tác giả"]
    (count,) = rows(data_dir, "select count(*) from lessons")[0]
    assert f"<title>Bài học: {count} dòng</title>" in get("/kinhnghiem/lessons").text
    title = get("/kinhnghiem/lesson_details?kind=zzz").text.split("<title>")[1]
    assert title.startswith("Bài học kèm bài viết: 0 dòng</title>")


def test_a_plain_row_page_is_vietnamese(get, data_dir: Path):
    ((site,),) = rows(data_dir, "select id from sites order by id limit 1")
    page = get(f"/kinhnghiem/sites/{tilde_encode(site)}").text
    assert f"<title>Cổng thông tin: {site}</title>" in page
    shown = visible(page)
    assert "This data as" not in shown and "Links from other tables" not in shown
    assert re.search(r"\d+ dòng\s+của bảng Bài viết", shown), shown[-800:]


def test_error_page_says_what_happened_in_vietnamese(get):
    page = get("/kinhnghiem/no_such_table", status=404).text
    assert "<title>Không tìm thấy trang (lỗi 404)</title>" in page
    assert "Không có bảng này." in page and "Table not found" in page  # Datasette's kept
    assert "Error 404" not in page and '<a href="/">Về trang tìm kiếm</a>' in page
    row = get("/kinhnghiem/lessons/1", status=404).text
    assert "Không có dòng này." in row and '<html lang="vi">' in row


def test_canned_queries_label_their_columns_and_fields(get):
    page = get("/kinhnghiem/search_lessons?q=dang").text
    assert '<label for="qp1" title="q">Từ cần tìm</label>' in page and 'name="q"' in page
    headers = re.findall(r'<th class="col-[^"]+" scope="col" title="([^"]+)">([^<]+)</th>', page)
    assert ("heading", "Câu đầu") in headers and ("article_title", "Tiêu đề bài viết") in headers
    assert all(name != label for name, label in headers), headers
    assert "article_id" not in dict(headers)  # its title is the link
    assert 'content: "Câu đầu"' in page  # the phone cards' labels too
    place = get("/kinhnghiem/lessons_by_place?place=gia+lai").text
    assert ">Địa danh (tên hoặc mã)</label>" in place
    topic = get("/kinhnghiem/lessons_by_topic_year?topic=&year=").text
    assert ">Chủ đề</label>" in topic and ">Năm</label>" in topic
    data = get("/kinhnghiem/search_lessons.json?q=dang&_shape=objects").json()["rows"]
    assert data[0].keys() >= {"id", "heading", "article_id", "article_title"}


def test_the_feeds_query_page_shows_lessons_not_feed_fields(get):
    page = get("/kinhnghiem/new_lessons").text
    shown = visible(page.split("<table", 1)[1])
    assert "tag:kinhnghiem" not in shown and '["' not in shown and "atom_" not in shown
    assert not ISO_DATE.search(shown), ISO_DATE.search(shown)
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", shown)
    assert re.search(r'<td class="col-article_title"><a href="/kinhnghiem/articles/\d+">', page)
    assert not re.search(r'<td class="col-atom_authors">\s*\[', page)
    data = get("/kinhnghiem/new_lessons.json?_shape=objects").json()["rows"]
    assert data[0]["atom_id"].startswith("tag:kinhnghiem") and "T" in data[0]["atom_updated"]
    assert data[0]["atom_authors"].startswith("[")
    assert "<entry>" in get("/kinhnghiem/new_lessons.atom").text


@pytest.mark.parametrize(
    "path", ["/kinhnghiem/authors_by_articles", "/kinhnghiem/articles_per_month",
             "/kinhnghiem/articles?_size=max", "/kinhnghiem/lessons?_size=max"],
)  # fmt: skip
def test_dates_and_months_shown_as_readers_write_them(get, path: str):
    page = get(path).text
    table = page.split('<table class="rows-and-columns">')[1].split("</table>")[0]
    found = ISO_DATE.search(visible(table))
    assert found is None, (path, found)
    assert re.search(r"\b\d{2}/\d{4}\b", visible(table)), path


def test_machine_dates_stay_in_the_json_and_csv(get):
    first = get("/kinhnghiem/authors_by_articles.json?_shape=objects").json()["rows"][0]
    assert re.match(r"\d{4}-\d{2}-\d{2}", first["first_published"])
    month = get("/kinhnghiem/articles_per_month.csv").text.splitlines()[1]
    assert re.search(r",\d{4}-\d{2},", month), month
    fetched = get("/kinhnghiem/articles.json?_shape=objects&_size=1").json()["rows"][0]
    assert re.match(r"\d{4}-\d{2}-\d{2}T", fetched["fetched_at"])


def test_views_and_queries_link_what_they_name(get, data_dir: Path):
    page = get("/kinhnghiem/lesson_details?_size=max").text
    ids = cells(page, "id")
    articles = cells(page, "article_id")
    assert ids and all(re.fullmatch(r'<a href="/kinhnghiem/lessons/(\d+)">\1</a>', c) for c in ids)
    assert all(re.fullmatch(r'<a href="/kinhnghiem/articles/(\d+)">\1</a>', c) for c in articles)
    assert all(c.startswith('<a href="/kinhnghiem/articles/') for c in cells(page, "article_title"))
    authors = dict(rows(data_dir, "select name, id from authors"))
    names = cells(get("/kinhnghiem/authors_by_articles").text, "name")
    linked = [re.fullmatch(r'<a href="/kinhnghiem/authors/(\d+)">([^<]+)</a>', n) for n in names]
    assert names and all(linked), names
    assert all(authors[html.unescape(m.group(2))] == int(m.group(1)) for m in linked)
    places = cells(get("/kinhnghiem/most_cited_places").text, "name")
    assert places and all(
        re.fullmatch(r'<a href="/kinhnghiem/places/\d+">[^<]+</a>', p) for p in places
    )


def test_a_places_count_is_the_length_of_its_list(get, data_dir: Path):
    checked = 0
    for place, lessons, articles in rows(
        data_dir, "select id, lesson_count, article_count from places where lesson_count > 0"
    ):
        page = get(f"/kinhnghiem/places/{place}").text
        line = page.split('<p class="kn-place-lessons">')[1].split("</p>")[0]
        assert f"{articles} bài viết nhắc tới địa danh này, với {lessons} bài học" in line
        href = html.unescape(re.search(r'href="([^"]+)">xem (\d+) bài học</a>', line).group(1))
        path, query = href.split("?")
        listed = get(f"{path}.json?{query}&_shape=array&_size=max").json()
        assert len(listed) == lessons, (place, href)
        assert f"<h2>Bài viết nhắc tới địa danh này ({articles})</h2>" in page
        checked += 1
    assert checked
    ((ia_le, lessons),) = rows(data_dir, "select id, lesson_count from places where name = 'Ia Le'")
    by_name = get("/kinhnghiem/lessons_by_place.json?place=Ia+Le&_shape=array").json()
    assert len(by_name) > lessons  # Ia Ly's too: the page's count is of Ia Le's own
    assert f"xem {lessons} bài học" in get(f"/kinhnghiem/places/{ia_le}").text


def test_a_table_search_with_no_rows_points_to_the_search_page(get):
    words = "dang or vien"
    page = get(f"/kinhnghiem/lessons?_search={words.replace(' ', '+')}").text
    assert "<h3>0 dòng" in page
    hint = page.split('<p class="kn-no-rows">')[1].split("</p>")[0]
    assert '<a href="/-/search?q=dang+or+vien">' in hint and "trang tìm kiếm" in hint
    found = get("/-/search.json?q=dang+or+vien").json()
    assert found["articles"] or found["lessons"]  # where the link leads finds something
    assert 'class="kn-no-rows"' not in get("/kinhnghiem/lessons?_search=dang").text
    assert 'class="kn-no-rows"' not in get("/kinhnghiem/lessons?kind=zzz").text  # no search
    query = get("/kinhnghiem/search_lessons?q=dang+or+vien").text
    assert '<a href="/-/search?q=dang+or+vien">' in query


def test_a_very_long_topic_gets_an_answer(get):
    long = get(f"/kinhnghiem/lessons_by_topic_year.json?year=&topic={'a' * 1500}&_shape=array")
    assert long.json() == []
    found = get("/kinhnghiem/lessons_by_topic_year.json?year=&topic=Dang+Vien&_shape=array")
    assert found.json() and all("đảng viên" in row["topic"] for row in found.json())


def test_filter_and_sort_lists_name_columns_in_vietnamese(get):
    page = get("/kinhnghiem/lessons").text
    assert '<option value="heading">Câu đầu</option>' in page  # the filter's column list
    assert ">Theo ngày đăng</option>" in page and ">Theo published<" not in page
    assert "<h1>Bài học kèm bài viết (bảng tổng hợp)</h1>" in get("/kinhnghiem/lesson_details").text
