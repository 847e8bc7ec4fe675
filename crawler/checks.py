"""Checks on a fetched body before it is stored as an article: HTML or not, which charset
it really is in, and legacy Vietnamese 8-bit encodings (TCVN3/ABC, VNI).

Legacy-encoded pages are detected and recorded, not decoded: their bytes are kept in
raw.db (kind 'failed', error 'legacy encoding ...') for a later converter.
"""

from __future__ import annotations

import re

_DECLARED = re.compile(rb"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TCVN3_FONT = re.compile(rb"\.Vn(Time|Arial|Avant|Courier|Helvetica|[A-Z][a-z]+)", re.I)
_VNI_FONT = re.compile(rb"VNI[- ](Times|Helve|Aptima|Avo|Book|[A-Z][a-z]+)", re.I)
# Letters TCVN3 puts in 0xA1-0xFE that rarely occur in real Latin-1 text (®=đ, ¸=á, µ=à ...).
_TCVN3_CHARS = set("¸µ¶·¹¨®ª«¬­¦§¤¥¢£¡ÆÇÊËÌÎÏÑÒÓÔÕ×ØÜÝÞßãåæçèéëìíîïñòóôõöøùúûüý")
# VNI writes a base vowel followed by a tone/shape byte: "Vieät", "ñaûng".
_VNI_PAIRS = re.compile("[aeiouyAEIOUY][øùûõïâäåáàã]|ñ[aeiou]")


def is_html(content_type: str, body: bytes) -> bool:
    if content_type:
        return content_type.split(";")[0].strip().lower() in _HTML_TYPES
    return body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def declared_charset(content_type: str, body: bytes) -> str | None:
    """The charset the header declares, else the one a <meta> in the head declares."""
    for source in (content_type.encode("latin-1", "replace"), body[:4096]):
        match = _DECLARED.search(source)
        if match:
            return match.group(1).decode("ascii", "replace").lower()
    return None


def is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def charset_mismatch(content_type: str, body: bytes) -> str | None:
    """'declared X, body is UTF-8' when a non-UTF-8 charset is declared for UTF-8 bytes."""
    declared = declared_charset(content_type, body)
    if not declared or declared.replace("-", "") in ("utf8", "usascii", "ascii"):
        return None
    if is_utf8(body) and not body.isascii():
        return f"charset declared {declared}, body is UTF-8"
    return None


def legacy_encoding(body: bytes) -> str | None:
    """'TCVN3' or 'VNI' when the page is written in a pre-Unicode Vietnamese encoding."""
    head = body[:20000]
    if _TCVN3_FONT.search(head):
        return "TCVN3"
    if _VNI_FONT.search(head):
        return "VNI"
    if is_utf8(body):
        return None
    text = body.decode("cp1252", "replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 127) or 1
    if sum(ch in _TCVN3_CHARS for ch in text) / non_ascii > 0.5 and non_ascii > 20:
        return "TCVN3"
    if len(_VNI_PAIRS.findall(text)) / non_ascii > 0.3 and non_ascii > 20:
        return "VNI"
    return None


def decode_html(content_type: str, body: bytes) -> str:
    """Text for link extraction: UTF-8 when the bytes are UTF-8 whatever is declared."""
    if is_utf8(body):
        return body.decode("utf-8")
    return body.decode(declared_charset(content_type, body) or "cp1252", "replace")
