"""The Atom feed of new lessons names each co-author of an article in an `<author>` of its
own, in page order (Atom allows several; datasette-atom writes one); an article with one
author, or none (its portal stands in), keeps one (Datasette's test client)."""

from __future__ import annotations

import asyncio
import re
import xml.etree.ElementTree as ElementTree

import pytest
from build_fixtures import IA_LE, SCRIPT_TITLE, TAY_SON, make_raw_db

from pipeline.build import build_database
from pipeline.serve import datasette_app

ATOM = "{http://www.w3.org/2005/Atom}"
CO_AUTHORED = {**IA_LE, "author": "Minh Châu - Ksor Nhi"}
NO_AUTHOR = {**SCRIPT_TITLE, "author": ""}


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> ElementTree.Element:
    data_dir = tmp_path_factory.mktemp("atom")
    make_raw_db(data_dir, [CO_AUTHORED, TAY_SON, NO_AUTHOR])
    build_database(data_dir, progress=False)
    response = asyncio.run(datasette_app(data_dir).client.get("/kinhnghiem/new_lessons.atom"))
    assert response.status_code == 200, response.text[:300]
    return ElementTree.fromstring(response.content)


def authors_by_article(feed: ElementTree.Element) -> dict[str, set[tuple[str, ...]]]:
    """{article link: the author lists of its lessons' entries}"""
    found: dict[str, set[tuple[str, ...]]] = {}
    for entry in feed.iter(f"{ATOM}entry"):
        names = tuple(a.findtext(f"{ATOM}name") for a in entry.iter(f"{ATOM}author"))
        found.setdefault(entry.find(f"{ATOM}link").get("href"), set()).add(names)
    return found


def test_co_authors_each_in_an_author_element(feed):
    lists = set().union(*authors_by_article(feed).values())
    assert ("Minh Châu", "Ksor Nhi") in lists
    assert ("Hoàng Lan",) in lists
    assert ("Cổng thông tin điện tử huyện Chư Păh",) in lists  # no author: the portal
    assert ("Minh Châu, Ksor Nhi",) not in lists


def test_every_entry_keeps_its_parts(feed):
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 7  # the lessons: 3 + 2 + 2
    for entry in entries:
        children = [child.tag.removeprefix(ATOM) for child in entry]
        assert {"id", "title", "updated", "author", "content", "link"} <= set(children)
        assert entry.findtext(f"{ATOM}content").strip()


def test_links_are_absolute_and_titles_capitalised(feed):
    for entry in feed.iter(f"{ATOM}entry"):
        assert re.fullmatch(
            r"http://localhost/kinhnghiem/articles/\d+", entry.find(f"{ATOM}link").get("href")
        )
        title = entry.findtext(f"{ATOM}title")
        assert title[:1] == title[:1].upper() and title[:1].isalpha()
