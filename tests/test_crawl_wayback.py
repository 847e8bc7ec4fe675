"""`crawl --wayback` against the strict fake archive (tests/wayback_fake.py), with the
minute shrunk to one second: budgets per endpoint, 429 pauses, blocks, complete listings,
the right capture of every page, and a crawl killed with SIGKILL that resumes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from big_portal import _article
from portal_server import KINHNGHIEM, REPO, rows, run_kinhnghiem
from wayback_fake import HOST, ArchiveState, Capture, article_url, fake_wayback, make_portal_archive

BUDGET = {"cdx": 20, "playback": 60}  # the defaults, per (shrunk) minute
STORED = (
    "SELECT url, kind, status, captured_at, sha256, error,"
    " json_extract(headers, '$.\"x-wayback-skipped\"') FROM pages WHERE kind != 'cdx'"
    " ORDER BY url"
)


def environment(base: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "KINHNGHIEM_WAYBACK_URL": base,
        "KINHNGHIEM_ARCHIVE_MINUTE": "1",
        **extra,
    }


def crawl(base: str, data, *args: str, **env: str):
    return run_kinhnghiem(
        "crawl", "--wayback", HOST, "--data", str(data), *args, env=environment(base, **env)
    )


def stored_articles(data) -> dict[int, list[tuple]]:
    """Article number -> its stored rows."""
    found: dict[int, list[tuple]] = {}
    for row in rows(data, STORED):
        number = int(re.search(r"-(\d{5})\.html$", row[0]).group(1))
        found.setdefault(number, []).append(row)
    return found


def most_429s_in_a_row(state: ArchiveState, endpoint: str) -> int:
    most = run = 0
    for _, logged, _, status in sorted(state.log):
        if logged == endpoint:
            run = run + 1 if status == 429 else 0
            most = max(most, run)
    return most


def test_every_article_from_its_best_capture_within_the_budgets(tmp_path):
    state = ArchiveState(minute=1.0, unpaged_rows=100)
    best = make_portal_archive(state, articles=300)
    with fake_wayback(state) as base:
        result = crawl(base, tmp_path / "data")
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(
        r"\[crawl\] chupuh\S+: .* pages/min, \d+ of \d+ listed left, ETA", result.stderr
    )
    found = stored_articles(tmp_path / "data")
    assert sorted(found) == list(range(1, 301))
    assert all(len(copies) == 1 for copies in found.values())  # http/https/www merged
    used = {n: copies[0][3] for n, copies in found.items() if copies[0][1] == "article"}
    expected = {
        n: f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:00+00:00" for n, t in best.items()
    }
    assert used == expected
    skipped = {n: copies[0][6] or "" for n, copies in found.items()}
    assert "soft-404" in skipped[5] and "redirect capture (301)" in skipped[1]
    assert "closed-site notice" in skipped[3] and "redirect capture (302)" in skipped[2]
    assert found[300][0][1:3] == ("failed", 404) and "soft-404" in skipped[300]
    # the listing is 21 pages: far more than one unpaged answer, all of it read
    assert (
        state.count("cdx")
        == len(rows(tmp_path / "data", "SELECT 1 FROM pages WHERE kind = 'cdx'"))
        > 1
    )
    for endpoint, budget in BUDGET.items():
        assert state.count(endpoint, 429) == 0 and state.count(endpoint, 0) == 0
        # requests leave >= 1/budget minute apart; arrival jitter may bring two closer
        assert state.max_in_window(endpoint) <= budget + 1


def test_a_429_pauses_the_endpoint_so_none_comes_twice_in_a_row(tmp_path):
    state = ArchiveState(minute=1.0, limits={"cdx": 24, "playback": 10})
    best = make_portal_archive(state, articles=25, noise=1)
    with fake_wayback(state) as base:
        result = crawl(base, tmp_path / "data", "--archive-rate", "20,90")  # over the fake's 10
    assert result.returncode == 0, result.stderr[-3000:]
    assert "90 playback requests a minute is above the archive's published limit" in result.stderr
    assert state.count("playback", 429) >= 1
    assert most_429s_in_a_row(state, "playback") == 1 and state.count("playback", 0) == 0
    found = stored_articles(tmp_path / "data")
    assert {n for n, copies in found.items() if copies[0][1] == "article"} == set(best)


def test_polite_crawls_pace_the_archive_by_its_budget_alone(tmp_path):
    """The live portals' politeness (0.5 s delay, AutoThrottle from 1 s) is not stacked on
    the archive's budget: polite or not, playbacks go at the budget's pace."""
    state = ArchiveState(minute=1.0)
    best = make_portal_archive(state, articles=40, noise=0)
    command = [sys.executable, "-m", "crawler", "crawl", "--polite", "--wayback", HOST]
    with fake_wayback(state) as base:
        result = subprocess.run(
            [*command, "--data", str(tmp_path / "data")],
            cwd=REPO,
            env=environment(base),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(stored_articles(tmp_path / "data")) == len(best) + 1
    # 60 a second is the budget; the portals' politeness alone would allow 1 or 2
    assert 20 <= state.max_in_window("playback") <= BUDGET["playback"] + 1


def test_a_capture_the_archive_lost_falls_back_to_an_older_one(tmp_path):
    state = ArchiveState(minute=1.0)
    body = _article(7).encode()
    state.add(
        Capture(article_url(7), "20200101000000", body=body),
        Capture(article_url(7), "20230101000000", body=body + b" ", lost=True),
    )
    with fake_wayback(state) as base:
        result = crawl(base, tmp_path / "data")
    assert result.returncode == 0, result.stderr[-3000:]
    [(url, kind, status, captured_at, _, _, skipped)] = rows(tmp_path / "data", STORED)
    assert (kind, status, captured_at) == ("article", 200, "2020-01-01T00:00:00+00:00")
    assert skipped == "20230101000000: playback answered 404"
    assert rows(tmp_path / "data", "SELECT capture_url, skipped FROM wayback_captures") == [
        (f"{base}/web/20200101000000id_/{article_url(7)}", skipped)
    ]


def test_a_blocked_crawl_stops_cleanly_and_says_when_to_resume(tmp_path):
    state = ArchiveState(minute=1.0)
    make_portal_archive(state, articles=5, noise=0)
    state.blocked_until = time.monotonic() + 3600
    with fake_wayback(state) as base:
        result = crawl(base, tmp_path / "data")
    assert result.returncode == 1
    assert "Run the same command again after" in result.stderr
    assert "Traceback" not in result.stderr
    # gave up after the third dropped connection (Twisted's connection pool may repeat one
    # attempt on a fresh connection)
    assert 3 <= state.count("cdx", 0) <= 6


def test_bad_archive_rate_is_one_clear_line(tmp_path):
    result = run_kinhnghiem(
        "crawl", "--wayback", HOST, "--archive-rate", "fast", "--data", str(tmp_path)
    )
    assert result.returncode == 1
    assert "--archive-rate takes CDX_PER_MIN,PLAYBACK_PER_MIN" in result.stderr
    assert "Traceback" not in result.stderr


def test_archive_rate_out_of_range_says_the_range_it_takes(tmp_path):
    # '0,0' was told "must be between 0 and 1000", which 0 reads as being
    result = run_kinhnghiem(
        "crawl", "--wayback", HOST, "--archive-rate", "0,0", "--data", str(tmp_path)
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --archive-rate: each budget must be above 0 and at most 1000 requests a"
        " minute, got '0,0'"
    ]


def test_killed_with_sigkill_midway_then_rerun_gives_the_same_raw_db(tmp_path):
    state = ArchiveState(minute=1.0, unpaged_rows=40)
    make_portal_archive(state, articles=80, noise=2)
    with fake_wayback(state) as base:
        assert crawl(base, tmp_path / "whole").returncode == 0
        state.log.clear()
        killed = subprocess.Popen(
            [*KINHNGHIEM, "crawl", "--wayback", HOST, "--data", str(tmp_path / "killed")],
            cwd=REPO,
            env=environment(base),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while killed.poll() is None and len(playbacks(state)) < 40:
            time.sleep(0.02)
        killed.send_signal(signal.SIGKILL)
        assert killed.wait() == -signal.SIGKILL
        before = len(rows(tmp_path / "killed", "SELECT 1 FROM pages WHERE kind != 'cdx'"))
        cdx_kept = len(rows(tmp_path / "killed", "SELECT 1 FROM pages WHERE kind = 'cdx'"))
        cdx_before = state.count("cdx")
        assert 0 < before < 80
        left = run_kinhnghiem("stats", "--data", str(tmp_path / "killed"), env=environment(base))
        again = crawl(base, tmp_path / "killed")
        done = run_kinhnghiem("stats", "--data", str(tmp_path / "killed"), env=environment(base))
    assert again.returncode == 0, again.stderr[-3000:]
    assert rows(tmp_path / "killed", STORED) == rows(tmp_path / "whole", STORED)
    # stats said what was left, and says nothing is left now
    listed, stored, remaining = wayback_left(left.stdout)
    assert listed == 80 or "unfinished" in left.stdout
    assert stored == before and remaining == listed - before > 0
    assert re.search(r"^chupuh\S+ +complete +80 +80 +0 +0 min", done.stdout, re.M), done.stdout
    # the listing resumed: pages stored before the kill were not asked again
    whole_cdx = len(rows(tmp_path / "whole", "SELECT 1 FROM pages WHERE kind = 'cdx'"))
    assert state.count("cdx") - cdx_before == whole_cdx - cdx_kept


def wayback_left(stats: str) -> tuple[int, ...]:
    """(listed, stored, left) of the wayback table `kinhnghiem stats` prints."""
    match = re.search(r"^chupuh\S+ .* (\d+) +(\d+) +(\d+) +(?:\d+ min|-)$", stats, re.M)
    assert match, stats
    return tuple(int(n) for n in match.groups())


def playbacks(state: ArchiveState) -> list:
    return [entry for entry in state.log if entry[1] == "playback"]
