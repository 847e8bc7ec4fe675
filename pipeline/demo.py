"""`kinhnghiem demo`: the bundled sample portal on loopback -> crawl -> build -> Datasette."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from crawler.run import CrawlInputs, crawl_into
from pipeline.build import build_database
from pipeline.portal_server import serve_directory
from pipeline.sample_portal.render import render_site
from pipeline.serve import serve_database


def run_demo(data_dir: Path, *, serve: bool = True, port: int = 8001) -> None:
    with tempfile.TemporaryDirectory(prefix="kinhnghiem-portal-") as site_dir:
        manifest = render_site(Path(site_dir))
        with serve_directory(Path(site_dir)) as base_url:
            click.echo(f"Sample portal serving at {base_url}/", err=True)
            inputs = CrawlInputs(tuple(base_url + path for path in manifest["start_paths"]))
            click.echo(crawl_into(inputs, data_dir / "raw.db"))
    click.echo(build_database(data_dir))
    if serve:
        serve_database(data_dir, host="127.0.0.1", port=port)
