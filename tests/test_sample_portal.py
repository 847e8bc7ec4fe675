"""The bundled sample portal (pipeline/sample_portal): content invariants and rendered site."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import unicodedata
from collections import Counter
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pipeline.sample_portal.render import (
    BYLINE_STYLES,
    CATEGORIES,
    DATE_LINE,
    PAGE_SIZE,
    SampleArticle,
    load_articles,
    render_site,
)

SEED_MARKERS = ["Một là", "Thứ hai", "Thứ ba", "Thứ tư"]
BVNT = "Bảo vệ nền tảng tư tưởng của Đảng"


@pytest.fixture(scope="module")
def articles() -> list[SampleArticle]:
    return load_articles()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("portal")
    return out, render_site(out)


def read(out: pathlib.Path, url_path: str) -> str:
    rel = url_path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    return (out / rel).read_text(encoding="utf-8")


def soup(out: pathlib.Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup(read(out, url_path), "html.parser")


def content_paragraphs(page: BeautifulSoup) -> list[str]:
    return [p.get_text(" ", strip=True) for p in page.select("div.news-content > p")]


# --------------------------------------------------------------------------- content


def test_at_least_44_articles_in_three_or_more_categories(articles):
    assert len(articles) >= 44
    counts = Counter(a.category for a in articles)
    assert {"Xây dựng Đảng", BVNT, "Tin tức"} <= set(counts)
    assert all(n >= 5 for n in counts.values()), counts
    assert len({a.slug for a in articles}) == len(articles)


def test_dates_distinct_within_2019_2024_and_about_half_with_time(articles):
    dates = [a.date for a in articles]
    assert len(set(dates)) == len(dates)
    assert all(dt.date(2019, 1, 1) <= d <= dt.date(2024, 12, 31) for d in dates)
    timed = [a for a in articles if a.time]
    assert 0.3 <= len(timed) / len(articles) <= 0.7
    assert all(re.fullmatch(r"[0-2]\d:[0-5]\d", a.time) for a in timed)
    assert {a.published for a in timed} == {
        f"{a.date.isoformat()}T{a.time}:00+07:00" for a in timed
    }


def test_text_is_nfc_with_sane_lengths(articles):
    for a in articles:
        texts = [a.title, a.sapo, *a.paragraphs, a.byline or ""]
        assert all(unicodedata.is_normalized("NFC", t) for t in texts), a.slug
        assert 3 <= len(a.paragraphs) <= 12, a.slug
        words = len(" ".join(a.paragraphs).split())
        assert 150 <= words <= 900, (a.slug, words)


def test_at_least_18_articles_have_lessons_in_varied_marker_styles(articles):
    with_lessons = [a for a in articles if a.expected.get("lessons")]
    assert len(with_lessons) >= 18
    styles = set()
    for a in with_lessons:
        markers = [le["marker"] for le in a.expected["lessons"]]
        first, second = markers[0], markers[1]
        styles.add(f"{first}/{second}")
        if any(p.startswith("Một là:") for p in a.paragraphs):
            styles.add("colon")
    assert {
        "Một là/Hai là",
        "Thứ nhất/Thứ hai",
        "Một là/Thứ hai",
        "1./2.",
        "a)/b)",
        "colon",
    } <= styles
    kinds = {a.expected.get("lesson_kind") for a in with_lessons}
    assert kinds == {"bài học", "giải pháp", "nhiệm vụ"}


def test_expected_lessons_agree_with_the_body(articles):
    for a in articles:
        lessons = a.expected.get("lessons") or []
        starts: list[int] = []
        for lesson in lessons:
            marker, heading = lesson["marker"], lesson["heading"]
            hits = [
                i
                for i, p in enumerate(a.paragraphs)
                if p.startswith(marker) and p[len(marker) : len(marker) + 1] in (",", ":", " ")
            ]
            assert len(hits) == 1, (a.slug, marker)
            para = a.paragraphs[hits[0]]
            rest = para[len(marker) :].lstrip(",:").lstrip()
            assert rest.startswith(heading), (a.slug, marker)
            after = rest[len(heading) : len(heading) + 1]
            assert after in ("", "."), (a.slug, marker, after)
            assert "." not in heading.rstrip("."), (a.slug, heading)  # heading = one sentence
            starts.append(hits[0])
        assert starts == sorted(starts), a.slug
        if lessons:
            lead_in = a.paragraphs[starts[0] - 1]
            assert lead_in.endswith(":"), (a.slug, lead_in)


def test_seed_style_article(articles):
    seed = [
        a
        for a in articles
        if a.title.startswith("Bài học kinh nghiệm trong công tác") and a.category == BVNT
    ]
    assert len(seed) == 1
    a = seed[0]
    assert [le["marker"] for le in a.expected["lessons"]] == SEED_MARKERS
    idx = [next(i for i, p in enumerate(a.paragraphs) if p.startswith(m)) for m in SEED_MARKERS]
    assert idx[3] - idx[2] == 3  # "Thứ ba" spans three paragraphs
    assert a.byline_style == "right" and a.expected["authors"] == [a.byline]


def test_trap_texts_are_present(articles):
    text = "\n".join(p for a in articles for p in a.paragraphs)
    assert "Nghị quyết số 05-NQ/ĐU ngày 11/11/2020" in text
    assert re.search(r"thứ hai, ngày 12/12/2022", text, re.IGNORECASE)
    numbered_non_lessons = [
        a
        for a in articles
        if not a.expected.get("lessons") and any(p.startswith("1. ") for p in a.paragraphs)
    ]
    assert len(numbered_non_lessons) >= 3


def test_byline_styles_and_expected_people(articles):
    styles = Counter(a.byline_style for a in articles)
    assert set(BYLINE_STYLES) | {None} == set(styles)
    for a in articles:
        exp = a.expected
        if a.byline_style is None:
            assert exp["authors"] == [] and exp["source"] is None, a.slug
            continue
        for name in exp["authors"]:
            assert name in a.byline, a.slug
        if a.byline_style in ("theo", "nguon", "agency"):
            assert exp["authors"] == [] and exp["source"] and exp["source"] in a.byline, a.slug
        if a.byline_style == "pair":
            assert len(exp["authors"]) == 2, a.slug
        if a.byline_style == "title":
            assert exp["author_titles"], a.slug
    assert any(a.byline == "ThS. Nguyễn Văn An" for a in articles)
    assert any(a.byline == "Bài, ảnh: Hồng Thi" for a in articles)
    assert any(a.byline == "(Theo Báo Gia Lai)" for a in articles)


# --------------------------------------------------------------------------- rendered site


def test_article_files_exist(site, articles):
    out, manifest = site
    assert len(manifest["articles"]) == len(articles) >= 44
    for path, slug in manifest["articles"].items():
        assert re.fullmatch(r"/[a-z0-9-]+/[a-z0-9-]+\.html", path)
        assert path.endswith(f"/{slug}.html")
        assert (out / path.lstrip("/")).is_file()
    html_files = [p for p in out.glob("*/*.html") if p.name != "index.html"]
    assert len(html_files) == len(articles)


def test_manifest_shape(site):
    _, manifest = site
    assert manifest["categories"] == {name: f"/{slug}/" for name, slug in CATEGORIES.items()}
    assert manifest["start_paths"] == list(manifest["categories"].values())


def test_listings_are_paginated_and_cover_each_category(site, articles):
    out, manifest = site
    for name, start in manifest["categories"].items():
        want = [a.url_path for a in articles if a.category == name]
        seen: list[str] = []
        dates: list[dt.date] = []
        path: str | None = start
        pages = 0
        while path:
            pages += 1
            page = soup(out, path)
            items = page.select("div.news-list div.news-item")
            assert 0 < len(items) <= PAGE_SIZE
            for item in items:
                seen.append(item.h3.a["href"])
                dates.append(dt.datetime.strptime(item.select_one(".date").text, "%d/%m/%Y").date())
            nxt = page.select_one("div.pagination a.next")
            assert "Trang sau »" in page.select_one("div.pagination").text
            assert "« Trang trước" in page.select_one("div.pagination").text
            path = nxt["href"] if nxt else None
            if path:
                assert re.fullmatch(rf"/{CATEGORIES[name]}/trang-\d+/", path)
        assert seen == want  # newest first, no duplicates, union == the category
        assert dates == sorted(dates, reverse=True)
        assert pages == -(-len(want) // PAGE_SIZE)
    assert any(len([a for a in articles if a.category == n]) > PAGE_SIZE for n in CATEGORIES)


def test_every_article_page_has_title_date_and_portal_chrome(site, articles):
    out, _ = site
    for a in articles:
        raw = read(out, a.url_path)
        page = BeautifulSoup(raw, "html.parser")
        assert page.h1.get_text() == a.title
        assert page.select_one("div.news-date").get_text() == f"Ngày đăng bài: {a.date_text}"
        assert f"Ngày đăng bài: {a.date_text}</div>" in raw
        assert page.select_one("span.date-line").get_text() == DATE_LINE
        crumbs = [x.get_text() for x in page.select("div.breadcrumb a")]
        assert crumbs == a.breadcrumb
        assert a.title.startswith(page.select_one("div.breadcrumb span.current").get_text())
        assert page.select_one("div.news-sapo strong").get_text() == a.sapo
        assert len(page.select("div.related-news li")) == 5
        assert "Tổng số lượt truy cập: 104.233" in raw and "Thông tin bản quyền" in raw
        assert "Giấy phép: 09/GP-TTĐT ngày 11/11/2020" in raw


def test_article_body_and_byline_markup(site, articles):
    out, _ = site
    for a in articles:
        page = soup(out, a.url_path)
        paras = [p for p in content_paragraphs(page) if p and p != "\xa0"]
        if a.byline:
            assert paras[-1].replace("\xa0", " ").strip() == a.byline, a.slug
            paras = paras[:-1]
        captions = [b.text for b in a.body if b.kind == "caption"]
        assert [p for p in paras if p not in captions] == a.paragraphs, a.slug
        if a.byline_style in ("right", "pair", "title", "agency", "photo", "theo"):
            last = page.select("div.news-content > p")[-1]
            assert last.get("style") == "text-align:right", a.slug


def test_seed_style_article_html_has_markers_in_order(site, articles):
    out, _ = site
    a = next(
        x
        for x in articles
        if x.expected.get("lessons")
        and x.category == BVNT
        and x.title.startswith("Bài học kinh nghiệm trong công tác")
    )
    raw = read(out, a.url_path)
    positions = [raw.index(f"<p>{m}, ") for m in SEED_MARKERS]
    assert positions == sorted(positions)
    assert '<p>&nbsp;</p>\n<p style="text-align:right"><strong>Minh Châu</strong></p>' in raw


def test_home_extra_pages_and_robots(site, articles):
    out, manifest = site
    home = soup(out, "/index.html")
    links = {x["href"] for x in home.select("a[href]")}
    assert set(manifest["start_paths"]) <= links
    assert {"/gioi-thieu/", "/lien-he/"} <= links
    assert articles[0].url_path in links
    for path in ("/gioi-thieu/", "/lien-he/"):
        assert (out / path.strip("/") / "index.html").is_file()
        assert path not in manifest["articles"]
    robots = (out / "robots.txt").read_text()
    assert robots == "User-agent: *\nDisallow: /admin/\n"
    assert (out / "admin" / "index.html").is_file()


def test_render_is_deterministic(site, tmp_path):
    out, manifest = site
    again = render_site(tmp_path / "again")
    assert again == manifest
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file()
    )
    assert all((out / f).read_bytes() == (tmp_path / "again" / f).read_bytes() for f in files)


def test_expected_record_shape(articles):
    a = articles[0]
    rec = a.expected_record("http://127.0.0.1:8000")
    assert rec["url"] == "http://127.0.0.1:8000" + a.url_path
    assert rec["published"] == a.published
    assert rec["breadcrumb"][0] == "Trang chủ"
    assert set(rec) >= {"title", "published", "authors", "source", "breadcrumb", "lessons"}
