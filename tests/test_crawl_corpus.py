"""The real Liferay categories of ../shared/corpus served on loopback: from the category
page alone, >= 99% of the articles its listings link, and no listing stored as an article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from portal_server import FAST, run_crawl, stored

from pipeline.portal_server import base_url, start_server

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "sotttt-hanoi"
EXPECTED = {"pctn": 29, "shtd": 28}  # articles linked by the 3 listings (corpus README)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real portal corpus absent: {CORPUS}")
@pytest.mark.parametrize("category", sorted(EXPECTED))
def test_real_liferay_category(category, tmp_path):
    with start_server(CORPUS / category) as server:
        result = run_crawl([f"{base_url(server)}/{category}.html"], tmp_path, *FAST)
    assert result.returncode == 0, result.stderr
    articles = stored(tmp_path)
    linked = _linked_articles(CORPUS / category, category)
    assert len(linked) == EXPECTED[category]
    found = len(articles & linked)
    print(f"{category}: {found}/{len(linked)} articles, {len(articles - linked)} extra")
    assert found >= 0.99 * len(linked)
    assert all("/-/view_content/" in url for url in articles)  # no listing/navigation page
    assert len(stored(tmp_path, "listing")) == 3


def _linked_articles(folder: Path, category: str) -> set[str]:
    """Article links of the category's three saved listing pages."""
    found = set()
    for listing in folder.glob(f"{category}*.html"):
        html = listing.read_text(encoding="utf-8", errors="replace")
        found |= {"/" + href for href in re.findall(r'href="([^"]*/-/view_content/[^"?]+)"', html)}
    return found
