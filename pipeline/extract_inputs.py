"""`kinhnghiem extract`: read each input (file or URL), extract its record, never stop
at a bad one."""

from __future__ import annotations

import codecs
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from nlp import ExtractError, extract
from pipeline.errors import KinhnghiemError
from pipeline.fetch import fetch
from pipeline.page_text import page_text


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


def read_input(given: str) -> bytes | str:
    """A URL's page decoded with its Content-Type's charset, or a file's bytes."""
    if given.startswith(("http://", "https://")):
        return page_text(*fetch(given))
    return read_page_file(Path(given))


def read_page_file(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KinhnghiemError(f"{path}: no such file") from None
    except (OSError, ValueError) as error:  # too long, a NUL byte, no permission...
        raise KinhnghiemError(f"{path}: cannot read ({_reason(error)})") from error
    if stat.S_ISDIR(mode):
        raise KinhnghiemError(f"{path}: is a folder, not a page")
    if not stat.S_ISREG(mode):  # a named pipe or a device would block or never end
        raise KinhnghiemError(f"{path}: not a regular file (a pipe or a device), not read")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise KinhnghiemError(f"{path}: cannot read ({_reason(error)})") from error
    if not data.strip():
        raise KinhnghiemError(f"{path}: empty file")
    if looks_binary(data):
        raise KinhnghiemError(f"{path}: binary data, not an HTML page")
    return data


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in HTML text, but fill images, archives and PDFs; UTF-16
    text, full of them, says what it is with its byte order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:4096]
    return b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b"))
