"""`kinhnghiem stats`: what raw.db holds, per site and source, and its errors."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from crawler.archive import RawArchive
from crawler.errors import CrawlError
from crawler.summary import format_table
from crawler.wayback.budget import archive_rates
from crawler.wayback.progress import ListingProgress, listing_progress

KINDS = ("article", "listing", "failed")


def crawl_stats(raw_db_path: str | Path) -> str:
    path = Path(raw_db_path)
    if not path.exists():
        raise CrawlError(f"no crawl archive at {path} (run `kinhnghiem crawl` first)")
    archive = RawArchive(path)
    try:
        counts, errors = archive.counts(), archive.errors()
        listings = listing_progress(archive)
    finally:
        archive.close()
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for site, source, kind, n in counts:
        table[(site or "?", source)][kind] = n
    rows = [
        (site, source, *(kinds.get(k, 0) for k in KINDS))
        for (site, source), kinds in sorted(table.items())
    ]
    rows.append(("TOTAL", "", *(sum(r[i] for r in rows) for i in range(2, 2 + len(KINDS)))))
    lines = [format_table(("site", "source", "articles", "listings", "failed"), rows)]
    by_site: dict[str, list[str]] = defaultdict(list)
    for site, category, n in errors:
        by_site[site or "?"].append(f"{category} {n}")
    lines += [f"errors on {site}: {', '.join(items)}" for site, items in sorted(by_site.items())]
    if listings:
        lines += ["", _remaining(listings)]
    return "\n".join(lines)


def _remaining(listings: list[ListingProgress]) -> str:
    """Wayback work left: pages listed and not stored yet, and the time at the budget."""
    rates = archive_rates()
    rows = [
        (
            p.target,
            "complete" if p.complete else f"{p.cdx_pages} pages read, unfinished",
            p.listed,
            p.done,
            p.left,
            f"{p.minutes_left(rates):.0f} min" if p.complete else "-",
        )
        for p in listings
    ]
    header = ("wayback", "cdx listing", "listed", "stored", "left", "time left")
    note = f"time left at {rates.playback:g} playbacks a minute; a rerun of the crawl goes on"
    return format_table(header, rows) + "\n" + note
