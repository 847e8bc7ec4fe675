"""Text copies of article pages (`.txt`, `.md`): the form in which researchers often keep
articles. A copy keeps the page's lines — breadcrumb, title, date line, body, byline, then
the portal footer — but none of its markup, so this module gives those lines back the
markup a portal would have used, and the HTML extraction reads them like any page.

The footer starts at its first cue line ("Thông tin bản quyền", "Cơ quan:", "Giấy phép",
"Thống kê truy cập", "Copyright" …); nothing after it is article text. A line pushed far to
the right with spaces is a right-aligned byline, as on the page."""

from __future__ import annotations

import html
import re

from nlp.dates import has_date_label, is_date_line
from nlp.normalize import fold

HTML_TAG = re.compile(r"<(?:html|head|body|div|p|br|span|table|a|h[1-6]|meta|title)\b", re.I)
CRUMB_SEPARATOR = re.compile(r"\s+[>»›]\s+")
FOOTER_CUES = (
    "thong tin ban quyen",
    "ban quyen",
    "copyright",
    "co quan chu quan",
    "co quan:",
    "- co quan:",
    "dia chi:",
    "- dia chi:",
    "dien thoai",
    "nguoi chiu trach nhiem",
    "- nguoi chiu trach nhiem",
    "giay phep",
    "- giay phep",
    "thong ke truy cap",
    "ho tro ky thuat",
    "so nguoi on-line",
    "so nguoi online",
    "tong so luot truy cap",
    "luot truy cap",
)
# The owner line of a portal's footer ("Cơ quan: Huyện Chư Pưh- tỉnh Gia Lai") names the
# portal's units, which narrows the places of the article.
OWNER_LINE = re.compile(r"^[-–•\s]*(?:cơ\s+quan(?:\s+chủ\s+quản)?|đơn\s+vị)\s*:\s*(.+)$", re.I)
RIGHT_INDENT = 12  # leading spaces of a line the copy kept right-aligned
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKS = re.compile(
    r"^\s{0,3}(?:#{1,6}\s+|>\s?|[*+]\s+)|\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)"
)


def looks_like_text(document: str, url: str = "") -> bool:
    """A text copy rather than HTML: named `.txt`/`.md`, or no HTML tag near the start."""
    if url.lower().endswith((".txt", ".md", ".markdown")):
        return True
    return not HTML_TAG.search(document[:20000])


def text_to_html(text: str) -> str:
    """The copy as a page: breadcrumb list, h1 title, date line, article body with its
    right-aligned byline, and the footer in a <footer>."""
    lines = [markdown_plain(line) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line.strip()]
    crumbs, lines = take_breadcrumb(lines)
    title, lines = take_title(lines, crumbs)
    date_line, lines = take_date_line(lines)
    body, footer = split_footer(lines)
    return page_html(crumbs, title, date_line, body, footer)


def markdown_plain(line: str) -> str:
    """A Markdown line as the text it shows (links as their text, no emphasis marks)."""
    line = MARKDOWN_LINK.sub(r"\1", line)
    return MARKDOWN_MARKS.sub("", line).rstrip()


def take_breadcrumb(lines: list[str]) -> tuple[list[str], list[str]]:
    """A first line "Trang chủ > Tin tức > …" is the breadcrumb."""
    if lines and len(CRUMB_SEPARATOR.findall(lines[0])) >= 1 and len(lines[0]) < 400:
        crumbs = [c.strip() for c in CRUMB_SEPARATOR.split(lines[0].strip()) if c.strip()]
        if len(crumbs) >= 2 and all(len(c) < 200 for c in crumbs):
            return crumbs, lines[1:]
    return [], lines


def take_title(lines: list[str], crumbs: list[str]) -> tuple[str, list[str]]:
    """The first line that is not a date line; the breadcrumb's last item when that line
    repeats it. A Markdown copy's "# heading" is such a first line too."""
    for index, line in enumerate(lines[:3]):
        stripped = line.strip()
        if 4 <= len(stripped) <= 400 and not is_date_line(stripped):
            return stripped, lines[:index] + lines[index + 1 :]
    return (crumbs[-1] if crumbs else ""), lines


def take_date_line(lines: list[str]) -> tuple[str, list[str]]:
    """A date line among the first lines after the title ("Ngày đăng bài: 29/11/2022")."""
    for index, line in enumerate(lines[:3]):
        if is_date_line(line.strip()) or (has_date_label(line) and len(line) < 120):
            return line.strip(), lines[:index] + lines[index + 1 :]
    return "", lines


def split_footer(lines: list[str]) -> tuple[list[str], list[str]]:
    """Body lines, and the footer from its first cue line on."""
    for index, line in enumerate(lines):
        if index > 0 and fold(line.strip()).startswith(FOOTER_CUES):
            return lines[:index], lines[index:]
    return lines, []


def page_html(
    crumbs: list[str], title: str, date_line: str, body: list[str], footer: list[str]
) -> str:
    esc = html.escape
    owner = next((m.group(1) for line in footer if (m := OWNER_LINE.match(line.strip()))), "")
    parts = [f"<html><head><title>{esc(title)}{' - ' + esc(owner) if owner else ''}</title>"]
    parts.append("</head><body>")
    if crumbs:
        items = "".join(f"<li>{esc(c)}</li>" for c in crumbs)
        parts.append(f'<ul class="breadcrumb">{items}</ul>')
    parts.append(f'<div class="article"><h1 class="title">{esc(title)}</h1>')
    if date_line:
        parts.append(f'<div class="date">{esc(date_line)}</div>')
    parts.append('<div class="article-body">')
    for line in body:
        right = len(line) - len(line.lstrip(" \t\u00a0")) >= RIGHT_INDENT
        align = ' style="text-align:right"' if right else ""
        parts.append(f"<p{align}>{esc(line.strip())}</p>")
    parts.append("</div></div>")
    if footer:
        parts.append("<footer>" + "".join(f"<p>{esc(x.strip())}</p>" for x in footer))
        parts.append("</footer>")
    parts.append("</body></html>")
    return "".join(parts)
