"""Typed with diacritics, a word means those diacritics ("Tô" is not "tổ", "đang" is not
"Đảng"), and a name typed whole finds its author's articles before titles that share its
words. Generated articles, pipeline/search.py `_rank_key`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from pipeline.search import search
from pipeline.store import Extraction, PageMeta, TableWriter, create_schema

ARTICLES = {  # slug: (title, body, author)
    "to-chuc": ("Tổ chức cơ sở Đảng ở xã Ia Grai vững mạnh", "Chi bộ họp đúng kỳ.", "Minh Châu"),
    "ia-to": ("Kinh nghiệm ở làng mới", "Đảng ủy xã Ia Tô chú trọng sinh hoạt.", "Minh Châu"),
    "thu-hoach": ("Thu hoạch cà phê ở Hà Tây", "Nông dân thu hoạch.", "Minh Châu"),
    "chuyen-doi": ("Chuyển đổi số ở cơ sở", "Xã triển khai chuyển đổi số.", "Thu Hà"),
    "dang-vien": ("Đảng viên trẻ ở thôn", "Đảng viên trẻ gương mẫu.", "Hoàng Lan"),
    "dang-lam": ("Những việc đang làm ở thôn", "Thôn đang làm đường.", "Hoàng Lan"),
}


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = tmp_path_factory.mktemp("marks") / "kinhnghiem.db"
    db = sqlite_utils.Database(path)
    create_schema(db)
    writer = TableWriter(db)
    for slug, (title, body, author) in ARTICLES.items():
        url = f"https://iagrai.gialai.gov.vn/tin-tuc/{slug}.html"
        record = {"title": title, "published": "2024-05-15", "authors": [author],
                  "body": body, "places": [], "lessons": []}  # fmt: skip
        writer.add(Extraction(PageMeta(url, "iagrai", "0" * 64), "test", record))
    writer.finish()
    db.close()
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def first(conn, query: str) -> str:
    return Path(search(conn, query).hits["articles"][0]["url"]).stem


@pytest.mark.parametrize(
    "query, slug",
    [
        ("Ia Tô", "ia-to"),  # not the title with "Ia" and "Tổ"
        ("đang", "dang-lam"),  # not "Đảng viên"
        ("Thu Hà", "chuyen-doi"),  # the author, not "Thu hoạch ... Hà Tây"
        ("thu ha", "chuyen-doi"),  # the name as a phrase, without diacritics too
        ("to chuc", "to-chuc"),  # without diacritics "to" is any of them
    ],
)
def test_first(conn, query: str, slug: str):
    assert first(conn, query) == slug


def test_words_near_each_other_before_words_apart():
    from pipeline.search import Matcher, Query, Term, _nearness

    query = Query("sinh hoat chi", [Term("sinh"), Term("hoat"), Term("chi", prefix=True)])

    def nearness(words: list[str]) -> int:
        return _nearness([Matcher(query).positions(words)])

    assert nearness(["nang", "cao", "sinh", "hoat", "chi", "bo"]) == 2  # a phrase
    assert nearness(["sinh", "hoat", "cua", "cac", "chieu", "bo"]) == 1  # near ("chi" begins)
    assert nearness(["sinh", "hoat"] + ["x"] * 20 + ["chi"]) == 0  # apart
    alone = Query("sinh", [Term("sinh")])
    assert _nearness([Matcher(alone).positions(["sinh"])]) == 0
