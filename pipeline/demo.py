"""`kinhnghiem demo`: the bundled sample portal on loopback -> crawl -> build -> Datasette."""

from __future__ import annotations

import signal
import subprocess
import tempfile
from pathlib import Path

import click

from crawler.run import CrawlInputs, crawl_into
from pipeline.build import build_database
from pipeline.errors import KinhnghiemError
from pipeline.portal_server import serve_directory
from pipeline.sample_portal.render import render_site
from pipeline.serve import check_port_free, datasette_args


def run_demo(data_dir: Path, *, serve: bool, port: int, portal_port: int) -> None:
    """`portal_port` is fixed rather than free so that the portal's URLs, and so raw.db's
    keys, stay the same from one run to the next: a re-run is incremental. The portal keeps
    serving while Datasette runs, so the articles' "original" links work in the demo."""
    if serve:  # fail before crawling, not after
        check_demo_port(port, "Datasette's port; choose another with --port")
    with tempfile.TemporaryDirectory(prefix="kinhnghiem-portal-") as site_dir:
        manifest = render_site(Path(site_dir))
        check_demo_port(portal_port, "the sample portal's port; choose another with --portal-port")
        with serve_directory(Path(site_dir), port=portal_port) as base_url:
            click.echo(f"Sample portal serving at {base_url}/", err=True)
            inputs = CrawlInputs(tuple(base_url + path for path in manifest["start_paths"]))
            click.echo(crawl_into(inputs, data_dir / "raw.db"))
            click.echo(build_database(data_dir))
            if serve:
                run_datasette(data_dir, port)


def run_datasette(data_dir: Path, port: int) -> None:
    """Datasette as a child process until Ctrl-C or SIGTERM, which stop it too (this process
    serves the portal, so it cannot become Datasette as `kinhnghiem serve` does)."""
    server = subprocess.Popen(datasette_args(data_dir, host="127.0.0.1", port=port))
    click.echo(f"Datasette: http://127.0.0.1:{port}/  (Ctrl-C to stop)", err=True)
    previous = signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.kill()


def check_demo_port(port: int, what: str) -> None:
    try:
        check_port_free("127.0.0.1", port)
    except KinhnghiemError as error:
        raise KinhnghiemError(f"{error} ({what})") from error
