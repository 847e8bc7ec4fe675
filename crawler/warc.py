"""`kinhnghiem import-warc`: HTML responses of WARC/ARC files into raw.db (source = warc).

Each record is stored under its canonical target URL with the capture time; listings are
told from articles by the same detection the spider uses. Records already in raw.db with
the same capture time are skipped, so importing a file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.archive import RawArchive, RawPage
from crawler.checks import is_html
from crawler.errors import CrawlError
from crawler.links import canonical_url, host_of, looks_like_article_url
from crawler.pages import KEPT_HEADERS, check_html_body, reads_as_listing
from crawler.profiles import profile_for_host, site_name
from crawler.summary import CrawlSummary


def import_warc(files: list[str | Path], raw_db_path: str | Path) -> CrawlSummary:
    for file in files:
        if not Path(file).is_file():
            raise CrawlError(f"no such WARC file: {file}")
    summary = CrawlSummary()
    archive = RawArchive(raw_db_path)
    try:
        for file in files:
            for page in warc_pages(Path(file)):
                _store(archive, page, summary)
    finally:
        archive.close()
    summary.finish()
    return summary


def _store(archive: RawArchive, page: RawPage, summary: CrawlSummary) -> None:
    host = host_of(page.url)
    stored = archive.get(page.url)
    if stored and stored.source == "warc" and stored.captured_at == page.captured_at:
        summary.count(host, "known")  # already imported from this capture
        return
    archive.put(page)
    summary.stored(host, page.kind, page.error)


def warc_pages(path: Path):
    """RawPages of the HTML responses in one WARC or ARC file (gzipped or not)."""
    records = 0
    with path.open("rb") as stream:
        for record in _records(path, stream):
            records += 1
            if record.rec_type != "response" or not record.http_headers:
                continue
            page = _page(record)
            if page:
                yield page
    if not records:
        raise CrawlError(f"{path}: no WARC/ARC records (empty or truncated file)")


def _records(path: Path, stream):
    """The file's records; one it cannot read is a CrawlError naming it (the records
    before it have been yielded, and stored, already)."""
    iterator = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        # warcio raises AttributeError on a record header cut short
        except (ArchiveLoadFailed, AttributeError) as error:
            raise CrawlError(
                f"{path}: not a WARC/ARC file, or cut short ({_reason(error)})"
            ) from error
        yield record


def _reason(error: Exception) -> str:
    """warcio's message, without the raw bytes of the bad line it quotes."""
    return str(error).split(", first line")[0][:120]


def _page(record) -> RawPage | None:
    http = record.http_headers
    content_type = http.get_header("Content-Type") or ""
    body = record.content_stream().read()
    if not is_html(content_type, body):
        return None  # images, scripts and styles of the capture are not pages
    url = canonical_url(record.rec_headers.get_header("WARC-Target-URI"))
    page = RawPage(
        url=url,
        body=body,
        site=site_name(host_of(url)),
        status=int(http.get_statuscode() or 0),
        content_type=content_type,
        headers={k.lower(): v for k, v in http.headers if k.lower() in KEPT_HEADERS},
        source="warc",
        captured_at=record.rec_headers.get_header("WARC-Date"),
    )
    return _classify(page)


def _classify(page: RawPage) -> RawPage:
    if page.status != 200:
        page.kind, page.error = "failed", f"http: {page.status}"
        return page
    page = check_html_body(page)
    if page.kind == "failed":
        return page
    profile = profile_for_host(host_of(page.url))
    patterns = profile.article_urls if profile else ()
    # A whole-site capture holds home, menu and contact pages too: only article-shaped
    # URLs that do not read as listings are articles; the rest are kept as listings.
    if reads_as_listing(page) or not looks_like_article_url(page.url, patterns):
        page.kind = "listing"
    return page
