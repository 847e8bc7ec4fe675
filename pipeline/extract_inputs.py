"""`kinhnghiem extract`: read each input (file or URL), extract its record, never stop
at a bad one."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from crawler.settings import USER_AGENT
from nlp import ExtractError, extract
from pipeline.errors import KinhnghiemError

FETCH_TIMEOUT = 30


def extract_inputs(inputs: Iterable[str]) -> Iterator[dict]:
    """One record per input, in input order; a bad input gives {"url", "error"}."""
    for given in inputs:
        try:
            record = extract(read_input(given), given).to_dict()
        except (KinhnghiemError, ExtractError) as error:
            yield {"url": given, "error": str(error)}
            continue
        record["url"] = given
        yield record


def read_input(given: str) -> bytes:
    if given.startswith(("http://", "https://")):
        return fetch(given)
    return read_page_file(Path(given))


def read_page_file(path: Path) -> bytes:
    if not path.exists():
        raise KinhnghiemError(f"{path}: no such file")
    if path.is_dir():
        raise KinhnghiemError(f"{path}: is a folder, not a page")
    data = path.read_bytes()
    if not data.strip():
        raise KinhnghiemError(f"{path}: empty file")
    if looks_binary(data):
        raise KinhnghiemError(f"{path}: binary data, not an HTML page")
    return data


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in HTML text, but fill images, archives and PDFs."""
    head = data[:4096]
    return b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b"))


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read()
    except OSError as error:
        raise KinhnghiemError(f"{url}: cannot fetch ({error})") from error
