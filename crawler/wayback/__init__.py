"""Wayback Machine captures, the main source for district portals closed in 2025.

The archive is strict, so the client is split by concern:

- here: captures, the crawl's query and the URLs of the two endpoints (CDX listing,
  `id_` playback of the bytes as the site served them);
- crawler/wayback/budget.py: request budgets per endpoint, 429 pauses, block detection;
- crawler/wayback/cdx.py: CDX pages read with resume keys, rows grouped per original URL;
- crawler/wayback/choice.py: which capture of a URL is its article, and why others are not;
- crawler/wayback/discover.py: a province's district portals known to the archive.

The endpoint is configurable (`base`, or KINHNGHIEM_WAYBACK_URL) so tests point it at a
loopback fake (tests/wayback_fake.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

from crawler.links import host_of
from crawler.profiles import site_name

DEFAULT_BASE = "https://web.archive.org"
# Rows per CDX page: well under the archive's cut of unpaged answers, few requests per host.
CDX_PAGE_ROWS = 5000


def wayback_base() -> str:
    return os.environ.get("KINHNGHIEM_WAYBACK_URL", DEFAULT_BASE).rstrip("/")


@dataclass(frozen=True)
class Capture:
    original: str  # the original URL as archived (http or https, with or without www.)
    timestamp: str  # YYYYMMDDhhmmss as the CDX API gives it
    status: str = "200"  # the status the archive recorded ("-" for revisits)
    urlkey: str = ""  # SURT key: one per page whatever its scheme or www.
    digest: str = ""  # content hash: equal digests are the same bytes

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
    page_rows: int = CDX_PAGE_ROWS

    @property
    def host(self) -> str:
        return host_of(self.target if "://" in self.target else "http://" + self.target)

    @property
    def site(self) -> str:
        return site_name(self.host)

    def cdx_url(self, resume_key: str | None = None) -> str:
        """One page of the listing: every HTML capture (3xx included, so redirects are
        seen and recorded), unchanged recaptures collapsed, paged with resume keys."""
        target = re.sub(r"^https?://", "", self.target)
        params = [
            ("url", target if "/" in target else target + "/"),
            ("matchType", "prefix"),
            ("output", "json"),
            ("fl", "urlkey,timestamp,original,statuscode,digest"),
            ("filter", "mimetype:text/html"),
            ("filter", "statuscode:[23].."),  # revisits are left out by the mimetype
            ("collapse", "digest"),
            ("limit", str(self.page_rows)),
            ("showResumeKey", "true"),
        ]
        if self.year_from:
            params.append(("from", self.year_from))
        if self.year_to:
            params.append(("to", self.year_to))
        if resume_key:
            params.append(("resumeKey", resume_key))
        return f"{self.base}/cdx/search/cdx?{urlencode(params)}"


def raw_capture_url(base: str, capture: Capture) -> str:
    """The capture's bytes as the site served them (`id_`: no Wayback rewriting)."""
    return f"{base}/web/{capture.timestamp}id_/{capture.original}"
