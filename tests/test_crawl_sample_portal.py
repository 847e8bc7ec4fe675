"""The bundled sample portal (what `kinhnghiem demo` crawls) needs no site profile."""

from __future__ import annotations

import pytest
from portal_server import run_crawl, stored

from pipeline.portal_server import base_url, start_server

render = pytest.importorskip("pipeline.sample_portal.render", reason="sample portal not bundled")


def test_every_sample_article_found_from_category_pages(tmp_path):
    manifest = render.render_site(tmp_path / "site")
    with start_server(tmp_path / "site") as server:
        starts = [base_url(server) + path for path in manifest["start_paths"]]
        result = run_crawl(starts, tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert stored(tmp_path / "data") == set(manifest["articles"])
    assert all("/trang-" in p or p.count("/") == 2 for p in stored(tmp_path / "data", "listing"))
