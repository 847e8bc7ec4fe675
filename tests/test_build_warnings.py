"""What reading a page took is published with the article: `articles.warnings`."""

import sqlite3

from build_fixtures import IA_LE, TAY_SON, make_raw_db, page_html, raw_page

from crawler.archive import RawArchive
from pipeline.build import build_database


def test_a_page_read_flattened_says_so_in_the_database(tmp_path):
    make_raw_db(tmp_path, [IA_LE], empty=False)
    deep = raw_page(TAY_SON)
    html = page_html(TAY_SON)
    start = html.index('<div class="article-content">')
    deep.body = (html[:start] + "<div>" * 5000 + html[start:] + "</div>" * 5000).encode()
    archive = RawArchive(tmp_path / "raw.db")
    archive.put(deep)
    archive.close()
    build_database(tmp_path, workers=1, progress=False)
    db = sqlite3.connect(tmp_path / "kinhnghiem.db")
    warnings = dict(db.execute("select url, warnings from articles"))
    assert warnings == {
        IA_LE["url"]: None,
        TAY_SON["url"]: "nesting too deep for the parser: the page was read flattened",
    }
