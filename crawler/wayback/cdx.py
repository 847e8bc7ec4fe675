"""CDX listing pages: rows read into captures, the resume key of the next page, and the
captures grouped per page of the site (one SURT key for its http/https/www. forms).

The API sorts rows by SURT key, then time, so a key's captures are adjacent; only the last
key of a page may go on in the next one, and it is carried over (`carry`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import groupby

from crawler.wayback import Capture


class CdxError(ValueError):
    """A CDX answer that is not the JSON listing asked for."""


@dataclass(frozen=True)
class CdxPage:
    captures: list[Capture]
    resume_key: str | None  # None: the listing is complete


def parse_cdx_page(text: str) -> CdxPage:
    """Rows of a JSON CDX answer; with showResumeKey the key follows an empty row."""
    try:
        rows = json.loads(text) if text.strip() else []
    except ValueError as error:
        raise CdxError(f"cdx: the listing is not JSON ({error})") from error
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise CdxError("cdx: the listing is not a list of rows")
    resume_key = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume_key = str(rows[-1][0])
        rows = rows[:-2]
    if not rows:
        return CdxPage([], resume_key)
    header, *rows = rows
    column = {name: i for i, name in enumerate(header)}
    try:
        captures = [_capture(row, column) for row in rows if row]
    except (KeyError, IndexError) as error:
        raise CdxError(f"cdx: a row lacks a field ({error})") from error
    return CdxPage(captures, resume_key)


def _capture(row: list, column: dict[str, int]) -> Capture:
    def value(name: str, default: str = "") -> str:
        return str(row[column[name]]) if name in column else default

    original = value("original")
    return Capture(
        original=original if "://" in original else "http://" + original,
        timestamp=value("timestamp"),
        status=value("statuscode", "200"),
        urlkey=value("urlkey") or original,
        digest=value("digest"),
    )


def complete_groups(
    carry: list[Capture], captures: list[Capture], last_page: bool
) -> tuple[list[list[Capture]], list[Capture]]:
    """(groups of one page's captures that are complete, captures carried to the next page)."""
    groups = [list(g) for _, g in groupby(carry + captures, key=lambda c: c.urlkey)]
    if last_page or not groups:
        return groups, []
    return groups[:-1], groups[-1]
