"""A province's district portals known to the archive: candidate hosts made from the
districts' names in the usual host patterns (`chupuh.gialai.gov.vn`,
`huyenchupuh.gialai.gov.vn`, `chupuh.gov.vn`), each checked with CDX queries paced by the
CDX budget (crawler/wayback/budget.py). The names come from the caller (pipeline/ reads
them from the gazetteer; crawler/ never imports nlp).

At the default 20 CDX requests a minute, a province of 17 districts takes about three
minutes: one query per absent host, one per 5,000 captures of a present one.
"""

from __future__ import annotations

import socket
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urlencode

from crawler.errors import CrawlError
from crawler.middlewares import parse_retry_after
from crawler.settings import USER_AGENT
from crawler.wayback import CDX_PAGE_ROWS, wayback_base
from crawler.wayback.budget import (
    BLOCK_AFTER,
    CDX,
    DEFAULT_PAUSE,
    ArchiveRates,
    LocalGate,
    archive_rates,
    blocked,
)
from crawler.wayback.cdx import parse_cdx_page

PATTERNS = ("{d}.{p}.gov.vn", "huyen{d}.{p}.gov.vn", "{d}.gov.vn")
MAX_PAGES = 4  # per host: past 20,000 captures the count is given as "at least"


@dataclass(frozen=True)
class Portal:
    host: str
    district: str
    captures: int
    years: tuple[str, ...]
    more: bool = False  # more captures than counted

    def row(self) -> tuple[str, str, str, str]:
        count = f">={self.captures}" if self.more else str(self.captures)
        span = f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else self.years[0]
        return self.host, self.district, count, span


def slug(name: str) -> str:
    """`Chư Pưh` -> `chupuh`, `Đak Đoa` -> `dakdoa`: how hosts spell names."""
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded.lower() if c.isascii() and c.isalnum())


def candidate_hosts(province: str, districts: list[str]) -> list[tuple[str, str]]:
    """(host, district) for every district name in every host pattern."""
    p = slug(province)
    return [(pattern.format(d=slug(name), p=p), name) for name in districts for pattern in PATTERNS]


def discover(
    province: str, districts: list[str], rates: ArchiveRates | None = None, progress=None
) -> list[Portal]:
    """The candidate hosts the archive holds captures of, with their counts and years."""
    client = CdxClient(rates or archive_rates())
    found = []
    for host, district in candidate_hosts(province, districts):
        if progress:
            progress(host)
        portal = client.portal(host, district)
        if portal:
            found.append(portal)
    return found


class CdxClient:
    """Blocking CDX requests within the CDX budget: a 429 waits its Retry-After, dropped
    connections in a row stop with the time to try again."""

    def __init__(self, rates: ArchiveRates, base: str | None = None):
        self.rates = rates
        self.base = base or wayback_base()
        self.gate = LocalGate()
        self.drops = 0

    def portal(self, host: str, district: str) -> Portal | None:
        years: set[str] = set()
        count, key, pages = 0, None, 0
        while pages < MAX_PAGES:
            params = {"url": host, "matchType": "host", "output": "json", "fl": "timestamp"}
            params |= {"limit": str(CDX_PAGE_ROWS), "showResumeKey": "true"}
            if key:
                params["resumeKey"] = key
            page = parse_cdx_page(self.get(f"{self.base}/cdx/search/cdx?{urlencode(params)}"))
            pages += 1
            count += len(page.captures)
            years |= {c.timestamp[:4] for c in page.captures}
            key = page.resume_key
            if key is None:
                break
        if not count:
            return None
        return Portal(host, district, count, tuple(sorted(years)), more=key is not None)

    def get(self, url: str) -> str:
        while True:
            while wait := self.gate.wait(CDX, self.rates.interval(CDX)):
                time.sleep(wait)
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=60) as answer:
                    body = answer.read().decode("utf-8")
            except urllib.error.HTTPError as error:
                self.drops = 0
                if error.code != 429:
                    raise CrawlError(f"the archive answered {error.code} to {url}") from error
                pause = parse_retry_after(error.headers.get("Retry-After", "")) or DEFAULT_PAUSE
                self.gate.pause(CDX, self.rates.scaled(pause))
                continue
            except (urllib.error.URLError, HTTPException, OSError) as error:
                if unreachable(error):
                    raise CrawlError(
                        f"cannot reach the archive at {self.base} ({error})"
                    ) from error
                self.drops += 1
                if self.drops >= BLOCK_AFTER:
                    raise CrawlError(blocked(self.base, self.drops, self.rates)[1]) from error
                continue
            self.drops = 0
            return body


def unreachable(error: BaseException) -> bool:
    """No answer at all (no such host, nothing listening): not the archive dropping our
    connections, which is how it blocks."""
    reason = getattr(error, "reason", error)
    return isinstance(reason, socket.gaierror | ConnectionRefusedError)


def write_hosts(portals: list[Portal], path) -> None:
    """The list `crawl --from-discovery FILE` reads: one host a line, notes after a #."""
    lines = [f"{p.host}  # {p.district}: {p.row()[2]} captures, {p.row()[3]}" for p in portals]
    try:
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as error:
        raise CrawlError(f"cannot write the discovery list {path}: {error}") from error


def read_hosts(path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CrawlError(f"cannot read the discovery list {path}: {error}") from error
    hosts = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    hosts = [h for h in hosts if h]
    if not hosts:
        raise CrawlError(f"{path} lists no hosts (write it with `kinhnghiem discover --output`)")
    return hosts
