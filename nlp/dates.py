"""Day-first Vietnamese dates and times as ISO 8601 (date, or date-time at +07:00).

Own regexes rather than dateparser: portals write labelled lines ("Ngày đăng bài: 29/11/2022"),
weekday prefixes ("Thứ Sáu, 23/12/2016, 20:34 (GMT+7)") and Vietnamese AM/PM ("SA"/"CH")
that dateparser either misreads month-first or rejects."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from nlp.normalize import fold

VIETNAM = timezone(timedelta(hours=7))
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})(?![\d/])")
# "thứ năm, 08 08 2019 08:51": day, month and year apart with spaces only; read on short
# date lines alone (in prose, three numbers in a row are seldom a date).
SPACED_DATE = re.compile(r"(?<![\d/.:-])(\d{1,2}) (\d{1,2}) (\d{4})(?![\d/])")
SPACED_LINE_MAX = 60
WORDED_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})", re.I)
ISO_DATE = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s?(Z|[+-]\d{2}:?\d{2})?)?"
)
TIME = re.compile(
    r"(?<![\d/])(\d{1,2})\s?[:hH]\s?(\d{2})(?::(\d{2}))?(?!\d)(?:\s?(AM|PM|SA|CH)\b)?", re.I
)
WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn)"
WEEKDAY_START = re.compile(rf"^\s*{WEEKDAY}\s*[,\-–]?\s*\d", re.I)
DATE_LABELS = (
    "ngay dang bai",
    "ngay dang",
    "dang ngay",
    "ngay dang tin",
    "ngay xuat ban",
    "xuat ban",
    "ngay cap nhat",
    "cap nhat",
    "thoi gian dang",
    "ngay",
    "publish date",
    "published",
    "posted",
    "dang luc",
    "dang",
)
# Labels of a publication date line that may hold other words ("Cập nhật lúc …").
DATE_LABEL = re.compile(r"(ngày\s+đăng|đăng\s+ngày|ngày\s+xuất\s+bản|cập\s+nhật|publish)", re.I)
LICENCE_WORDS = ("giay phep", "/gp", "gp-", "ban quyen", "copyright", "quyet dinh so")
MIN_YEAR, MAX_YEAR = 1990, 2035


def parse_date(text: str) -> str | None:
    """The first date in `text` as ISO, with the time beside it when there is one."""
    if not text:
        return None
    iso = ISO_DATE.search(text)
    numeric = NUMERIC_DATE.search(text) or WORDED_DATE.search(text)
    if not numeric and len(text) <= SPACED_LINE_MAX:
        numeric = SPACED_DATE.search(text)
    if iso and (not numeric or iso.start() <= numeric.start()):
        return from_iso_match(iso)
    if not numeric:
        return None
    day, month, year = (int(g) for g in numeric.groups())
    if not valid_date(year, month, day):
        return None
    found = date(year, month, day).isoformat()
    clock = time_near(text, numeric.start(), numeric.end())
    return f"{found}T{clock}+07:00" if clock else found


def valid_date(year: int, month: int, day: int) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def from_iso_match(match: re.Match) -> str | None:
    year, month, day, hour, minute, second, zone = match.groups()
    if not valid_date(int(year), int(month), int(day)):
        return None
    if hour is None or not (int(hour) < 24 and int(minute) < 60):
        return f"{year}-{month}-{day}"
    moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    if zone:
        offset = UTC if zone == "Z" else parse_offset(zone)
        moment = moment.replace(tzinfo=offset).astimezone(VIETNAM)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+07:00"


def parse_offset(zone: str) -> timezone:
    sign = -1 if zone.startswith("-") else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def time_near(text: str, start: int, end: int) -> str | None:
    """HH:MM:SS of a clock time right after the date, or right before it ("16:03 29/11/2022")."""
    after = TIME.match(text, end, min(len(text), end + 40)) or TIME.search(text[end : end + 40])
    before = None
    if not after:
        for found in TIME.finditer(text[max(0, start - 20) : start]):
            before = found
    return clock_of(after or before) if (after or before) else None


def clock_of(match: re.Match) -> str | None:
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").upper()
    if meridiem in ("PM", "CH") and hour < 12:
        hour += 12
    elif meridiem in ("AM", "SA") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}"


def is_licence_line(text: str) -> bool:
    folded = fold(text)
    return any(word in folded for word in LICENCE_WORDS)


def is_date_line(text: str) -> bool:
    """A short line that is a date header: label, weekday, date, time and little else."""
    spaced = len(text) <= SPACED_LINE_MAX and SPACED_DATE.search(text)
    dated = NUMERIC_DATE.search(text) or WORDED_DATE.search(text) or ISO_DATE.search(text)
    if len(text) > 90 or not (dated or spaced):
        return False
    rest = NUMERIC_DATE.sub(" ", WORDED_DATE.sub(" ", ISO_DATE.sub(" ", text)))
    rest = SPACED_DATE.sub(" ", rest) if spaced else rest
    rest = TIME.sub(" ", re.sub(WEEKDAY, " ", rest, flags=re.I))
    rest = fold(rest)
    for label in sorted(DATE_LABELS, key=len, reverse=True):
        rest = rest.replace(label, " ")
    words = re.findall(r"[a-z]{2,}", rest)
    return len(words) <= 3


def starts_with_weekday_date(text: str) -> bool:
    """'Thứ hai, 11/12/2023 16:03' names a day of the week, not a second item."""
    return bool(WEEKDAY_START.match(text))


def has_date_label(text: str) -> bool:
    """The line says it gives the publication date: "Ngày đăng: …", "Cập nhật: …"."""
    return bool(DATE_LABEL.search(text))
