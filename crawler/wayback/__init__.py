"""Wayback Machine captures: list them through the CDX API, keep the newest capture of
each article URL, fetch its raw bytes (`id_` URLs, no archive toolbar).

The endpoint is configurable (`base`, or KINHNGHIEM_WAYBACK_URL) so tests point it at a
loopback fake.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

from crawler.links import canonical_url, host_of, looks_like_article_url
from crawler.profiles import profile_for_host, site_name

DEFAULT_BASE = "https://web.archive.org"


def wayback_base() -> str:
    return os.environ.get("KINHNGHIEM_WAYBACK_URL", DEFAULT_BASE).rstrip("/")


@dataclass(frozen=True)
class Capture:
    original: str  # canonical original URL: what raw.db stores as the page's url
    timestamp: str  # YYYYMMDDhhmmss as the CDX API gives it
    archived: str  # the original as archived, used to build the capture URL

    @property
    def captured_at(self) -> str:
        when = datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S")
        return when.replace(tzinfo=UTC).isoformat()


@dataclass(frozen=True)
class WaybackQuery:
    target: str  # host or URL prefix, e.g. chupuh.gialai.gov.vn/Tin-tuc/
    year_from: str | None = None
    year_to: str | None = None
    base: str = field(default_factory=wayback_base)

    @property
    def host(self) -> str:
        return host_of(self.target if "://" in self.target else "http://" + self.target)

    @property
    def site(self) -> str:
        return site_name(self.host)

    def cdx_url(self) -> str:
        target = re.sub(r"^https?://", "", self.target)
        params = [
            ("url", target if "/" in target else target + "/"),
            ("matchType", "prefix"),
            ("output", "json"),
            ("fl", "timestamp,original,statuscode,mimetype"),
            ("filter", "statuscode:200"),
            ("filter", "mimetype:text/html"),
        ]
        if self.year_from:
            params.append(("from", self.year_from))
        if self.year_to:
            params.append(("to", self.year_to))
        return f"{self.base}/cdx/search/cdx?{urlencode(params)}"


def newest_captures(cdx_json: str, query: WaybackQuery) -> list[Capture]:
    """The newest 200 text/html capture of each article-shaped URL in a CDX answer."""
    rows = json.loads(cdx_json) if cdx_json.strip() else []
    if not rows:
        return []
    header, *rows = rows
    column = {name: i for i, name in enumerate(header)}
    profile = profile_for_host(query.host)
    patterns = list(profile.article_urls) if profile else []
    newest: dict[str, Capture] = {}
    for row in rows:
        archived = row[column["original"]]
        original = canonical_url(archived if "://" in archived else "http://" + archived)
        if not looks_like_article_url(original, patterns):
            continue
        capture = Capture(original, row[column["timestamp"]], archived)
        if original not in newest or capture.timestamp > newest[original].timestamp:
            newest[original] = capture
    return sorted(newest.values(), key=lambda c: c.original)


def raw_capture_url(base: str, capture: Capture) -> str:
    """The capture's bytes as the site served them (`id_`: no Wayback rewriting)."""
    return f"{base}/web/{capture.timestamp}id_/{capture.archived}"
