"""`kinhnghiem stats`: what raw.db holds, per site and source, and its errors."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from crawler.archive import RawArchive
from crawler.errors import CrawlError
from crawler.summary import format_table

KINDS = ("article", "listing", "failed")


def crawl_stats(raw_db_path: str | Path) -> str:
    path = Path(raw_db_path)
    if not path.exists():
        raise CrawlError(f"no crawl archive at {path} (run `kinhnghiem crawl` first)")
    archive = RawArchive(path)
    try:
        counts, errors = archive.counts(), archive.errors()
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
    return "\n".join(lines)
