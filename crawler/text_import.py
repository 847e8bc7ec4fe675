"""`kinhnghiem import-text`: a folder of text copies of article pages (`.txt`, `.md`) into
raw.db (source = text), so they are built and published like crawled pages.

Each file is stored under `text:<site>/<relative path>`, the site being the folder's name
unless given: the same folder imported again gives the same URLs, and unchanged files are
skipped. A file that is not text is stored as failed, with its cause, and the import goes on."""

from __future__ import annotations

import re
from pathlib import Path

from crawler.archive import RawArchive, RawPage
from crawler.errors import CrawlError
from crawler.summary import CrawlSummary

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
SITE_NAME = re.compile(r"^[\w.-]+$")  # one URL path segment


def import_text(
    folder: str | Path, raw_db_path: str | Path, site: str | None = None
) -> CrawlSummary:
    folder = Path(folder)
    if not folder.is_dir():
        raise CrawlError(f"{folder}: not a folder of text files")
    site = (site or folder.resolve().name).strip()
    if not SITE_NAME.match(site):
        raise CrawlError(f"--site {site!r}: use letters, digits, '-', '_' or '.' only")
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES)
    if not files:
        raise CrawlError(f"{folder}: no .txt or .md files in it")
    summary = CrawlSummary()
    archive = RawArchive(raw_db_path)
    try:
        for path in files:
            store_text(archive, text_page(path, folder, site), summary)
    finally:
        archive.close()
    summary.finish()
    return summary


def text_page(path: Path, folder: Path, site: str) -> RawPage:
    url = f"text:{site}/{path.relative_to(folder).as_posix()}"
    page = RawPage(url=url, site=site, source="text")
    page.content_type = "text/plain; charset=utf-8"
    page.headers = {"content-type": page.content_type}
    try:
        page.body = path.read_bytes()
    except OSError as error:
        return failed(page, f"unreadable: {error.strerror or error}")
    if not page.body.strip():
        return failed(page, "empty: the file holds no text")
    if b"\x00" in page.body[:4096]:
        return failed(page, "not-text: binary data")
    try:
        page.body.decode("utf-8")
    except UnicodeDecodeError as error:
        return failed(page, f"charset: not UTF-8 (byte {error.start})")
    return page


def failed(page: RawPage, error: str) -> RawPage:
    page.kind, page.error, page.status = "failed", error, 0
    return page


def store_text(archive: RawArchive, page: RawPage, summary: CrawlSummary) -> None:
    stored = archive.get(page.url)
    if stored and stored.sha256 == page.sha256 and stored.kind == page.kind:
        summary.count(page.site, "known")
        return
    archive.put(page)
    summary.stored(page.site, page.kind, page.error)
