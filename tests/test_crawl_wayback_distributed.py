"""Three workers of one `crawl --wayback --redis` share the archive's budgets through a real
redis-server: together they stay within them, and every article is fetched once."""

from __future__ import annotations

import subprocess
import sys

from portal_server import REPO, rows
from test_crawl_wayback import BUDGET, STORED, environment, stored_articles
from wayback_fake import HOST, ArchiveState, fake_wayback, make_portal_archive

from pipeline.ingest import ingest_from_redis

pytest_plugins = ["redis_fixture"]  # the redis_url fixture: a real redis-server


def test_three_workers_share_the_budgets_and_fetch_each_capture_once(redis_url, tmp_path):
    state = ArchiveState(minute=1.0, unpaged_rows=40)
    best = make_portal_archive(state, articles=120, noise=2)
    with fake_wayback(state) as base:
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "crawler", "crawl", "--wayback", HOST, "--redis", redis_url]
                + ["--data", str(tmp_path / f"w{i}"), "-s", "KINHNGHIEM_HEARTBEAT_TTL=2"],
                cwd=REPO,
                env=environment(base),
                stdout=(tmp_path / f"worker{i}.log").open("w"),
                stderr=subprocess.STDOUT,
            )
            for i in range(3)
        ]
        codes = [worker.wait(timeout=120) for worker in workers]
    assert codes == [0, 0, 0], (tmp_path / "worker0.log").read_text()[-3000:]
    ingest_from_redis(redis_url, tmp_path / "data" / "raw.db")
    found = stored_articles(tmp_path / "data")
    assert {n for n, copies in found.items() if copies[0][1] == "article"} == set(best)
    assert all(len(copies) == 1 for copies in found.values())
    played = [path for _, e, path, _ in state.log if e == "playback"]
    assert len(played) == len(set(played))  # no capture played back twice
    for endpoint, budget in BUDGET.items():
        assert state.count(endpoint, 429) == 0 and state.count(endpoint, 0) == 0
        assert state.max_in_window(endpoint) <= budget + 1  # for all three together
    assert len(rows(tmp_path / "data", STORED)) == 120
