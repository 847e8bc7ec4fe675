"""Distributed crawling on a real redis-server: three worker processes share one crawl of a
2,000-article portal on 127.0.0.1; every article is fetched once and stored once, also when
a worker is SIGKILLed midway; politeness holds across workers; ingest survives SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from big_portal import SECTION, WatchedHandler, make_portal, watch
from portal_server import KINHNGHIEM, REPO, run_kinhnghiem

from crawler.archive import RawPage
from crawler.distributed.keys import INGESTED_KEY, PAGES_KEY, CrawlKeys
from crawler.distributed.pages import RedisPageSink, page_from_bytes, page_to_bytes
from pipeline.portal_server import base_url, start_server

WORKER = [sys.executable, "-m", "crawler", "crawl"]  # plus --redis URL: one worker
KEYS = CrawlKeys("portal")
ARTICLES = 2000

pytestmark = pytest.mark.slow
pytest_plugins = ["redis_fixture"]  # the redis_url fixture: a real redis-server


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("portal")
    make_portal(root, ARTICLES)
    return root


def spawn(command: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT)


def finish(processes: list[subprocess.Popen], timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    return [p.wait(timeout=max(1.0, deadline - time.monotonic())) for p in processes]


def article_hits(request_log: list[str]) -> Counter:
    return Counter(path for path in request_log if "bai-hoc-kinh-nghiem" in path)


def stored(raw_db: Path, kind: str) -> list[str]:
    with sqlite3.connect(raw_db) as db:
        return [url for (url,) in db.execute("SELECT url FROM pages WHERE kind = ?", (kind,))]


def test_three_workers_fetch_every_article_once_and_ingest_stores_all(portal, redis_url, tmp_path):
    with start_server(portal) as server:
        start = base_url(server) + SECTION
        workers = [
            spawn(
                [
                    *KINHNGHIEM,
                    "crawl",
                    "--redis",
                    redis_url,
                    "--data",
                    str(tmp_path / f"w{i}"),
                    start,
                ],
                tmp_path / f"worker{i}.log",
            )
            for i in range(3)
        ]
        ingest = spawn(
            [
                *KINHNGHIEM,
                "ingest",
                "--redis",
                redis_url,
                "--follow",
                "--data",
                str(tmp_path / "data"),
            ],
            tmp_path / "ingest.log",
        )
        codes = finish([*workers, ingest])
        log = list(server.request_log)
    assert codes == [0, 0, 0, 0], [
        (tmp_path / f).read_text()[-2000:] for f in ("worker0.log", "ingest.log")
    ]
    hits = article_hits(log)
    assert len(hits) == ARTICLES and set(hits.values()) == {1}
    listings = Counter(p for p in log if p == SECTION or "/trang-" in p)
    assert len(listings) == ARTICLES // 20 and set(listings.values()) == {1}
    articles = stored(tmp_path / "data" / "raw.db", "article")
    assert len(articles) == ARTICLES
    assert {a.removeprefix(base_url(server)) for a in articles} == set(hits)
    assert len(stored(tmp_path / "data" / "raw.db", "listing")) == ARTICLES // 20
    # every worker took part, and nothing is left in flight
    assert all("127.0.0.1" in (tmp_path / f"worker{i}.log").read_text() for i in range(3))
    progress = run_kinhnghiem("stats", "--redis", redis_url)
    assert progress.returncode == 0, progress.stderr
    assert "finished" in progress.stdout and "in flight: 0" in progress.stdout
    assert f"pages ingested into raw.db: {ARTICLES + ARTICLES // 20}" in progress.stdout


def test_worker_killed_midway_loses_nothing(portal, redis_url, tmp_path):
    client = redis.Redis.from_url(redis_url)
    fast = ["-s", "KINHNGHIEM_HEARTBEAT_TTL=3"]  # dead worker noticed within 3-4 s
    with start_server(portal) as server:
        start = base_url(server) + SECTION
        workers = [
            spawn(
                [*WORKER, start, "--redis", redis_url, "--data", str(tmp_path / f"w{i}"), *fast],
                tmp_path / f"worker{i}.log",
            )
            for i in range(3)
        ]
        victim = workers[1]
        in_flight_when_killed = kill_midway(victim, client, server.request_log)
        codes = finish([workers[0], workers[2]])
        log = list(server.request_log)
    assert codes == [0, 0], (tmp_path / "worker0.log").read_text()[-2000:]
    assert in_flight_when_killed > 0
    from pipeline.ingest import ingest_from_redis

    ingest_from_redis(redis_url, tmp_path / "data" / "raw.db")
    articles = stored(tmp_path / "data" / "raw.db", "article")
    assert len(articles) == ARTICLES  # none lost
    hits = article_hits(log)
    assert len(hits) == ARTICLES
    # Fetched twice only if the dead worker had it in flight (taken back, fetched again).
    taken_back = {
        url.decode().removeprefix(base_url(server)) for url in client.lrange(KEYS.requeued, 0, -1)
    }
    assert len(taken_back) >= in_flight_when_killed
    twice = {path for path, n in hits.items() if n > 1}
    assert twice <= taken_back and max(hits.values()) <= 2
    print(
        f"\nkilled a worker holding {in_flight_when_killed} requests; "
        f"{len(twice)} articles fetched twice, {len(articles)} stored"
    )


def kill_midway(victim: subprocess.Popen, client: redis.Redis, request_log: list[str]) -> int:
    """SIGKILL `victim` once a quarter of the articles are fetched and it holds requests;
    returns how many requests it held."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        held = [w for w in client.smembers(KEYS.workers) if f"-{victim.pid}-" in w.decode()]
        if held and len(article_hits(request_log)) > ARTICLES // 4:
            before = client.hlen(KEYS.inflight(held[0].decode()))
            if before:
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                return client.hlen(KEYS.inflight(held[0].decode()))
        time.sleep(0.01)
    raise AssertionError("the worker to kill never held a request")


def run_workers(root: Path, redis_url: str, tmp_path: Path, *settings: str) -> list[float]:
    """Three workers over `root` with extra settings; returns the server's arrival times."""
    with start_server(root, WatchedHandler) as server:
        watch(server, pause=0.05)
        start = base_url(server) + SECTION
        workers = [
            spawn(
                [
                    *WORKER,
                    start,
                    "--redis",
                    redis_url,
                    "--data",
                    str(tmp_path / f"w{i}"),
                    *settings,
                ],
                tmp_path / f"worker{i}.log",
            )
            for i in range(3)
        ]
        assert finish(workers) == [0, 0, 0], (tmp_path / "worker0.log").read_text()[-2000:]
        return server.peak, sorted(server.arrivals)


def test_per_host_concurrency_is_global_across_workers(redis_url, tmp_path):
    make_portal(tmp_path / "site", articles=60)
    peak, arrivals = run_workers(
        tmp_path / "site",
        redis_url,
        tmp_path,
        "-s",
        "KINHNGHIEM_HOST_CONCURRENCY=2",
        "-s",
        "KINHNGHIEM_HOST_DELAY=0",
    )
    assert len(arrivals) >= 63  # 60 articles, 3 listings, robots.txt
    # three workers with 16 slots each, each request held 50 ms: only the lease limits this
    assert peak == 2


def test_per_host_delay_is_global_across_workers(redis_url, tmp_path):
    make_portal(tmp_path / "site", articles=20)
    delay = 0.1
    _, arrivals = run_workers(
        tmp_path / "site", redis_url, tmp_path, "-s", f"KINHNGHIEM_HOST_DELAY={delay}"
    )
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert len(arrivals) >= 21
    # Leases start >= delay apart on Redis' clock; arrival times add a few ms of jitter.
    assert min(gaps) > delay - 0.05
    assert arrivals[-1] - arrivals[0] >= (len(arrivals) - 1) * delay - 0.05


def test_ingest_killed_midway_loses_nothing(redis_url, tmp_path):
    sink = RedisPageSink(redis_url)
    pages = [
        RawPage(
            url=f"http://xa-ia-le.gialai.gov.vn/tin-tuc/bai-{n}.html",
            body=f"<p>Bài học kinh nghiệm {n}</p>".encode() + bytes([n % 256]),
            site="ia-le",
            headers={"etag": f'"{n}"'},
        )
        for n in range(3000)
    ]
    for page in pages:
        sink.put(page)
    sink.close()
    client = redis.Redis.from_url(redis_url)
    raw_db = tmp_path / "data" / "raw.db"
    code = (
        f"from pipeline.ingest import ingest_from_redis; "
        f"ingest_from_redis({redis_url!r}, {str(raw_db)!r}, batch=10, lock_ttl=1)"
    )
    first = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    while int(client.get(INGESTED_KEY) or 0) < 100:
        assert first.poll() is None, "ingest finished before it could be killed"
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert client.llen(PAGES_KEY) > 0  # killed midway
    from pipeline.ingest import ingest_from_redis

    summary = ingest_from_redis(redis_url, raw_db)
    assert client.llen(PAGES_KEY) == 0
    with sqlite3.connect(raw_db) as db:
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == len(pages)
    from crawler.archive import RawArchive

    archive = RawArchive(raw_db)
    assert archive.get(pages[2999].url) == pages[2999]
    archive.close()
    assert summary.pages < len(pages)  # the rest was written by the killed ingest


def test_raw_page_round_trips_through_redis_serialisation():
    page = RawPage(
        url="https://chupuh.gialai.gov.vn/tin-tuc/bai-hoc.html",
        body="Bài học kinh nghiệm".encode("utf-16") + b"\xff\x00",
        site="gialai-districts",
        status=304,
        headers={"content-type": "text/html; charset=utf-8", "etag": '"ạ"'},
        kind="listing",
        error="charset: khác",
        captured_at="2023-01-02T03:04:05",
    )
    assert page_from_bytes(page_to_bytes(page)) == page


def test_worker_with_other_start_urls_is_refused(redis_url, tmp_path):
    first = "http://127.0.0.1:9/tin-tuc/"
    from crawler.distributed import join_crawl

    join_crawl(
        redis.Redis.from_url(redis_url),
        redis_url,
        {"urls": [first], "site": None, "wayback": None, "from": None, "to": None},
    )
    result = run_kinhnghiem(
        "crawl", "--redis", redis_url, "--data", str(tmp_path), "http://127.0.0.1:9/van-ban/"
    )
    assert result.returncode == 1
    assert "already holds a crawl of ['http://127.0.0.1:9/tin-tuc/']" in result.stderr
    assert "Traceback" not in result.stderr


def test_shared_keys_are_named_after_the_portal_spider():
    # crawler/distributed/keys.py names the keys without importing Scrapy (ingest runs without it)
    from crawler.distributed.keys import SPIDER
    from crawler.spiders.portal import PortalSpider

    assert SPIDER == PortalSpider.name


def test_crawl_is_not_finished_before_its_first_request(redis_url):
    """An ingest started with the workers must not take the still-empty queue for a
    finished crawl (it once stopped at once and stored nothing)."""
    from crawler.distributed.queue import crawl_finished

    server = redis.Redis.from_url(redis_url)
    server.set(KEYS.config, '{"urls": []}')  # a worker has joined but queued nothing yet
    assert not crawl_finished(server, KEYS)
    server.sadd(KEYS.dupefilter, "fingerprint of the first start URL")
    assert crawl_finished(server, KEYS)
    server.zadd(KEYS.requests, {"queued request": 0})
    assert not crawl_finished(server, KEYS)
