"""The real Liferay pages in ../shared/corpus (never copied into the project): the CMS
account is never an author, the title is never a menu item, every page has its date."""

from pathlib import Path

import pytest

from nlp import extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "sotttt-hanoi"
if not CORPUS.is_dir():
    pytest.skip(
        f"real corpus not present at {CORPUS} (../shared is absent)", allow_module_level=True
    )

ARTICLES = sorted(
    p for p in CORPUS.rglob("*.html") if "view_content" in str(p) and p.stat().st_size > 1000
)
MENU_ITEMS = {"Trang chủ", "Giới thiệu", "Tin tức sự kiện", "Hỏi đáp", "Liên hệ", "đầu tư công"}


@pytest.fixture(scope="module")
def articles():
    return [extract(path.read_bytes(), str(path)) for path in ARTICLES]


def test_titles_dates_and_authors(articles):
    assert len(articles) > 50
    for article in articles:
        assert article.title and article.title not in MENU_ITEMS
        assert article.published and article.published.endswith("+07:00")
        assert not {"Pho Ban bien tap", "admin admin"} & set(article.authors)
        assert "Pho Ban bien tap" not in article.body
    assert any(article.authors for article in articles)
