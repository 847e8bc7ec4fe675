"""Issue 12 on `kinhnghiem build`: a SIGKILLed build leaves no worker running; a damaged
raw.db row is one failure row; the Content-Type's charset reaches extraction; a read-only
folder or a full disk is one clear line, the previous database untouched."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from build_fixtures import ARTICLES, IA_LE, TAY_SON, make_raw_db, page_html, raw_page

from crawler.archive import RawArchive
from pipeline.build import build_database

CLI = [sys.executable, "-m", "pipeline.cli"]


def rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (parent := parent_of(int(entry.name))) is not None:
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a zombie has exited; it only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def many_pages(data_dir: Path, count: int) -> None:
    archive = RawArchive(data_dir / "raw.db")
    for number in range(count):
        article = ARTICLES[number % len(ARTICLES)]
        archive.put(raw_page(dict(article, url=f"{article['url']}?copy={number}")))
    archive.close()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_sigkill_of_build_leaves_no_process_running(tmp_path: Path):
    many_pages(tmp_path, 400)
    command = CLI + ["build", "--workers", "2", "--data", str(tmp_path)]
    build = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(descendants(build.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = descendants(build.pid)
        assert len(workers) >= 2, "the extraction workers never started"
        time.sleep(1)  # extracting
        assert build.poll() is None, "the build ended before it could be killed"
        os.kill(build.pid, signal.SIGKILL)  # the build alone, as `kill -9 PID` does
        build.wait(10)
        time.sleep(5)
        assert [pid for pid in workers if running(pid)] == []
    finally:
        try:
            os.killpg(build.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_row_whose_body_is_not_zlib_is_one_failure_row(tmp_path: Path):
    make_raw_db(tmp_path, empty=False)
    with sqlite3.connect(tmp_path / "raw.db") as raw:
        raw.execute("update pages set body = x'00112233' where url = ?", [IA_LE["url"]])
        raw.execute("update pages set body = 'plain text' where url = ?", [TAY_SON["url"]])

    summary = build_database(tmp_path, workers=1, progress=False)

    failures = dict(rows(tmp_path / "kinhnghiem.db", "select url, error from failures"))
    assert set(failures) == {IA_LE["url"], TAY_SON["url"]}
    assert all("stored body is not zlib data" in error for error in failures.values())
    assert summary.articles == len(ARTICLES) - 2
    assert rows(tmp_path / "kinhnghiem.db", "select count(*) from articles") == [(1,)]


def test_charset_of_the_content_type_reaches_extraction(tmp_path: Path):
    """UTF-8 without a <meta> charset, one invalid byte: the header says UTF-8."""
    html = page_html(IA_LE).replace('<meta charset="utf-8">', "").encode("utf-8")
    html = html.replace(b"123456", b"123456\xff")  # in the footer
    archive = RawArchive(tmp_path / "raw.db")
    archive.put(replace(raw_page(IA_LE), body=html))
    archive.close()

    build_database(tmp_path, workers=1, progress=False)

    assert rows(tmp_path / "kinhnghiem.db", "select title from articles") == [(IA_LE["title"],)]
    markers = rows(tmp_path / "kinhnghiem.db", "select marker from lessons order by ordinal")
    assert ("Một là",) in markers


@contextmanager
def read_only(folder: Path):
    """`folder` read-only: its mode for a user, a read-only bind mount for root."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount as root: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_build_in_a_read_only_folder_is_one_clear_line(tmp_path: Path):
    data = tmp_path / "data"
    make_raw_db(data)
    build_database(data, workers=1, progress=False)
    before = digest(data / "kinhnghiem.db")
    with read_only(data):
        result = subprocess.run(CLI + ["build", "--data", str(data)], capture_output=True,
                                text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: cannot build {data / 'kinhnghiem.db'}")
    assert lines[0].endswith(("Read-only file system", "Permission denied"))
    assert digest(data / "kinhnghiem.db") == before


@contextmanager
def small_disk(folder: Path, megabytes: int):
    """A tmpfs of this size mounted on `folder` (needs root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    command = ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)]
    mounted = subprocess.run(command, capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill_leaving(folder: Path, free_bytes: int) -> None:
    """Writes a file until the disk is full, then frees `free_bytes` of it."""
    with open(folder / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
        filler.truncate(max(0, filler.tell() - free_bytes))


def test_build_on_a_full_disk_is_one_clear_line(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    with small_disk(data, 16):
        make_raw_db(data)
        build_database(data, workers=1, progress=False)
        before = digest(data / "kinhnghiem.db")
        many_pages(data, 30)  # new pages: the build has work to write
        fill_leaving(data, 512 * 1024)  # room for raw.db's WAL files, not for a new database
        result = subprocess.run(CLI + ["build", "--workers", "1", "--data", str(data)],
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        last = result.stderr.replace("\r", "\n").strip().splitlines()[-1]  # after the bar
        assert last == (
            f"Error: cannot build {data / 'kinhnghiem.db'} (the previous one is left as it"
            " was): database or disk is full"
        )
        assert digest(data / "kinhnghiem.db") == before
        assert not list(data.glob("kinhnghiem.db.tmp-*"))
