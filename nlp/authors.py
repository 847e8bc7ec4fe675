"""Bylines: who wrote the article, and where it came from ("Theo Báo X", "Nguồn: X").

A byline is a short line — usually the last of the article, often right-aligned — holding one
or more personal names. CMS accounts and editorial roles ("Pho Ban bien tap", "BBT", "admin")
and photo credits are not authors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.article import Author
from nlp.normalize import fold, normalize

AUTHOR_LABEL = (
    r"tác\s+giả(?:\s+bài\s+viết)?|người\s+viết(?:\s+bài)?|bút\s+danh|người\s+thực\s+hiện"
    r"|phóng\s+viên"
)
LABEL = re.compile(
    rf"^\s*(?:{AUTHOR_LABEL}|bài\s*(?:,|và|&)?\s*ảnh|bài\s+viết|bài|tin\s*(?:,|và|&)?\s*ảnh"
    r"|tin\s+bài|tin|thực\s+hiện|nhóm\s+thực\s+hiện|pv)\s*[:：]\s*",
    re.I,
)
# A form label alone in its cell ("Tác giả" in a SharePoint list form, <dt>Tác giả</dt>).
FIELD_LABEL = re.compile(rf"^\s*(?:{AUTHOR_LABEL})\s*[:：]?\s*$", re.I)
SOURCE = re.compile(r"^\s*[(\[]?\s*(?:theo|nguồn(?:\s+tin)?\s*[:：]?)\s+(.+?)\s*[.]?\s*$", re.I)
WEB_ADDRESS = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info)$", re.I)
PHOTO = re.compile(r"^\s*[(\[]?\s*(?:ảnh|ảnh\s+minh\s+họa|nguồn\s+ảnh)\s*[:：]", re.I)
ACADEMIC = re.compile(
    r"^((?:(?:GS|PGS|TS|ThS|Th\.S|NCS|CN|KS|BS|Ths|TSKH|LS|NNC|Đại\s+tá|Thượng\s+tá|Trung\s+tá"
    r"|Thiếu\s+tá|Đại\s+úy)\s*\.?\s*,?\s*)+)",
)
SPLIT = re.compile(r"\s+[-–—]\s+|\s*[,;/]\s*|\s+và\s+|\s*&\s*")
# A role after the name: (TG) tác giả, (CTV) cộng tác viên, (st) sưu tầm, (gt) giới thiệu.
TRAILING_ROLE = re.compile(r"\s*\((?:TG|CTV|PV|ST|GT|sưu tầm|tổng hợp|TH|giới thiệu)\)\s*$", re.I)
INTRODUCERS = {"gt", "gioi thieu"}
CMS_ACCOUNTS = {
    "pho ban bien tap",
    "ban bien tap",
    "bbt",
    "admin",
    "admin admin",
    "administrator",
    "quan tri",
    "quan tri vien",
    "quan tri he thong",
    "webmaster",
    "bien tap vien",
    "btv",
    "phong vien",
    "cong thong tin",
    "trang thong tin",
    "ban quan tri",
    "nguoi dang",
    "user",
    "super admin",
    "test",
    "editor",
}
AGENCY = re.compile(
    r"^(?:Trung tâm|Ban|Phòng|Đài|Báo|Sở|Bộ|UBND|Ủy ban|Huyện ủy|Tỉnh ủy|Thành ủy|Hội|Đoàn"
    r"|Văn phòng"
    r"|Cổng|Tạp chí|Thông tấn|TTXVN|Công an|Bộ Chỉ huy|Đảng ủy|Đảng bộ|Chi bộ|Mặt trận|Liên đoàn"
    r"|Quỹ|Cục|Chi cục|Viện|Trường|Hạt|Kho bạc|Bệnh viện|Công ty|Bảo hiểm|Học viện)\s"
)
GROUP_BYLINE = re.compile(r"^nhóm\s+(?:pv|phóng\s+viên|ctv|tác\s+giả)\b.*$", re.I)
# The writers' unit after their names: "(Ban Tuyên giáo Huyện ủy)", "– Đài Truyền thanh
# huyện", "– ĐTT" (an acronym of the unit).
UNIT_IN_BRACKETS = re.compile(r"\s*\(([^()]{2,80})\)\s*$")
NAME_LIST_DASH = re.compile(r"\s+[-–—]\s*|\s*[-–—]\s+")
ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ0-9&-]{1,9}$")


@dataclass
class Byline:
    authors: list[Author] = field(default_factory=list)
    source: str | None = None


def is_unit(text: str) -> bool:
    """An agency named after a byline's names ("Đài Truyền thanh huyện", "ĐTT")."""
    text = text.strip(" .")
    return bool(AGENCY.match(text + " ") or ACRONYM.match(text)) and len(text.split()) <= 12


def split_unit(text: str) -> tuple[str, str | None]:
    """The names of a byline and the unit written after them, if any."""
    bracketed = UNIT_IN_BRACKETS.search(text)
    if bracketed and is_unit(bracketed.group(1)) and bracketed.start() > 0:
        return text[: bracketed.start()], bracketed.group(1).strip(" .")
    parts = NAME_LIST_DASH.split(text)
    if len(parts) >= 2 and is_unit(parts[-1]) and parts[0].strip():
        return text[: text.rfind(parts[-1])].rstrip(" -–—"), parts[-1].strip(" .")
    return text, None


def is_cms_account(text: str) -> bool:
    """A CMS login or editorial role line, never a long sentence that mentions one."""
    folded = fold(text).strip(" .:-()")
    if len(folded) > 40:
        return False
    return folded in CMS_ACCOUNTS or bool(re.search(r"\b(bien tap|quan tri)\b", folded))


def is_source_name(text: str) -> bool:
    """A source after "Theo" / "Nguồn:": a capitalised name or a web address
    ("chinhphu.vn"), not a sentence going on ("theo kế hoạch …")."""
    return text[:1].isupper() or bool(WEB_ADDRESS.match(text.strip(" .()")))


def balanced(text: str) -> str:
    """Brackets of the line's own wrapping dropped, a name's own kept: "(Báo Gia Lai)" →
    "Báo Gia Lai", "QV (TTXVN)" stays."""
    for opening, closing in ("()", "[]"):
        while text[:1] == opening and text.count(opening) > text.count(closing):
            text = text[1:].strip()
        while text[-1:] == closing and text.count(closing) > text.count(opening):
            text = text[:-1].strip(" .")
    return text


def is_photo_credit(text: str) -> bool:
    return bool(PHOTO.match(text))


def parse_byline(line: str, strict: bool = True) -> Byline | None:
    """The byline in `line`, or None when the line is not one. `strict` (no label, no
    right alignment) asks for at least two words per name."""
    text = normalize(line).strip(" .")
    if not text or len(text) > 120 or is_photo_credit(text) or is_cms_account(text):
        return None
    source = SOURCE.match(text)
    if source and len(source.group(1).split()) <= 14 and is_source_name(source.group(1)):
        return Byline(source=balanced(source.group(1).strip(" .")))
    if AGENCY.match(text) and len(text.split()) <= 14:
        return Byline(source=text)
    labelled = LABEL.match(text)
    if labelled:
        text, strict = text[labelled.end() :], False
    role = TRAILING_ROLE.search(text)
    role_name = role.group().strip(" ()") if role else None
    # "(TG)", "(st)" say where the text came from; "(gt)" only who introduced it.
    byline = Byline(source=role_name if role_name and fold(role_name) not in INTRODUCERS else None)
    text = TRAILING_ROLE.sub("", text).strip(" .")
    if not text and byline.source:
        return byline  # "(TG)" alone
    if GROUP_BYLINE.match(text):
        byline.authors.append(Author(name=text))
        return byline
    text, unit = split_unit(text)
    for part in SPLIT.split(text):
        author = parse_name(part, strict)
        if author is None:
            return None
        author.unit = unit
        byline.authors.append(author)
    return byline if byline.authors else None


def parse_name(part: str, strict: bool) -> Author | None:
    part = part.strip(" .()")
    title = None
    academic = ACADEMIC.match(part)
    if academic and academic.end() < len(part):
        title = normalize(academic.group(1)).rstrip(" ,")
        part = part[academic.end() :].strip()
    words = part.split()
    if not words or len(words) > 5 or len(part) > 40 or (strict and len(words) < 2):
        return None
    if not all(is_name_word(word) for word in words) or is_cms_account(part):
        return None
    return Author(name=part, title=title)


def is_name_word(word: str) -> bool:
    """'Châu', 'Y', 'H\'Hen', 'PV': capitalised letters only (apostrophes in Ê Đê names)."""
    letters = word.rstrip(".").replace("'", "").replace("’", "")
    return bool(letters) and letters.isalpha() and letters[0].isupper()
