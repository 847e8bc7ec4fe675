"""What `build` and `extract URL` hand to `nlp.extract`: the page decoded with the charset
its HTTP Content-Type names, when the bytes fit that charset; else the bytes themselves,
for nlp to find the encoding (BOM, <meta>, sniffing)."""

from __future__ import annotations

import codecs

from crawler.checks import charset_mismatch, declared_charset

BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MAX_BAD_BYTES_PER_1000 = 1  # more than this: the header is wrong, not a stray byte


def page_text(body: bytes, content_type: str) -> bytes | str:
    """`body` decoded with the Content-Type's charset (a stray invalid byte becomes
    U+FFFD), or `body` unchanged when the header names no usable charset, the page starts
    with a byte order mark (which wins over the header), or the bytes do not fit."""
    charset = declared_charset(content_type or "", b"")  # the header only, not <meta>
    if not charset or body.startswith(BOMS):
        return body
    if charset_mismatch(content_type, body):  # declared single-byte, body is UTF-8
        charset = "utf-8"
    try:
        text = body.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return body
    if text.count("\ufffd") > max(1, len(text) * MAX_BAD_BYTES_PER_1000 // 1000):
        return body
    return text
