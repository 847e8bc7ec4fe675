"""Per-host counts of a crawl, printed live on stderr and as a table at the end."""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# known: articles already in raw.db, not fetched again; skipped: links seen on listings
# and not followed (menus, other sections, off-site), so nothing disappears silently.
COLUMNS = ("fetched", "articles", "listings", "known", "skipped", "not_modified", "errors")


@dataclass
class CrawlSummary:
    """Counts per host plus errors per category; str() is a readable table."""

    hosts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0
    stopped: str | None = None  # why the crawl stopped before its end (an archive block)
    _last_progress: float = 0.0

    def count(self, host: str, column: str, n: int = 1) -> None:
        """Add to a column; `planned` counts pages a crawl knows it will fetch."""
        self.hosts[host][column] += n

    def error(self, host: str, message: str) -> None:
        self.hosts[host]["errors"] += 1
        self.errors[host][message.split(":", 1)[0]] += 1

    def stored(self, host: str, kind: str, error: str | None) -> None:
        """Count a page written to raw.db (errors include warnings on stored articles)."""
        self.count(host, "fetched")
        if kind in ("article", "listing"):
            self.count(host, kind + "s")
        if error:
            self.error(host, error)

    def finish(self) -> None:
        self.elapsed = time.monotonic() - self.started

    def total(self, column: str) -> int:
        return sum(counts[column] for counts in self.hosts.values())

    def all_failed(self) -> bool:
        """Every request failed: nothing stored, nothing already known or unchanged."""
        reached = ("articles", "listings", "known", "not_modified")
        return self.total("errors") > 0 and not any(self.total(c) for c in reached)

    def progress(self, every: float = 2.0) -> None:
        """One line per host on stderr, at most every `every` seconds."""
        now = time.monotonic()
        if now - self._last_progress < every:
            return
        self._last_progress = now
        for host, c in sorted(self.hosts.items()):
            print(
                f"[crawl] {host}: {c['fetched']} fetched, {c['articles']} articles, "
                f"{c['listings']} listings, {c['known']} known, {c['skipped']} skipped, "
                f"{c['errors']} errors{self.pace(c, now)}",
                file=sys.stderr,
                flush=True,
            )

    def pace(self, counts: Counter, now: float) -> str:
        """Rate and time left of a host whose pages are known in advance (Wayback: the
        pages its CDX listing names, counted as they are planned)."""
        if not counts["planned"]:
            return ""
        minutes = max(now - self.started, 1e-6) / 60
        rate = counts["fetched"] / minutes
        left = max(counts["planned"] - counts["fetched"], 0)
        eta = f"{left / rate:.0f} min" if rate else "?"
        return f", {rate:.1f} pages/min, {left} of {counts['planned']} listed left, ETA {eta}"

    def __str__(self) -> str:
        rows = [
            (host, *(counts[c] for c in COLUMNS)) for host, counts in sorted(self.hosts.items())
        ]
        rows.append(("TOTAL", *(self.total(c) for c in COLUMNS)))
        lines = [format_table(("host", *COLUMNS), rows)]
        for host, counter in sorted(self.errors.items()):
            detail = ", ".join(f"{kind} {n}" for kind, n in counter.most_common())
            lines.append(f"errors on {host}: {detail}")
        lines.append(f"elapsed {self.elapsed:.1f} s")
        if self.stopped:
            lines.append(f"stopped: {self.stopped}")
        return "\n".join(lines)


def format_table(header: tuple, rows: list[tuple]) -> str:
    cells = [tuple(str(v) for v in header)] + [tuple(str(v) for v in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: tuple) -> str:
        first = row[0].ljust(widths[0])
        return "  ".join([first] + [v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)])

    return "\n".join(
        [line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]]
    )
