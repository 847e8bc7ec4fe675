"""The published site through Datasette's own test client: search, facets, canned
queries, the article page, and crawled text shown as text."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from build_fixtures import IA_LE, SCRIPT_TITLE, TAY_SON, built_site, make_raw_db

from pipeline.build import build_database
from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def app(data_dir: Path):
    return datasette_app(data_dir)


@pytest.fixture(scope="module")
def get(app):
    def fetch(path: str, status: int = 200):
        response = asyncio.run(app.client.get(path))
        assert response.status_code == status, (path, response.text[:500])
        return response

    return fetch


def article_id(data_dir: Path, url: str) -> int:
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        return db.execute("select id from articles where url = ?", [url]).fetchone()[0]


@pytest.mark.parametrize(
    "query",
    ["phát triển đảng viên", "phat trien dang vien", "PHAT TRIEN DANG VIEN",
     unicodedata.normalize("NFD", "phát triển đảng viên")],
)  # fmt: skip
def test_search_with_and_without_diacritics(get, query: str):
    # The words are in one lesson's heading and in its article's title: all three lessons
    # of that article are found (through the title), none of the others, that one first.
    data = get(f"/kinhnghiem/lessons.json?_search={query}&_shape=objects").json()
    assert {row["marker"] for row in data["rows"]} == {"Một là", "Thứ hai", "Thứ ba"}
    assert data["rows"][0]["heading"].startswith("nâng cao nhận thức")
    facets = get(f"/kinhnghiem/lessons.json?_search={query}").json()["facet_results"]
    assert {"site", "year", "topic", "place", "kind"} <= set(facets)
    assert [(r["value"], r["count"]) for r in facets["year"]["results"]] == [(2022, 3)]


def test_search_on_articles_and_view(get):
    articles = get("/kinhnghiem/articles.json?_search=dan+van+kheo&_shape=objects").json()
    assert [row["url"] for row in articles["rows"]] == [TAY_SON["url"]]
    view = get("/kinhnghiem/lesson_details.json?_search=chi+bo&_shape=objects").json()
    assert {row["article_title"] for row in view["rows"]} >= {IA_LE["title"]}


def test_default_facets(get):
    data = get("/kinhnghiem/lessons.json").json()
    facets = data["facet_results"]
    assert {"site", "year", "topic", "place", "kind"} <= set(facets)
    years = {item["value"]: item["count"] for item in facets["year"]["results"]}
    assert years == {2022: 3, 2023: 2, 2024: 2}
    assert {item["value"] for item in facets["place"]["results"]} == {"Ia Le", "Tây Sơn", "Ia Ly"}
    sites = {item["value"]: item["count"] for item in facets["site"]["results"]}
    assert sites == {IA_LE["portal"]: 3, TAY_SON["portal"]: 2, SCRIPT_TITLE["portal"]: 2}
    assert data["suggested_facets"] == []


def test_ranked_search_puts_exact_diacritics_first(get, data_dir: Path):
    # Every spelling finds the same lessons; those holding the words as typed lead.
    rows = get("/kinhnghiem/search_lessons.json?q=đảng+viên&_shape=objects").json()["rows"]
    with sqlite3.connect(data_dir / "kinhnghiem.db") as db:
        texts = dict(
            db.execute(
                "select id, vn_lower_text from (select id,"
                " lower(heading || ' ' || text) as vn_lower_text from lessons)"
            )
        )
    exact = ["đảng viên" in texts[r["id"]] for r in rows]
    assert rows and exact[0] and exact == sorted(exact, reverse=True) and not all(exact)
    assert not {"score", "exact_match"} & set(rows[0])  # no internal values shown
    folded = get("/kinhnghiem/search_lessons.json?q=dang+vien&_shape=objects").json()["rows"]
    assert {r["id"] for r in folded} == {r["id"] for r in rows}


def test_lessons_by_place_without_diacritics(get):
    rows = get("/kinhnghiem/lessons_by_place.json?place=ia+le&_shape=objects").json()["rows"]
    assert len(rows) == 3 and {r["place"] for r in rows} == {"Ia Le"}
    merged = get("/kinhnghiem/lessons_by_place.json?place=Pleiku&_shape=objects").json()["rows"]
    assert {r["article_title"] for r in merged} == {TAY_SON["title"]}


def test_lessons_by_topic_and_year(get):
    path = "/kinhnghiem/lessons_by_topic_year.json?topic=phat+trien+dang+vien&year=2022"
    rows = get(path + "&_shape=objects").json()["rows"]
    assert rows and {r["year"] for r in rows} == {2022}
    assert {r["topic"] for r in rows} == {"phát triển đảng viên"}
    none = get("/kinhnghiem/lessons_by_topic_year.json?topic=&year=1999&_shape=objects").json()
    assert none["rows"] == []


def test_counting_queries(get):
    months = get("/kinhnghiem/articles_per_month.json?_shape=objects").json()["rows"]
    assert {(r["month"], r["articles"]) for r in months} == {
        ("2022-11", 1), ("2023-03", 1), ("2024-06", 1)
    }  # fmt: skip
    places = get("/kinhnghiem/most_cited_places.json?_shape=objects").json()["rows"]
    assert places[0]["name"] == "Gia Lai" and places[0]["lesson_count"] == 5
    authors = get("/kinhnghiem/authors_by_articles.json?_shape=objects").json()["rows"]
    assert {r["name"] for r in authors} == {"Minh Châu", "Hoàng Lan", "Trần Văn Nam"}


def test_atom_feed_of_new_lessons(get):
    feed = get("/kinhnghiem/new_lessons.atom").text
    assert feed.count("<entry>") == 7
    assert "Chuẩn bị kỹ nội dung sinh hoạt chi bộ" in feed
    assert "<script>" not in feed


def test_article_page_shows_the_lessons_as_a_numbered_list(get, data_dir: Path):
    page = get(f"/kinhnghiem/articles/{article_id(data_dir, IA_LE['url'])}").text
    assert f'<h1 class="kn-title">{IA_LE["title"]}</h1>' in page
    lessons = page.split('<ol class="kn-lessons">')[1].split("</ol>")[0]
    assert lessons.count("<li") == 3 and "Một là" in lessons and "Thứ ba" in lessons
    assert '<time datetime="2022-11-29">29/11/2022</time>' in page  # not the footer's date
    assert "Minh Châu" in page and f'href="{IA_LE["url"]}"' in page
    assert f'href="/kinhnghiem/sites/gialai-districts">{IA_LE["portal"]}</a>' in page


def test_script_in_a_title_is_shown_as_text(get, data_dir: Path):
    raw_title = "<script>alert(1)</script>"
    page = get(f"/kinhnghiem/articles/{article_id(data_dir, SCRIPT_TITLE['url'])}").text
    assert raw_title not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in [
        "/kinhnghiem/articles?_search=sinh+hoat",
        "/-/search?q=sinh+hoat",
        "/kinhnghiem/search_lessons?q=sinh+hoat",
        "/kinhnghiem/lesson_details",
    ]:
        assert raw_title not in get(path).text, path


def test_served_read_only_and_fast(get):
    databases = get("/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("kinhnghiem", False)]
    settings = get("/-/settings.json").json()
    assert settings["suggest_facets"] is False and settings["sql_time_limit_ms"] <= 5000
    plugins = {p["name"] for p in get("/-/plugins.json").json()}
    assert {"datasette-search-all", "datasette-cluster-map", "datasette-atom"} <= plugins


def test_search_all_page_is_readable(get):
    page = get("/-/search?q=phat+trien+dang+vien").text
    lessons = page.split('id="kn-lessons"')[1].split("</section>")[0]
    assert lessons.count('<a class="kn-title"') == 3 and "nâng cao nhận thức" in lessons
    first = lessons.split('<li class="kn-card">')[1]  # the words in its own heading: first
    assert "nâng cao nhận thức" in first and "<mark>phát</mark>" in first
    assert "29/11/2022" in lessons and IA_LE["title"] in lessons
    articles = page.split('id="kn-articles"')[1].split("</section>")[0]
    assert IA_LE["title"] in articles
    for snippet in page.split('<p class="kn-snippet">')[1:]:  # a snippet, not the whole body
        assert len(re.sub("</?mark>", "", snippet.split("</p>")[0])) < 300
    assert "phát triển đảng viên" in page  # the snippet is around the match, as written
    assert "Không tìm thấy" in get("/-/search?q=tham+nhung").text


MAP_TABLES = ["place_map", "places", "lesson_places"]


@pytest.mark.parametrize("table", MAP_TABLES)
def test_map_pages_use_the_configured_coordinate_columns(app, get, table: str):
    # Configured, not guessed: the map must not depend on the plugin's column detection.
    config = app.plugin_config("datasette-cluster-map", database="kinhnghiem", table=table)
    assert config == {"latitude_column": "lat", "longitude_column": "lon"}
    page = get(f"/kinhnghiem/{table}").text
    assert 'window.DATASETTE_CLUSTER_MAP_LATITUDE_COLUMN = "lat";' in page
    assert 'window.DATASETTE_CLUSTER_MAP_LONGITUDE_COLUMN = "lon";' in page
    rows = get(f"/kinhnghiem/{table}.json?_shape=objects&lat__notblank=1").json()["rows"]
    assert rows and all(isinstance(r["lat"], float) and isinstance(r["lon"], float) for r in rows)


def test_map_scripts_and_styles_are_served_locally(get):
    """Leaflet, its marker clusters and the plugin's script come from this server (only
    the background tiles come from the internet)."""
    page = get("/kinhnghiem/place_map").text
    assets = re.findall(r"['\"](/-/static-plugins/[^'\"]+)['\"]", page)
    assert {a.rsplit("/", 1)[1].split("-v")[0] for a in assets} >= {
        "datasette-cluster-map.js", "leaflet.markercluster.min.js",
        "leaflet.markercluster.css", "leaflet",
    }  # fmt: skip
    for asset in assets:
        assert len(get(asset).content) > 1000, asset
    assert "DATASETTE_CLUSTER_MAP" not in get("/kinhnghiem/lessons").text  # no coordinates


def loaded_plugin(filename: str):
    """A module of datasette/plugins/ as Datasette loaded it (it is no importable package)."""
    from datasette.plugins import pm

    return next(p for p in pm.get_plugins() if getattr(p, "__file__", "").endswith(filename))


def facet_counts(data: dict, name: str) -> list[tuple]:
    facet = data["facet_results"][name]
    return [(r["value"], r["label"], r["count"], r["selected"]) for r in facet["results"]]


FACETS = {
    "lessons": ["site", "year", "topic", "place", "kind"],
    "articles": ["site", "year", "place"],
}


@pytest.mark.parametrize(
    "table, query, coded",
    [
        ("lessons", "", True),
        ("lessons", "&_search=dang+vien", True),
        ("lessons", "&_search=%C4%91%E1%BA%A3ng+vi%C3%AAn", True),  # đảng viên
        ("lessons", "&_search=dang+OR+nhung&_searchmode=raw", True),
        ("lessons", "&_search_heading_folded=nang+cao", True),
        ("lessons", "&_search=chi+bo&year=2022", False),  # another filter: generic statement
        ("lessons", "&_search=tham+nhung", True),
        ("articles", "&_search=dang+vien", True),
        ("articles", "&_search=dang+vien&site__not=x", False),
    ],
)
@pytest.mark.parametrize("shard_min_rows", [20_000, 1])  # one statement; split in two
def test_shared_facets_equal_datasette_column_facets(
    get, monkeypatch, table: str, query: str, coded: bool, shard_min_rows: int
):
    """The default facets (one shared pass, from the facet codes when the rows are one
    search of the table) give what Datasette's own ?_facet= gives."""
    plugin = loaded_plugin("shared_facets.py")
    monkeypatch.setattr(plugin, "SHARD_MIN_ROWS", shard_min_rows)
    statements = []
    for name in ("_shard_counts", "_code_counts"):
        counts = getattr(plugin.SharedColumnFacet, name)

        async def recorded(self, *args, counts=counts, name=name):
            statements.append(name)
            return await counts(self, *args)

        monkeypatch.setattr(plugin.SharedColumnFacet, name, recorded)
    columns = FACETS[table]
    extra = "".join(f"&_facet={c}" for c in columns)
    data = get(f"/kinhnghiem/{table}.json?_size=1{query}{extra}").json()
    assert set(statements) == {"_code_counts" if coded else "_shard_counts"}
    for column in columns:  # the metadata's facet is `column`, Datasette's own `column_2`
        assert data["facet_results"][column]["type"] == "column"
        assert facet_counts(data, column) == facet_counts(data, f"{column}_2"), column
        assert data["facet_results"][column]["hideable"] is False
    if "tham" not in query:
        assert facet_counts(data, "site")


def test_empty_database_gives_an_atom_feed(tmp_path: Path):
    make_raw_db(tmp_path, [], empty=True)  # one page that cannot be extracted: no lessons
    build_database(tmp_path, progress=False)
    app = datasette_app(tmp_path)
    response = asyncio.run(app.client.get("/kinhnghiem/new_lessons.atom"))
    assert response.status_code == 200, response.text[:300]
    assert response.text.count("<entry>") == 1 and "No lessons yet" in response.text
    search = asyncio.run(app.client.get("/kinhnghiem/lessons.json?_search=dang+vien"))
    assert search.status_code == 200 and search.json()["rows"] == []


def test_database_page_carries_title_source_and_licence(get):
    title = "Bài học kinh nghiệm xây dựng Đảng"
    assert f"<h1>{title}</h1>" in get("/kinhnghiem").text
    database = get("/kinhnghiem.json").json()
    assert "CC BY 4.0" in database["license"] and "Cổng thông tin" in database["source"]
