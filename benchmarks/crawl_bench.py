"""Crawl throughput on a generated 5,000-article portal served on 127.0.0.1.

Prints, for each --workers count, pages/s and peak memory of the real crawl (politeness
lifted) beside the baseline: a plain HTTP client loop (http.client, keep-alive, one
connection per worker) fetching the same pages from the same server in the same run.
The ratio is Scrapy's and the crawler's own overhead.

    .venv/bin/python benchmarks/crawl_bench.py --articles 5000 --workers 1 2 4

Workers: N crawl processes share the sections between them (each its own raw.db); with
--redis, the same N workers also run as one shared crawl on a fresh redis-server
(scrapy-redis queue, pages ingested into one raw.db after).
"""

from __future__ import annotations

import argparse
import http.client
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.portal_server import base_url, start_server  # noqa: E402

PER_PAGE = 20
PARAGRAPH = (
    "Đảng bộ xã đã rút ra bài học kinh nghiệm trong công tác xây dựng Đảng, phát "
    "triển đảng viên và nâng cao chất lượng sinh hoạt chi bộ ở các thôn, làng. "
) * 6


def generate_portal(root: Path, articles: int, sections: int = 10) -> list[str]:
    """Write the portal; returns every page path (listings and articles)."""
    paths = []
    per_section = articles // sections
    for s in range(sections):
        slug = f"chuyen-muc-{s + 1}"
        items = [f"/{slug}/bai-hoc-kinh-nghiem-so-{s + 1}-{i + 1}.html" for i in range(per_section)]
        pages = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
        for n, chunk in enumerate(pages, start=1):
            listing = f"/{slug}/" if n == 1 else f"/{slug}/trang-{n}/"
            nxt = f'<a href="/{slug}/trang-{n + 1}/">Trang sau</a>' if n < len(pages) else ""
            links = "".join(f'<li><a href="{u}">Bài học số {u[-9:-5]}</a></li>' for u in chunk)
            _write(
                root,
                listing + "index.html",
                f"<html><body><ul class='list-news'>{links}</ul>"
                f"<div class='pagination'>{nxt}</div></body></html>",
            )
            paths.append(listing)
        for url in items:
            _write(
                root,
                url,
                f"<html><body><h1>Bài học kinh nghiệm</h1><p>{PARAGRAPH}</p>"
                f"<p>{PARAGRAPH}</p></body></html>",
            )
            paths.append(url)
    return paths


def _write(root: Path, path: str, html: str) -> None:
    file = root / path.lstrip("/")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(html, encoding="utf-8")


def baseline(base: str, paths: list[str], workers: int) -> float:
    """Pages/s of a plain keep-alive HTTP loop, `workers` threads."""
    host, port = base.removeprefix("http://").split(":")

    def fetch(chunk: list[str]) -> None:
        connection = http.client.HTTPConnection(host, int(port))
        for path in chunk:
            connection.request("GET", path)
            connection.getresponse().read()
        connection.close()

    threads = [threading.Thread(target=fetch, args=(paths[i::workers],)) for i in range(workers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(paths) / (time.perf_counter() - started)


def spawn_crawl(args: list[str], data: Path, *settings: str) -> subprocess.Popen:
    """`python -m crawler crawl ARGS --data DATA` with politeness lifted, output piped."""
    command = [sys.executable, "-m", "crawler", "crawl", *args, "--data", str(data)]
    for setting in ("CONCURRENT_REQUESTS=32", "LOG_LEVEL=ERROR", *settings):
        command += ["-s", setting]
    return subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )


def run_crawl_workers(starts: list[str], workers: int, data: Path) -> tuple[float, int]:
    """(wall seconds, pages stored) for `workers` crawl processes sharing the sections."""
    started = time.perf_counter()
    processes = [
        spawn_crawl(starts[w::workers], data / f"w{w}", "CONCURRENT_REQUESTS_PER_DOMAIN=32")
        for w in range(workers)
    ]
    outputs = [p.communicate()[0] for p in processes]
    elapsed = time.perf_counter() - started
    fetched = sum(
        int(m.group(1))
        for out in outputs
        for m in re.finditer(r"^TOTAL\s+(\d+)", out, re.MULTILINE)
    )
    return elapsed, fetched


def run_redis_workers(starts: list[str], workers: int, data: Path) -> tuple[float, int]:
    """(wall seconds, pages fetched) for `workers` processes sharing one crawl through a
    fresh redis-server (crawler/distributed/__init__.py): every worker gets every start URL. The
    global per-host limit is lifted to the partitioned crawl's 32 per worker; pages are
    counted as pushed to Redis (`kinhnghiem ingest` runs after, timed on its own)."""
    sys.path.insert(0, str(REPO / "tests"))
    import redis
    from redis_fixture import start_redis

    from crawler.distributed.keys import PUSHED_KEY
    from pipeline.ingest import ingest_from_redis

    (data / "redis").mkdir(parents=True)
    with start_redis(data / "redis") as url:
        started = time.perf_counter()
        processes = [
            spawn_crawl(
                [*starts, "--redis", url],
                data / f"w{w}",
                f"KINHNGHIEM_HOST_CONCURRENCY={32 * workers}",
            )
            for w in range(workers)
        ]
        for process in processes:
            process.communicate()
        elapsed = time.perf_counter() - started
        fetched = int(redis.Redis.from_url(url).get(PUSHED_KEY) or 0)
        print(f"         ingest: {ingest_from_redis(url, data / 'raw.db')}")
    return elapsed, fetched


def archive_bench(articles: int, minute: float, data: Path) -> None:
    """The archive path: `crawl --wayback` against the strict fake archive
    (tests/wayback_fake.py) at the default budgets, with `minute` seconds to a minute.
    Baseline, same run, same fake: a plain loop sending the used captures' playbacks
    exactly at the budget's spacing (what a perfect client gets)."""
    sys.path.insert(0, str(REPO / "tests"))
    import os
    import sqlite3

    from wayback_fake import HOST, ArchiveState, fake_wayback, make_portal_archive

    from crawler.wayback.budget import DEFAULT_PER_MIN

    state = ArchiveState(minute=minute)
    make_portal_archive(state, articles)
    budget = DEFAULT_PER_MIN["playback"]
    with fake_wayback(state) as base:
        env = {
            **os.environ,
            "KINHNGHIEM_WAYBACK_URL": base,
            "KINHNGHIEM_ARCHIVE_MINUTE": str(minute),
        }
        command = [sys.executable, "-m", "crawler", "crawl", "--wayback", HOST, "--data", str(data)]
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=True)
        elapsed = time.perf_counter() - started
        played = [t for t, endpoint, _, _ in state.log if endpoint == "playback"]
        answers_429 = [entry for entry in state.log if entry[3] == 429]
        db = sqlite3.connect(data / "raw.db")
        used_sql = "SELECT json_extract(headers, '$.\"x-wayback-url\"') FROM pages"
        used = [u for (u,) in db.execute(used_sql + " WHERE kind = 'article'")]
        listed_skips = db.execute(
            "SELECT sum(length(s) - length(replace(s, 'redirect capture', '')))"
            " / length('redirect capture') FROM (SELECT json_extract(headers,"
            " '$.\"x-wayback-skipped\"') AS s FROM pages)"
        ).fetchone()[0]
        state.log.clear()
        plain = _paced_playbacks(used[:100], minute / budget, minute)
    span = (played[-1] - played[0]) / minute  # minutes (of the fake's clock) of playback
    rate = (len(played) - 1) / span
    pages = len(used) / (elapsed / minute)
    print(f"archive: {articles} pages, {len(state.captures)} captures, minute = {minute:g} s")
    print(f"{'':>22}  {'playbacks/min':>13}  {'of budget':>9}")
    print(f"{'budget':>22}  {budget:>13}  {'100%':>9}")
    print(f"{'baseline (paced loop)':>22}  {plain:>13.1f}  {plain / budget:>9.0%}")
    print(f"{'crawl --wayback':>22}  {rate:>13.1f}  {rate / budget:>9.0%}")
    print(
        f"articles stored: {len(used)} in {elapsed:.1f} s = {pages:.1f} pages a minute "
        f"(process start and the CDX listing included)"
    )
    wasted = len(played) - len(used)
    print(
        f"playbacks: {len(played)}, wasted on non-article captures: {wasted} "
        f"({wasted / len(played):.0%}); redirect captures skipped from the listing alone "
        f"(no playback): {listed_skips or 0}; 429s: {len(answers_429)}"
    )


def _paced_playbacks(urls: list[str], interval: float, minute: float) -> float:
    """Playbacks a minute of a loop that sends each request `interval` after the previous
    one was sent (http.client, keep-alive), against the same fake."""
    from urllib.parse import urlsplit

    first = urlsplit(urls[0])
    connection = http.client.HTTPConnection(first.hostname, first.port)
    sent: list[float] = []
    for url in urls:
        if sent:
            time.sleep(max(0.0, sent[-1] + interval - time.perf_counter()))
        sent.append(time.perf_counter())
        connection.request("GET", urlsplit(url).path)
        connection.getresponse().read()
    return (len(sent) - 1) / ((sent[-1] - sent[0]) / minute)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument(
        "--redis",
        action="store_true",
        help="Also run the workers as one shared crawl on a fresh redis-server.",
    )
    parser.add_argument(
        "--archive",
        action="store_true",
        help="Benchmark the Wayback path instead, against the strict fake archive.",
    )
    parser.add_argument(
        "--minute", type=float, default=6.0, help="Seconds in the fake's minute (--archive)."
    )
    args = parser.parse_args()
    if args.archive:
        with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
            archive_bench(min(args.articles, 2000), args.minute, Path(tmp) / "data")
        return
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        site = Path(tmp) / "site"
        paths = generate_portal(site, args.articles)
        starts_paths = [p for p in paths if p.count("/") == 2 and p.endswith("/")]
        print(f"portal: {len(paths)} pages ({args.articles} articles), served on 127.0.0.1")
        print(
            f"{'workers':>7}  {'baseline p/s':>12}  {'crawl p/s':>9}  {'ratio':>5}  "
            f"{'crawl s':>7}  {'peak RSS MB':>11}"
        )
        for workers in args.workers:
            with start_server(site) as server:
                base = base_url(server)
                plain = baseline(base, paths, workers)
                elapsed, fetched = run_crawl_workers(
                    [base + p for p in starts_paths], workers, Path(tmp) / f"data{workers}"
                )
            rate = fetched / elapsed
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"{workers:>7}  {plain:>12.0f}  {rate:>9.0f}  {plain / rate:>5.1f}  "
                f"{elapsed:>7.1f}  {peak:>11.0f}"
            )
            if args.redis:
                with start_server(site) as server:
                    shared, pages = run_redis_workers(
                        [base_url(server) + p for p in starts_paths],
                        workers,
                        Path(tmp) / f"redis{workers}",
                    )
                print(
                    f"{workers:>7}  {'(redis)':>12}  {pages / shared:>9.0f}  "
                    f"{plain * shared / pages:>5.1f}  {shared:>7.1f}  shared queue, "
                    f"{pages} pages"
                )
        print(
            "crawl p/s counts pages stored per wall second, process start included; "
            "peak RSS is the largest crawl process so far."
        )


if __name__ == "__main__":
    main()
