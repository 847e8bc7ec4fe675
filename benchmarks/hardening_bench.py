"""Load benchmark (issue 12): the project's Datasette beside a plain Datasette serving the
same database, both real `datasette serve` processes on loopback.

For each server: four huge-value SQL queries sent at once (how long each takes, and how long
an ordinary article page takes while they run), the server's peak memory (VmHWM), then
CLIENTS concurrent clients for SECONDS alternating a search and an article page (median,
p95, errors). The plain server has the same SQL time limit (3 s) and nothing else of ours.

    .venv/bin/python benchmarks/hardening_bench.py [--lessons 14030] [--clients 20] [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import build_generated  # noqa: E402
from servers import free_port, wait_for  # noqa: E402

from pipeline.serve import SETTINGS, datasette_args  # noqa: E402

RECURSIVE = "with recursive r(i) as (select 1 union all select i + 1 from r where i < 1000) "
HUGE_QUERIES = [
    "select length(printf('%.*c', 999999999, 'x'))",
    "select hex(zeroblob(499999999))",
    RECURSIVE + "select hex(zeroblob(4000000)) from r",
    RECURSIVE + "select printf('%.*c', 9000000, 'x') from r",
]


def get(url: str) -> tuple[float, int]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return time.monotonic() - started, status


def memory_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def huge_queries(base: str) -> tuple[list[tuple[float, int]], tuple[float, int]]:
    urls = [f"{base}/kinhnghiem.json?" + urllib.parse.urlencode({"sql": q}) for q in HUGE_QUERIES]
    with ThreadPoolExecutor(len(urls)) as pool:
        futures = [pool.submit(get, url) for url in urls]
        time.sleep(0.5)
        ordinary = get(f"{base}/kinhnghiem/articles?_size=20")
        return [f.result() for f in futures], ordinary


def load(base: str, article_ids: list[int], clients: int, seconds: float) -> dict[str, list]:
    paths = {
        "search": "/kinhnghiem/lessons.json?_search=dang+vien&_size=20",
        "article": "/kinhnghiem/articles/{id}",
    }
    results: dict[str, list] = {name: [] for name in paths}
    end = time.monotonic() + seconds

    def client(number: int) -> None:
        turn = number
        while time.monotonic() < end:
            name = "search" if turn % 2 else "article"
            path = paths[name].format(id=article_ids[turn % len(article_ids)])
            results[name].append(get(base + path))
            turn += 1

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return results


def report_server(name: str, command: Callable[[int], list[str]], clients: int,
                  seconds: float, article_ids: list[int]) -> None:  # fmt: skip
    port = free_port()
    server = subprocess.Popen(command(port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/kinhnghiem.json", server, 60)
        get(base + "/kinhnghiem/articles?_size=20")
        idle = memory_mb(server.pid)["VmRSS"]
        huge, ordinary = huge_queries(base)
        peak = memory_mb(server.pid)["VmHWM"]
        print(f"{name}: idle {idle:.0f} MB")
        for query, (took, status) in zip(HUGE_QUERIES, huge, strict=True):
            print(f"  huge query {took:6.2f} s  HTTP {status}  {query[-52:]}")
        print(f"  ordinary page meanwhile {ordinary[0]:6.2f} s  HTTP {ordinary[1]}")
        print(f"  peak memory during the four: {peak:.0f} MB")
        results = load(base, article_ids, clients, seconds)
        for kind, timings in results.items():
            times = [t * 1000 for t, _ in timings]
            errors = sum(1 for _, status in timings if status != 200)
            p95 = statistics.quantiles(times, n=20)[18]
            print(f"  {clients} clients {seconds:.0f} s, {kind:7s}: {len(times):5d} requests,"
                  f" median {statistics.median(times):6.0f} ms, p95 {p95:6.0f} ms,"
                  f" {errors} errors")  # fmt: skip
        print(f"  peak memory overall: {memory_mb(server.pid)['VmHWM']:.0f} MB")
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=14030, help="5 per article")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        took = build_generated(data / "kinhnghiem.db", args.lessons)
        with sqlite3.connect(data / "kinhnghiem.db") as db:
            article_ids = [i for (i,) in db.execute("select id from articles")]
        print(f"{len(article_ids)} articles, {args.lessons} lessons, built in {took:.1f} s;"
              f" load average {os.getloadavg()[0]:.1f}")  # fmt: skip

        def ours(port: int) -> list[str]:
            return datasette_args(data, port=port)

        def plain(port: int) -> list[str]:
            return [sys.executable, "-m", "datasette", "serve", "--immutable",
                    str(data / "kinhnghiem.db"), "--port", str(port), "--setting",
                    "sql_time_limit_ms", str(SETTINGS["sql_time_limit_ms"])]  # fmt: skip

        report_server("kinhnghiem serve", ours, args.clients, args.seconds, article_ids)
        report_server("plain datasette", plain, args.clients, args.seconds, article_ids)


if __name__ == "__main__":
    main()
