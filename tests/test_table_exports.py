"""The exports a reader downloads from a table page (JSON, CSV, CSV for Excel, the export
form) hold the columns the page shows, without the search-only `*_folded` copies; an
analyst's `?_col=` still gets them (Datasette's test client)."""

from __future__ import annotations

import asyncio
import csv
import html
import io
import json
import re
from urllib.parse import urlencode

import pytest
from build_fixtures import built_site

from pipeline.serve import datasette_app

FOLDED = {
    "articles": {"title_folded", "body_folded", "names_folded"},
    "lessons": {"heading_folded", "text_folded", "context_folded"},
}


@pytest.fixture(scope="module")
def get(tmp_path_factory):
    app = datasette_app(built_site(tmp_path_factory.mktemp("exports")))

    def fetch(path: str):
        response = asyncio.run(app.client.get(path))
        assert response.status_code == 200, (path, response.text[:300])
        return response

    return fetch


def export_links(page: str) -> list[str]:
    """Every link to a .csv or .json of the table in the page, and the export form as a URL
    (not the absolute `<link rel="alternate">` in the head, which is for programs)."""
    links = [html.unescape(href) for href in re.findall(r'<a [^>]*href="(/[^"]+)"', page)]
    found = [link for link in links if re.search(r"\.(csv|json)(\?|$)", link)]
    form = page.split('<div id="export"')[1].split("</form>")[0]
    action = html.unescape(re.search(r'<form action="([^"]+)"', form)[1])
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    fields = [(name, html.unescape(value)) for name, value in hidden]
    return found + [f"{action}?{urlencode(fields + [('_bom', '1')])}"]


def columns_of(response) -> list[str]:
    """The columns of a CSV or of any JSON shape Datasette gives."""
    if ".csv" in str(response.url):
        return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    if "_nl=on" in str(response.url):
        return list(json.loads(response.text.splitlines()[0]))
    body = response.json()
    if isinstance(body, list):  # _shape=array
        return list(body[0])
    if "columns" in body:  # the default shape
        return body["columns"]
    return list(next(iter(body.values())))  # _shape=object: {id: row}


@pytest.mark.parametrize("table", ["articles", "lessons"])
def test_page_exports_leave_out_the_search_copies(get, table: str):
    for query in ("", "?_search=dang+vien", "?_sort_desc=published&_size=2"):
        page = get(f"/kinhnghiem/{table}{query}").text
        links = export_links(page)
        assert len([link for link in links if ".csv" in link]) >= 3, links  # CSV, Excel, form
        assert len([link for link in links if ".json" in link]) >= 4, links
        for link in links:
            columns = columns_of(get(link))
            assert "id" in columns and not FOLDED[table] & set(columns), (link, columns)


def test_csv_for_excel_keeps_its_byte_order_mark(get):
    page = get("/kinhnghiem/lessons").text
    excel = html.unescape(re.search(r'class="kn-excel" href="([^"]+)"', page)[1])
    body = get(excel).content
    assert body.startswith(b"\xef\xbb\xbf") and b"heading_folded" not in body
    assert "bài học" in body.decode("utf-8-sig").lower()


def test_an_analyst_still_gets_a_search_copy_by_name(get):
    rows = get("/kinhnghiem/lessons.json?_col=heading_folded&_shape=array").json()
    assert rows and all(set(row) == {"id", "heading_folded"} for row in rows)
    page = get("/kinhnghiem/lessons?_col=heading_folded&_col=heading").text
    for link in export_links(page):
        assert "heading_folded" in columns_of(get(link)), link
    assert "heading_folded" in get("/kinhnghiem/lessons.csv").text.splitlines()[0]
