"""Extraction on the bundled sample portal: every article gives its expected record."""

import pytest

from nlp import extract

render = pytest.importorskip("pipeline.sample_portal.render")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    render.render_site(out)
    return out


def test_every_article_matches_its_expected_record(site):
    articles = render.load_articles()
    assert articles
    for sample in articles:
        expected = sample.expected_record("http://127.0.0.1:8000")
        page = (site / sample.url_path.lstrip("/")).read_bytes()
        record = extract(page, expected["url"]).to_dict()
        record["lessons"] = [
            {key: lesson[key] for key in ("ordinal", "marker", "heading", "kind")}
            for lesson in record["lessons"]
        ]
        for key, value in expected.items():
            assert record[key] == value, f"{sample.slug}: {key}"


def test_seed_style_article_gives_four_lessons_in_order(site):
    wanted = ["Một là", "Thứ hai", "Thứ ba", "Thứ tư"]
    seed_like = [
        a
        for a in render.load_articles()
        if [le["marker"] for le in a.expected.get("lessons") or []] == wanted
    ]
    assert seed_like
    page = (site / seed_like[0].url_path.lstrip("/")).read_bytes()
    lessons = extract(page, "http://127.0.0.1/x.html").lessons
    assert [le.marker for le in lessons] == wanted
