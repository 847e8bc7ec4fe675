"""`/-/search.json`'s `words`: what the search made of each typed word, as values a program
reads (the word folded, whether it was taken as a prefix, the corpus words it may be a typo
of, the two words it may run together), not FTS5 syntax (Datasette's test client)."""

from __future__ import annotations

import asyncio

import pytest
from build_fixtures import built_site

from pipeline.serve import datasette_app


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    app = datasette_app(built_site(tmp_path_factory.mktemp("search-words")))

    def fetch(query: str) -> list[dict]:
        response = asyncio.run(app.client.get("/-/search.json", params={"q": query}))
        assert response.status_code == 200, response.text[:300]
        return response.json()["words"]

    return fetch


def test_each_word_with_its_prefix_and_typo_alternatives(words):
    found = words("Phát trein đảng vie")
    assert [w["word"] for w in found] == ["phat", "trein", "dang", "vie"]
    assert [w["prefix"] for w in found] == [False, False, False, True]
    assert "trien" in found[1]["alternatives"] and found[0]["alternatives"] == []
    assert all(set(w) == {"word", "prefix", "alternatives", "split", "completions"} for w in found)
    assert all(w["split"] is None for w in found)
    assert found[3]["completions"] == ["vien"]  # the corpus words "vie" begins
    assert all(w["completions"] == [] for w in found[:3])


def test_two_words_run_together_are_split(words):
    (first, last) = words("danvan kheo")
    assert first == {"word": "danvan", "prefix": False, "alternatives": [], "split": ["dan", "van"],
                     "completions": []}  # fmt: skip
    assert last["word"] == "kheo" and last["prefix"] is True and last["completions"] == ["kheo"]


def test_nothing_typed_is_no_words(words):
    assert words('"') == [] and words("") == []
