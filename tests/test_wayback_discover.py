"""`kinhnghiem discover` finds the district portals the (fake) archive holds for a province
and none that it lacks; `crawl --from-discovery` crawls each of them."""

from __future__ import annotations

import os

from portal_server import rows, run_kinhnghiem
from wayback_fake import ArchiveState, Capture, fake_wayback, make_portal_archive

from crawler.wayback.discover import candidate_hosts, slug


def test_host_patterns_from_district_names():
    assert slug("Chư Pưh") == "chupuh" and slug("Đak Đoa") == "dakdoa" and slug("KBang") == "kbang"
    hosts = [host for host, _ in candidate_hosts("Gia Lai", ["Chư Pưh"])]
    assert hosts == ["chupuh.gialai.gov.vn", "huyenchupuh.gialai.gov.vn", "chupuh.gov.vn"]


def test_discover_lists_the_archived_portals_then_crawl_takes_the_list(tmp_path):
    state = ArchiveState(minute=0.5)
    make_portal_archive(state, articles=6, noise=0, host="chupuh.gialai.gov.vn")
    make_portal_archive(state, articles=4, noise=0, host="huyenkbang.gialai.gov.vn")
    state.add(
        Capture("http://www.ankhe.gialai.gov.vn/", "20160101000000", body=b"<p>An Khe</p>"),
        Capture("http://gialai.gov.vn/", "20250801000000", body=b"<p>tinh</p>"),  # province
        Capture("http://kontum.gov.vn/", "20200101000000", body=b"<p>Kon Tum</p>"),
    )
    hosts = tmp_path / "gialai.txt"
    with fake_wayback(state) as base:
        env = {**os.environ, "KINHNGHIEM_WAYBACK_URL": base, "KINHNGHIEM_ARCHIVE_MINUTE": "0.5"}
        found = run_kinhnghiem("discover", "--province", "Gia Lai", "--output", str(hosts), env=env)
        assert found.returncode == 0, found.stderr[-2000:]
        crawl = run_kinhnghiem(
            "crawl", "--from-discovery", str(hosts), "--data", str(tmp_path / "data"), env=env
        )
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    listed = [line.split()[0] for line in hosts.read_text().splitlines()]
    assert sorted(listed) == [
        "ankhe.gialai.gov.vn",
        "chupuh.gialai.gov.vn",
        "huyenkbang.gialai.gov.vn",
    ]
    table = {line.split()[0]: line.split() for line in found.stdout.splitlines()[2:5]}
    held = sum(1 for c in state.captures if c.urlkey.startswith("vn,gov,gialai,chupuh)"))
    assert table["chupuh.gialai.gov.vn"][-2:] == [str(held), "2019-2025"]
    assert table["ankhe.gialai.gov.vn"][-2:] == ["1", "2016"]
    assert "3 archived portals of 17 districts of Gia Lai" in found.stdout
    articles = rows(tmp_path / "data", "SELECT url FROM pages WHERE kind = 'article'")
    assert {url.split("/")[2].removeprefix("www.") for (url,) in articles} == {
        "chupuh.gialai.gov.vn",
        "huyenkbang.gialai.gov.vn",
    }
    assert len(articles) == 5 + 3  # the last article of each portal has no good capture


def test_discover_unknown_province_is_one_clear_line():
    result = run_kinhnghiem("discover", "--province", "Atlantis")
    assert result.returncode == 1
    assert "no districts known for province 'Atlantis'" in result.stderr
    assert "Traceback" not in result.stderr


def test_province_typed_without_diacritics_or_capitals_is_found(tmp_path):
    with fake_wayback(ArchiveState(minute=0.2)) as base:
        env = {**os.environ, "KINHNGHIEM_WAYBACK_URL": base, "KINHNGHIEM_ARCHIVE_MINUTE": "0.2"}
        result = run_kinhnghiem("discover", "--province", " dak  NONG ", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "checking gianghia.daknong.gov.vn" in result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith("districts of Đắk Nông")


def test_unwritable_output_is_refused_before_any_archive_request(tmp_path):
    # it was found out after the whole province's CDX queries (minutes at the budget)
    state = ArchiveState(minute=0.2)
    output = tmp_path / "no-such-folder" / "gialai.txt"
    with fake_wayback(state) as base:
        env = {**os.environ, "KINHNGHIEM_WAYBACK_URL": base, "KINHNGHIEM_ARCHIVE_MINUTE": "0.2"}
        result = run_kinhnghiem(
            "discover", "--province", "Gia Lai", "--output", str(output), env=env
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot write the discovery list {output}: no folder {output.parent}"
    ]
    assert state.log == []


def test_an_archive_nobody_answers_at_is_unreachable_not_a_block(tmp_path):
    import socket

    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    env = {**os.environ, "KINHNGHIEM_WAYBACK_URL": closed, "KINHNGHIEM_ARCHIVE_MINUTE": "0.5"}
    result = run_kinhnghiem("discover", "--province", "Gia Lai", env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"Error: cannot reach the archive at {closed}")
    assert "blocked" not in result.stderr
