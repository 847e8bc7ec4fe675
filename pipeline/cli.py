"""The `kinhnghiem` command line: parses arguments, calls library functions, and turns
named exceptions into one-line errors with a non-zero exit."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from pipeline.errors import KinhnghiemError

DATA_HELP = "Folder holding raw.db and kinhnghiem.db."
PORT = click.IntRange(1, 65535)  # 0 would serve on a port nobody is told of


def data_option(func):
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("data"),
        show_default=True,
        help=DATA_HELP,
    )(func)


def friendly_errors(func):
    """Bad input gets one clear line and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from crawler.errors import CrawlError
        from nlp import ExtractError

        try:
            return func(*args, **kwargs)
        except (KinhnghiemError, CrawlError, ExtractError) as error:
            raise click.ClickException(one_line(str(error))) from error

    return wrapper


def one_line(text: str) -> str:
    """`text` safe to print as one line: control characters but tabs (a newline in a file name)
    and undecodable bytes of names (lone surrogates) written as escapes."""
    return "".join(
        c if c.isprintable() or c == "\t" else c.encode("unicode_escape").decode() for c in text
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kinhnghiem")
def main() -> None:
    """kinhnghiem: party-building lessons from Vietnamese local government portals.

    \b
    Example:
        kinhnghiem demo            # sample portal -> crawl -> build -> Datasette
    """


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--site", help="Site profile name from crawler/sites/ (detected when omitted).")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many pages.")
@click.option(
    "--wayback",
    metavar="HOST_OR_PREFIX",
    multiple=True,
    help="Crawl Wayback Machine captures (repeat for several hosts).",
)
@click.option(
    "--from-discovery",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Crawl the captures of every host in this list (`kinhnghiem discover --output`).",
)
@click.option("--from", "year_from", metavar="YYYY", help="Oldest capture year (--wayback).")
@click.option("--to", "year_to", metavar="YYYY", help="Newest capture year (--wayback).")
@click.option(
    "--archive-rate",
    metavar="CDX_PER_MIN,PLAYBACK_PER_MIN",
    help="Wayback request budgets a minute (default 20,60: below the archive's limits).",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="redis://HOST:PORT/DB",
    help="Join the shared crawl in this Redis as one worker; pages go to Redis for "
    "`kinhnghiem ingest`.",
)
@data_option
@friendly_errors
def crawl(
    urls: tuple[str, ...],
    site: str | None,
    max_pages: int | None,
    data_dir: Path,
    wayback: tuple[str, ...] = (),
    from_discovery: Path | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    archive_rate: str | None = None,
    redis_url: str | None = None,
) -> None:
    """Crawl portal sections from their listing URLs into DATA/raw.db.

    Known articles are skipped, so running it again fetches only new ones; a killed
    crawl resumes where it stopped. Polite by default: robots.txt, at most 2 requests
    per host 0.5 s apart, AutoThrottle, retries with backoff (crawler/settings.py).
    KINHNGHIEM_WAYBACK_URL changes the archive endpoint.

    \b
    Example:
        kinhnghiem crawl https://chupuh.gialai.gov.vn/Tin-tuc/ --data data
        kinhnghiem crawl --wayback chupuh.gialai.gov.vn --from 2019 --to 2024 --archive-rate 20,60
        kinhnghiem crawl --from-discovery gialai-hosts.txt --from 2015 --to 2025
        kinhnghiem crawl --redis redis://10.0.0.5:6379/0 https://chupuh.gialai.gov.vn/Tin-tuc/
    """
    from crawler.run import CrawlInputs, crawl_into

    if from_discovery:
        from crawler.wayback.discover import read_hosts

        wayback = (*wayback, *read_hosts(from_discovery))
    inputs = CrawlInputs(tuple(urls), site, tuple(wayback), year_from, year_to, archive_rate)
    if redis_url:
        from crawler.distributed import crawl_worker

        summary = crawl_worker(
            inputs, data_dir / "raw.db", redis_url=redis_url, max_pages=max_pages
        )
    else:
        summary = crawl_into(inputs, data_dir / "raw.db", max_pages=max_pages)
    click.echo(summary)
    if summary.stopped:
        raise KinhnghiemError(summary.stopped)
    if summary.all_failed():
        raise KinhnghiemError("nothing could be fetched: every request failed (see the table)")


@main.command()
@click.option("--province", required=True, help='Province name, e.g. "Gia Lai".')
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the hosts found here, for `crawl --from-discovery`.",
)
@click.option(
    "--archive-rate",
    metavar="CDX_PER_MIN,PLAYBACK_PER_MIN",
    help="Wayback request budgets a minute (default 20,60).",
)
@friendly_errors
def discover(province: str, output: Path | None, archive_rate: str | None) -> None:
    """List a province's pre-2025 district portals that the Wayback Machine holds: hosts
    made from its districts' names (gazetteer) in the usual patterns, checked through CDX,
    with capture counts and years. About 3 minutes a province at the default CDX budget.

    \b
    Example:
        kinhnghiem discover --province "Gia Lai" --output gialai-hosts.txt
        kinhnghiem crawl --from-discovery gialai-hosts.txt --from 2015 --to 2025
    """
    from crawler.summary import format_table
    from crawler.wayback.budget import archive_rates
    from crawler.wayback.discover import discover as find_portals
    from crawler.wayback.discover import write_hosts
    from nlp.gazetteer import DISTRICT, all_units
    from nlp.normalize import fold

    units = list(all_units())
    # "gia lai", "dak nong": typed without a Vietnamese keyboard, as the gazetteer's name
    typed = fold(province)
    province = next((u.province for u in units if fold(u.province) == typed), province)
    names = [u.name for u in units if u.tier == DISTRICT and u.province == province]
    if not names:
        known = sorted({u.province for u in units})
        raise KinhnghiemError(
            f"no districts known for province {province!r}; known: {', '.join(known)}"
        )
    rates = archive_rates(archive_rate)
    if output and not output.parent.is_dir():  # known now, not after minutes of CDX queries
        raise KinhnghiemError(
            f"cannot write the discovery list {output}: no folder {output.parent}"
        )
    portals = find_portals(
        province, names, rates, progress=lambda host: click.echo(f"checking {host}", err=True)
    )
    rows = [p.row() for p in portals]
    click.echo(format_table(("host", "district", "captures", "years"), rows) if rows else "")
    click.echo(f"{len(portals)} archived portals of {len(names)} districts of {province}")
    if output:
        write_hosts(portals, output)


@main.command("import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@data_option
@friendly_errors
def import_warc(files: tuple[Path, ...], data_dir: Path) -> None:
    """Import WARC/ARC files into DATA/raw.db (source = warc).

    \b
    Example:
        kinhnghiem import-warc captures/chupuh-2023.warc.gz --data data
    """
    from crawler.warc import import_warc as import_files

    click.echo(import_files(list(files), data_dir / "raw.db"))


@main.command("import-text")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--site",
    help="Name of the collection (its URLs are text:SITE/FILE); default: the folder's name. "
    "Two folders of the same name need different names, or the second replaces the first.",
)
@data_option
@friendly_errors
def import_text(folder: Path, site: str | None, data_dir: Path) -> None:
    """Import a folder of text copies of article pages (.txt, .md) into DATA/raw.db
    (source = text); `build` then extracts them like crawled pages. Unchanged files
    are skipped when the folder is imported again.

    \b
    Example:
        kinhnghiem import-text saved-articles/ --data data && kinhnghiem build --data data
        kinhnghiem import-text ~/chupuh-2022/bai/ --site chupuh-2022 --data data
    """
    from crawler.text_import import import_text as import_folder

    click.echo(import_folder(folder, data_dir / "raw.db", site=site))


@main.command()
@click.option("--redis", "redis_url", required=True, help="redis://HOST:PORT/DB")
@click.option("--follow", is_flag=True, help="Keep draining until the shared crawl is finished.")
@data_option
@friendly_errors
def ingest(redis_url: str, follow: bool, data_dir: Path) -> None:
    """Drain pages pushed by distributed workers from Redis into DATA/raw.db (its only
    writer). Safe to kill and restart: no page is lost.

    \b
    Example:
        kinhnghiem ingest --redis redis://10.0.0.5:6379/0 --data data
        kinhnghiem ingest --redis redis://10.0.0.5:6379/0 --follow --data data
    """
    from pipeline.ingest import ingest_from_redis

    click.echo(ingest_from_redis(redis_url, data_dir / "raw.db", follow=follow))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, per line.")
@friendly_errors
def extract(inputs: tuple[str, ...], as_json: bool) -> None:
    """Extract the record from saved pages (files) or URLs.

    Each input gives one line; an input that cannot be read gives a line with an
    "error" field and the run goes on. Exit code 1 if any input failed. A URL is
    fetched within the crawler's limits: 10 MB, 30 s for the whole fetch.

    \b
    Example:
        kinhnghiem extract page.html --json
    """
    from pipeline.extract_inputs import extract_inputs

    failures = 0
    for record in extract_inputs(inputs):
        if "error" in record:
            failures += 1
            click.echo(f"Error: {one_line(record['error'])}", err=True)  # names the input
        if as_json or "error" not in record:
            line = json.dumps(record, ensure_ascii=False) if as_json else _summary(record)
            click.echo(one_line(line))
    if failures:
        sys.exit(1)


def _summary(record: dict) -> str:
    return f"{record['url']}\t{record.get('published')}\t{record.get('title')}"


@main.command()
@click.option(
    "--workers", type=click.IntRange(min=1), help="Extraction processes (default: all cores)."
)
@data_option
@friendly_errors
def build(workers: int | None, data_dir: Path) -> None:
    """Build DATA/kinhnghiem.db from DATA/raw.db (incremental, atomic).

    \b
    Example:
        kinhnghiem build --data data
    """
    from pipeline.build import build_database

    summary = build_database(data_dir, workers=workers)
    click.echo(summary)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=PORT)
@data_option
@friendly_errors
def serve(host: str, port: int, data_dir: Path) -> None:
    """Serve DATA/kinhnghiem.db with Datasette (read-only).

    \b
    Example:
        kinhnghiem serve --data data --port 8001
    """
    from pipeline.serve import serve_database

    serve_database(data_dir, host=host, port=port)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--site", help="Site profile name from crawler/sites/.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many pages.")
@data_option
@click.pass_context
def run(ctx: click.Context, urls, site, max_pages, data_dir: Path) -> None:
    """Crawl then build.

    \b
    Example:
        kinhnghiem run https://chupuh.gialai.gov.vn/Tin-tuc/ --data data
    """
    ctx.invoke(crawl, urls=urls, site=site, max_pages=max_pages, data_dir=data_dir)
    ctx.invoke(build, workers=None, data_dir=data_dir)


@main.command()
@click.option("--serve/--no-serve", default=True, help="Start Datasette at the end.")
@click.option("--port", default=8001, show_default=True, type=PORT, help="Datasette's port.")
@click.option(
    "--portal-port",
    default=8700,
    show_default=True,
    type=PORT,
    help="The sample portal's port; keep it to make a re-run incremental.",
)
@data_option
@friendly_errors
def demo(serve: bool, port: int, portal_port: int, data_dir: Path) -> None:
    """Serve the bundled sample portal on 127.0.0.1, crawl it, build, then start Datasette.

    \b
    Example:
        kinhnghiem demo --data demo-data
        kinhnghiem demo --no-serve --data /tmp/d
    """
    from pipeline.demo import run_demo

    run_demo(data_dir, serve=serve, port=port, portal_port=portal_port)


@main.command()
@click.option(
    "--redis",
    "redis_url",
    metavar="redis://HOST:PORT/DB",
    help="Show the shared crawl's progress in this Redis instead.",
)
@data_option
@friendly_errors
def stats(data_dir: Path, redis_url: str | None = None) -> None:
    """Print pages, articles and errors per host from DATA/raw.db.

    \b
    Example:
        kinhnghiem stats --data data
        kinhnghiem stats --redis redis://10.0.0.5:6379/0
    """
    if redis_url:
        from crawler.distributed import crawl_progress

        click.echo(crawl_progress(redis_url))
    else:
        from crawler.stats import crawl_stats

        click.echo(crawl_stats(data_dir / "raw.db"))


if __name__ == "__main__":
    main()
