"""Site profiles (crawler/sites/*.yaml): what detection cannot guess for one portal.

A profile names the portal, the hosts it answers for, optionally its CMS family, and
CSS selectors / URL patterns that override generic detection. See crawler/sites/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from crawler.errors import CrawlError
from crawler.families import GENERIC, Family, family_named

SITES_DIR = Path(__file__).parent / "sites"


class UnknownSite(CrawlError):
    """--site names no profile in crawler/sites/."""


@dataclass(frozen=True)
class Profile:
    name: str
    hosts: tuple[str, ...] = ()
    family: Family = GENERIC
    items: tuple[str, ...] = ()  # CSS selectors of article links on listings
    next_page: tuple[str, ...] = ()  # CSS selectors of next-page links
    article_urls: tuple[re.Pattern, ...] = field(default_factory=tuple)
    province: str = ""
    notes: str = ""


def load_profile(path: Path) -> Profile:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    listing = data.get("listing") or {}
    return Profile(
        name=data.get("name") or path.stem,
        hosts=tuple(data.get("hosts") or ()),
        family=family_named(data.get("family", "generic")),
        items=_strings(listing.get("items")),
        next_page=_strings(listing.get("next_page")),
        article_urls=tuple(re.compile(p) for p in _strings(data.get("article_urls"))),
        province=data.get("province", ""),
        notes=data.get("notes", ""),
    )


def _strings(value) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def all_profiles() -> list[Profile]:
    return [load_profile(path) for path in sorted(SITES_DIR.glob("*.yaml"))]


def profile_named(name: str) -> Profile:
    for profile in all_profiles():
        if profile.name == name:
            return profile
    known = ", ".join(p.name for p in all_profiles())
    raise UnknownSite(f"no site profile named {name!r} in {SITES_DIR} (known: {known})")


def site_name(host: str) -> str:
    """What raw.db's `site` column says for a page of this host: its profile's name, else
    the host itself."""
    profile = profile_for_host(host)
    return profile.name if profile else host


def profile_for_host(host: str) -> Profile | None:
    """The profile listing this host, or one listing a parent domain as `*.domain`."""
    for profile in all_profiles():
        for pattern in profile.hosts:
            if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                return profile
    return None
