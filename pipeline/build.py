"""`kinhnghiem build`: raw.db -> kinhnghiem.db.

Parallel (one extraction process per core), incremental (a page is extracted again only
when its sha256 or the nlp code changed; other records are reused from the previous
kinhnghiem.db), atomic (a new file is written, then renamed over the old one) and
deterministic (tables are written from the records in URL order).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import sqlite_utils
from tqdm import tqdm

import nlp
from crawler.archive import UNREADABLE, RawArchive, RawPage
from crawler.profiles import all_profiles
from pipeline.errors import KinhnghiemError
from pipeline.page_text import page_text
from pipeline.store import (
    Extraction,
    PageMeta,
    TableWriter,
    create_schema,
    portal_names,
    read_extractions,
    save_extractions,
)
from pipeline.worker_lifetime import die_with_parent

Extractor = Callable[[bytes | str, str], Any]  # nlp.extract or a stand-in with its contract
TASKS_PER_WORKER = 16


@dataclass
class BuildSummary:
    database: Path
    pages: int
    extracted: int
    reused: int
    failed: int
    articles: int
    lessons: int
    sites: int
    places: int
    workers: int
    extract_seconds: float
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.extracted / self.extract_seconds if self.extract_seconds else 0.0

    def __str__(self) -> str:
        failed = f"; {self.failed} failed extraction (table failures)" if self.failed else ""
        return (
            f"Built {self.database}: {self.articles} articles with {self.lessons} lessons"
            f" from {self.sites} sites, {self.places} places. Of {self.pages} pages,"
            f" {self.extracted} were extracted ({self.pages_per_second:.1f} pages/s on"
            f" {self.workers} workers) and {self.reused} unchanged reused{failed};"
            f" {self.seconds:.1f} s in all."
        )


def build_database(
    data_dir: Path,
    workers: int | None = None,
    progress: bool = True,
    *,
    extractor: Extractor | None = None,
) -> BuildSummary:
    """Build DATA/kinhnghiem.db from DATA/raw.db; the old file stays until the new is whole.

    `extractor` replaces `nlp.extract` (tests inject crashes with it); it must be a
    module-level function so worker processes can receive it.
    """
    data_dir = Path(data_dir)
    raw_path, target = data_dir / "raw.db", data_dir / "kinhnghiem.db"
    if not raw_path.is_file():
        raise KinhnghiemError(f"{raw_path}: no crawl archive; run `kinhnghiem crawl` first")
    temp = data_dir / f"kinhnghiem.db.tmp-{os.getpid()}"
    try:
        remove_stale_temp_files(data_dir)
        temp.touch()  # a read-only folder or a full disk fails here, with its own words
        summary = _build(raw_path, target, temp, workers or os.cpu_count() or 1,
                         progress, extractor or nlp.extract)  # fmt: skip
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as error:
        raise KinhnghiemError(
            f"cannot build {target} (the previous one is left as it was): {describe(error)}"
        ) from error
    finally:
        _remove_quietly(temp)
    return summary


def describe(error: OSError | sqlite3.Error) -> str:
    """The cause in the system's words: "Read-only file system", "database or disk is full"."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)


def _remove_quietly(path: Path) -> None:
    """Removes a temp file; if that fails too, the next build removes it (its pid is gone)
    and the error already reported stays the one the user sees."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def remove_stale_temp_files(data_dir: Path) -> None:
    """Temp files of builds that were killed (their process is gone)."""
    for path in data_dir.glob("kinhnghiem.db.tmp-*"):
        pid = path.name.rsplit("-", 1)[1]
        if pid.isdigit() and not _process_alive(int(pid)):
            path.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _build(raw_path: Path, target: Path, temp: Path, workers: int, progress: bool,
           extractor: Extractor) -> BuildSummary:  # fmt: skip
    started = time.perf_counter()
    version = extractor_version(extractor)
    db = sqlite_utils.Database(temp, recreate=True)
    db.execute("pragma journal_mode = off")  # a temp file: a failed build just deletes it
    db.execute("pragma synchronous = off")
    create_schema(db)
    previous = _attach_previous(db, target)
    archive = RawArchive(raw_path)
    try:
        digests = archive.digests("article")
        todo = {url for url, sha in digests.items() if previous.get(url) != (sha, version)}
        counts = {"reused": 0}
        pending = _reuse_unchanged(db, archive.pages("article"), previous, version, counts)
        bar = tqdm(total=len(todo), unit="page", desc="extract", disable=not progress,
                   file=sys.stderr)  # fmt: skip
        extract_started = time.perf_counter()
        with bar:
            extracted = _extract_all(db, pending, workers, extractor, version, bar)
        extract_seconds = time.perf_counter() - extract_started
    finally:
        archive.close()
    if previous:
        db.execute("detach database previous")
    writer = TableWriter(db, site_details=site_details(),
                         portal_names=portal_names(db))  # fmt: skip
    for extraction in read_extractions(db):
        writer.add(extraction)
    writer.finish()
    summary = BuildSummary(
        database=target, pages=extracted + counts["reused"], extracted=extracted,
        reused=counts["reused"], failed=db["failures"].count, articles=db["articles"].count,
        lessons=db["lessons"].count, sites=db["sites"].count, places=db["places"].count,
        workers=workers, extract_seconds=extract_seconds,
        seconds=time.perf_counter() - started,
    )  # fmt: skip
    db.close()
    _fsync(temp)
    return summary


def site_details() -> dict[str, dict[str, str | None]]:
    """Province and CMS family of each crawler site profile, for the sites table."""
    return {
        profile.name: {"province": profile.province or None, "cms": profile.family.name}
        for profile in all_profiles()
    }


def extractor_version(extractor: Extractor) -> str:
    """Changes when the nlp code (or the extractor) changes, so records get rebuilt."""
    digest = hashlib.sha256(f"{extractor.__module__}.{extractor.__qualname__}".encode())
    digest.update(Path(__file__).with_name("page_text.py").read_bytes())  # what nlp is given
    package = Path(nlp.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _attach_previous(db: sqlite_utils.Database, target: Path) -> dict[str, tuple[str, str]]:
    """url -> (sha256, extractor version) of the previous build; {} when there is none."""
    if not target.is_file():
        return {}
    try:
        db.execute("attach database ? as previous", [str(target)])
    except sqlite3.Error:
        return {}
    try:
        # site_name: a database of an older layout fails here, so it is built afresh
        rows = db.execute("select url, sha256, extractor, site_name from previous._extractions")
        return {url: (sha, version) for url, sha, version, _ in rows}
    except sqlite3.Error:  # an unreadable old database only means a full build
        db.execute("detach database previous")
        return {}


def _reuse_unchanged(db: sqlite_utils.Database, pages: Iterable[RawPage],
                     previous: dict[str, tuple[str, str]], version: str,
                     counts: dict[str, int]) -> Iterator[RawPage]:  # fmt: skip
    """Copies the stored record of each unchanged page; yields the pages to extract."""
    copy = (
        "insert into _extractions select ?, ?, ?, ?, ?, ?, extractor, record, error, site_name"
        " from previous._extractions where url = ?"
    )
    for page in pages:
        if previous.get(page.url) == (page.sha256, version):
            meta = page_meta(page)
            with db.conn:
                db.execute(copy, [meta.url, meta.site, meta.sha256, meta.fetched_at,
                                  meta.capture, meta.captured_at, page.url])  # fmt: skip
            counts["reused"] += 1
        else:
            yield page


def page_meta(page: RawPage) -> PageMeta:
    return PageMeta(page.url, page.site, page.sha256, page.fetched_at, page.source,
                    page.captured_at)  # fmt: skip


def _extract_all(db: sqlite_utils.Database, pages: Iterator[RawPage], workers: int,
                 extractor: Extractor, version: str, bar: tqdm) -> int:  # fmt: skip
    """Extracts pages in bounded batches (memory stays flat) on a process pool whose
    workers die with this process."""
    done = 0
    with ProcessPoolExecutor(workers, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:  # fmt: skip
        while batch := list(islice(pages, workers * TASKS_PER_WORKER)):
            tasks = [worker_task(page, extractor) for page in batch]
            try:
                results = list(pool.map(extract_one, tasks, chunksize=4))
            except BrokenProcessPool as error:
                urls = ", ".join(page.url for page in batch[:3])
                raise KinhnghiemError(
                    f"an extraction worker died while extracting one of {len(batch)} pages"
                    f" ({urls}, ...); the previous database was left as it was"
                ) from error
            save_extractions(db, (
                Extraction(page_meta(page), version, record, error)
                for page, (record, error) in zip(batch, results, strict=True)
            ))  # fmt: skip
            done += len(batch)
            bar.update(len(batch))
    return done


Task = tuple[str, bytes, str, str | None, Extractor]


def worker_task(page: RawPage, extractor: Extractor) -> Task:
    """What a worker needs: url, body, Content-Type, and why the stored page is unreadable."""
    unreadable = page.error if (page.error or "").startswith(UNREADABLE) else None
    return page.url, page.body, stored_content_type(page), unreadable, extractor


def stored_content_type(page: RawPage) -> str:
    if page.content_type:
        return page.content_type
    return next((v for k, v in page.headers.items() if k.lower() == "content-type"), "")


def extract_one(task: Task) -> tuple[dict | None, str | None]:
    """Runs in a worker: the record as a dict, or the error that stopped it."""
    url, body, content_type, unreadable, extractor = task
    if unreadable:
        return None, unreadable
    try:
        return extractor(page_text(body, content_type), url).to_dict(), None
    except Exception as error:  # one bad page must not stop the build
        return None, f"{type(error).__name__}: {error}"


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# --- topics ---------------------------------------------------------------------------
