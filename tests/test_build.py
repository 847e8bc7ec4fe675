"""`build_database`: raw.db -> kinhnghiem.db, parallel, incremental, atomic, deterministic."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from build_fixtures import ARTICLES, EMPTY_URL, IA_LE, SCRIPT_TITLE, TAY_SON, make_raw_db
from click.testing import CliRunner

import nlp
from crawler.archive import RawArchive
from pipeline.build import build_database
from pipeline.cli import main
from pipeline.errors import KinhnghiemError
from pipeline.store import main_place


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, params).fetchall()


def table_contents(db_path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (statistics aside), for comparing two builds."""
    names = [n for (n,) in rows(db_path, "select name from sqlite_master where type = 'table'")]
    return {
        name: sorted(rows(db_path, f"select * from [{name}]"), key=repr)
        for name in names
        if not name.startswith("sqlite_")
    }


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def crash_on_script_page(html: bytes | str, url: str):
    """An extractor whose worker process dies on one page (as a segfault would)."""
    if url == SCRIPT_TITLE["url"]:
        os._exit(3)
    return nlp.extract(html, url)


def slow_extract(html: bytes | str, url: str):
    time.sleep(30)
    return nlp.extract(html, url)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    make_raw_db(tmp_path)
    return tmp_path


def test_build_writes_articles_lessons_places_and_failures(data_dir: Path):
    summary = build_database(data_dir, workers=2, progress=False)
    db = data_dir / "kinhnghiem.db"

    assert (summary.articles, summary.lessons, summary.failed, summary.extracted) == (3, 7, 1, 4)
    assert "3 articles with 7 lessons" in str(summary)
    title, published, year, authors, place, lessons = rows(
        db,
        "select title, published, year, authors, place, lesson_count from articles where url=?",
        [IA_LE["url"]],
    )[0]
    assert title == IA_LE["title"]
    assert (published, year, authors, place, lessons) == (
        "2022-11-29",
        2022,
        "Minh Châu",
        "Ia Le",
        3,
    )
    markers = rows(
        db,
        "select l.marker, l.heading from lessons l join articles a on a.id = l.article_id"
        " where a.url = ? order by l.ordinal",
        [IA_LE["url"]],
    )
    assert [m for m, _ in markers] == ["Một là", "Thứ hai", "Thứ ba"]
    assert markers[0][1].startswith("nâng cao nhận thức của cán bộ, đảng viên")
    assert ("Ia Le", "xã", "Gia Lai") in rows(db, "select name, level, province from places")
    failure = rows(db, "select url, error from failures")
    assert failure[0][0] == EMPTY_URL and "empty page" in failure[0][1]
    assert rows(db, "select id, province, cms from sites") == [
        ("gialai-districts", "Gia Lai", "gialai")
    ]
    assert rows(db, "select name from authors order by name") == [
        ("Hoàng Lan",),
        ("Minh Châu",),
        ("Trần Văn Nam",),
    ]


def test_schema_declares_foreign_keys_indexes_and_views(data_dir: Path):
    build_database(data_dir, progress=False)
    db = data_dir / "kinhnghiem.db"
    foreign = rows(db, "select [table], [from], [to] from pragma_foreign_key_list('lessons')")
    assert ("articles", "article_id", "id") in foreign
    indexed = rows(db, "select name from pragma_index_list('lessons')")
    assert any("topic" in name for (name,) in indexed)
    assert rows(db, "pragma foreign_key_check") == []
    views = {n for (n,) in rows(db, "select name from sqlite_master where type = 'view'")}
    assert {"lesson_details", "lesson_places", "place_map"} <= views
    joined = rows(
        db, "select article_title, site, site_id, year from lesson_details where ordinal = 1"
    )
    assert (IA_LE["title"], IA_LE["portal"], "gialai-districts", 2022) in joined
    foreign = rows(db, "select [table], [from], [to] from pragma_foreign_key_list('articles')")
    assert foreign == [("sites", "site_id", "id")]


def test_sites_and_pages_carry_the_portals_own_names(tmp_path: Path):
    """One crawler profile covers several district portals: each page shows its host's
    most common name, the site its most common one (ties: first in sort order)."""
    renamed = dict(IA_LE, url=IA_LE["url"].replace("ia-le", "ia-le-2"),
                   portal="Trang tin điện tử huyện Chư Pưh")  # fmt: skip
    again = dict(IA_LE, url=IA_LE["url"].replace("ia-le", "ia-le-3"))
    make_raw_db(tmp_path, [*ARTICLES, renamed, again])
    build_database(tmp_path, progress=False)
    db = tmp_path / "kinhnghiem.db"
    shown = rows(db, "select distinct site_id, site from articles order by site")
    assert shown == [
        ("gialai-districts", "Cổng thông tin điện tử huyện Chư Păh"),
        ("gialai-districts", "Cổng thông tin điện tử huyện Chư Pưh"),  # 2 of 3 pages say so
        ("gialai-districts", "Cổng thông tin điện tử thành phố Pleiku"),
    ]
    lessons = rows(db, "select distinct site from lessons where article_id in"
                       " (select id from articles where url like '%ia-le%')")  # fmt: skip
    assert lessons == [("Cổng thông tin điện tử huyện Chư Pưh",)]
    assert rows(db, "select id, name, article_count from sites") == [
        ("gialai-districts", "Cổng thông tin điện tử huyện Chư Pưh", 5)
    ]
    assert rows(db, "select site_id, site from failures") == [
        ("gialai-districts", "Cổng thông tin điện tử huyện Chư Pưh")  # the empty page's host
    ]


def test_a_site_without_a_profile_is_keyed_by_its_host(tmp_path: Path):
    make_raw_db(tmp_path, [dict(TAY_SON, site="")], empty=False)
    build_database(tmp_path, progress=False)
    db = tmp_path / "kinhnghiem.db"
    assert rows(db, "select id, name from sites") == [("pleiku.gialai.gov.vn", TAY_SON["portal"])]
    assert rows(db, "select site_id, site from lessons group by 1, 2") == [
        ("pleiku.gialai.gov.vn", TAY_SON["portal"])
    ]


def place(level: str, name: str, code: str | None = None) -> dict:
    return {"level": level, "name": name, "code": code}


@pytest.mark.parametrize(
    "places, expected",
    [
        ([place("thôn", "Thôn 1"), place("xã", "Ia Le", "23986"), place("tỉnh", "Gia Lai", "64")],
         "Ia Le"),
        ([place("tỉnh", "Gia Lai", "64"), place("huyện", "Chư Pưh", "639")], "Chư Pưh"),
        ([place("làng", "Dư"), place("tỉnh", "Gia Lai", "64")], "Gia Lai"),  # a code first
        ([place("xã", "Ia Sao"), place("huyện", "Ia Grai", "628")], "Ia Grai"),  # unresolved
        ([place("xã", "Ia Sao"), place("làng", "Kép"), place("tổ dân phố", "Tổ dân phố 5")],
         "Kép"),  # no codes: the most local, the first named of those
        ([place("phường", "Phường 4", "27148"), place("phường", "Phường 1", "27160")],
         "Phường 4"),
        ([], None),
    ],
)  # fmt: skip
def test_main_place_is_the_most_local_with_an_official_code(places, expected):
    found = main_place(places)
    assert (found and found["name"]) == expected


def test_numbered_village_is_no_articles_place(tmp_path: Path):
    """A village, "thôn 1", named before the commune: the article's place is the commune,
    and the village is named with its level word."""
    first = "Chi bộ thôn 1 là chi bộ đầu tiên của xã kết nạp đảng viên trẻ trong năm."
    make_raw_db(tmp_path, [dict(IA_LE, paragraphs=[first, *IA_LE["paragraphs"]])], empty=False)
    build_database(tmp_path, progress=False)
    db = tmp_path / "kinhnghiem.db"
    assert rows(db, "select distinct place from lessons") == [("Ia Le",)]
    assert rows(db, "select place, province from articles") == [("Ia Le", "Gia Lai")]
    assert ("Thôn 1", "thôn") in rows(db, "select name, level from places")
    assert rows(db, "select count(*) from places where name glob '[0-9]*'") == [(0,)]


def test_rebuild_extracts_only_the_changed_page(data_dir: Path):
    build_database(data_dir, progress=False)
    before = table_contents(data_dir / "kinhnghiem.db")
    changed = dict(TAY_SON, title="Kinh nghiệm dân vận khéo ở phường Tây Sơn năm 2023")
    make_raw_db(data_dir, [changed], empty=False)

    summary = build_database(data_dir, progress=False)

    assert (summary.extracted, summary.reused) == (1, 3)
    after = table_contents(data_dir / "kinhnghiem.db")
    titles = {t for (t,) in rows(data_dir / "kinhnghiem.db", "select title from articles")}
    assert changed["title"] in titles and TAY_SON["title"] not in titles
    unchanged = [r for r in after["articles"] if r[1] != TAY_SON["url"]]
    assert unchanged == [r for r in before["articles"] if r[1] != TAY_SON["url"]]


def test_two_builds_of_one_raw_db_are_identical(data_dir: Path, tmp_path_factory):
    other = tmp_path_factory.mktemp("again")
    shutil.copy(data_dir / "raw.db", other / "raw.db")
    build_database(data_dir, progress=False)
    build_database(other, workers=1, progress=False)
    first = table_contents(data_dir / "kinhnghiem.db")
    assert first == table_contents(other / "kinhnghiem.db")
    build_database(data_dir, progress=False)  # incremental, everything reused
    assert first == table_contents(data_dir / "kinhnghiem.db")
    assert sum(len(r) for r in first.values()) > 20


def test_worker_crash_leaves_previous_database(data_dir: Path):
    build_database(data_dir, progress=False)
    digest = file_digest(data_dir / "kinhnghiem.db")
    changed = dict(SCRIPT_TITLE, title="Bài học mới về sinh hoạt chi bộ")
    make_raw_db(data_dir, [changed], empty=False)

    with pytest.raises(KinhnghiemError, match="worker died"):
        build_database(data_dir, progress=False, extractor=crash_on_script_page)

    assert file_digest(data_dir / "kinhnghiem.db") == digest
    assert sorted(p.name for p in data_dir.iterdir() if "kinhnghiem" in p.name) == ["kinhnghiem.db"]


def test_killed_build_leaves_previous_database(data_dir: Path):
    build_database(data_dir, progress=False)
    digest = file_digest(data_dir / "kinhnghiem.db")
    make_raw_db(data_dir, [dict(IA_LE, author="Lan Anh")], empty=False)
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from test_build import slow_extract; from pipeline.build import build_database;"
        "build_database(Path(sys.argv[2]), progress=False, extractor=slow_extract)"
    )
    tests_dir = str(Path(__file__).parent)
    command = [sys.executable, "-c", script, tests_dir, str(data_dir)]
    build = subprocess.Popen(command, start_new_session=True)  # its own group: workers too
    try:
        deadline = time.monotonic() + 30
        while not list(data_dir.glob("kinhnghiem.db.tmp-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(data_dir.glob("kinhnghiem.db.tmp-*")), "the build never started"
        time.sleep(0.3)
        os.killpg(build.pid, signal.SIGKILL)  # like a power cut: no cleanup runs
        build.wait(10)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)

    assert file_digest(data_dir / "kinhnghiem.db") == digest
    summary = build_database(data_dir, progress=False)  # the stale temp file is cleaned up
    assert summary.extracted == 1
    assert not list(data_dir.glob("kinhnghiem.db.tmp-*"))
    assert ("Lan Anh",) in rows(data_dir / "kinhnghiem.db", "select name from authors")


def test_missing_raw_db_is_one_clear_error(tmp_path: Path):
    with pytest.raises(KinhnghiemError, match="raw.db"):
        build_database(tmp_path, progress=False)


def test_cli_build_prints_the_summary(data_dir: Path):
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "3 articles with 7 lessons" in result.output
    archive = RawArchive(data_dir / "raw.db")
    assert "1 failed extraction" in result.output
    assert len(archive.digests()) == len(ARTICLES) + 1
    archive.close()
