"""Enumerated lessons / solutions / tasks: "Một là … Thứ hai …", "1. … 2. …", "a) … b) …".

Works on the article's paragraphs. A passage is a run of items numbered 1, 2, 3… of one
family (word ordinals in any mix, digits, or letters) after a lead-in sentence that announces
it; its kind is read from that lead-in. Weekday date lines ("Thứ hai, 11/12/2023"), numbered
slogans and tables of contents are not passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.article import Lesson
from nlp.dates import starts_with_weekday_date
from nlp.normalize import fold

WORD_NUMBERS = {
    "mot": 1,
    "nhat": 1,
    "hai": 2,
    "nhi": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
WORD_MARKER = re.compile(
    r"^\s*(?P<marker>(?P<cardinal>Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là"
    r"|Thứ\s+(?P<ordinal>nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười))"
    r"\s*(?:[,:;.\-–]\s*|\s+(?=[a-zà-ỹđ]))",
    re.I,
)
DIGIT_MARKER = re.compile(r"^\s*(?P<marker>(?P<number>\d{1,2})\s?[.)\-–/])\s*(?=[^\W\d_])")
LETTER_MARKER = re.compile(r"^\s*(?P<marker>(?P<letter>[a-hđ])\s?[)/])\s*(?=\S)")
LETTERS = "abcdefgh"  # "đ)" sits between d) and e) in some lists, not in others
KIND_CUES = {
    "bài học": ("bai hoc", "kinh nghiem"),
    "giải pháp": ("giai phap", "bien phap", "cach lam"),
    "nhiệm vụ": ("nhiem vu", "phuong huong", "chi tieu"),
    "yêu cầu": ("yeu cau", "doi hoi"),
    "nội dung": ("noi dung", "van de"),
}
LIST_KINDS = ("bài học", "giải pháp", "nhiệm vụ", "yêu cầu")  # not agendas' "nội dung"
LEAD_IN_CUES = tuple(c for cues in KIND_CUES.values() for c in cues) + (
    "dinh huong",
    "kien nghi",
    "de xuat",
    "rut ra",
    "nhu sau",
    "sau day",
)
CONCLUSION_CUES = (
    "qua ",
    "tom lai",
    "nhu vay",
    "co the noi",
    "nhin chung",
    "tren day",
    "voi nhung",
    "thoi gian toi",
    "de lam tot",
    "nhung bai hoc",
    "nhung kinh nghiem",
    "tu nhung",
)
SENTENCE_END = re.compile(r"[.!?…](?=\s+[\"“(]?[A-ZÀ-ỸĐ])|[.!?…]\s*$")


@dataclass
class Marker:
    index: int  # paragraph index
    family: str  # word | digit | letter
    number: float  # 4.5 for "đ)"
    marker: str
    rest: str  # the paragraph after the marker


def find_marker(index: int, paragraph: str) -> Marker | None:
    found = WORD_MARKER.match(paragraph)
    if found and not starts_with_weekday_date(paragraph):
        word = fold(found.group("cardinal") or found.group("ordinal"))
        marker = re.sub(r"\s+", " ", found.group("marker"))
        return Marker(index, "word", WORD_NUMBERS[word], marker, paragraph[found.end() :])
    found = DIGIT_MARKER.match(paragraph)
    if found:
        marker = found.group("marker").replace(" ", "")
        number = int(found.group("number"))
        return Marker(index, "digit", number, marker, paragraph[found.end() :])
    found = LETTER_MARKER.match(paragraph)
    if found:
        letter = found.group("letter").lower()
        number = 4.5 if letter == "đ" else LETTERS.index(letter) + 1
        return Marker(index, "letter", number, found.group("marker"), paragraph[found.end() :])
    return None


def find_runs(markers: list[Marker]) -> list[list[Marker]]:
    """Runs 1, 2, 3… of one family, each item the next of its family after the previous."""
    runs = []
    for start, first in enumerate(markers):
        if first.number != 1:
            continue
        run = [first]
        for later in markers[start + 1 :]:
            if later.family != first.family:
                continue
            if later.number - run[-1].number in (1, 0.5):  # 0.5: to or from "đ)"
                run.append(later)
            elif later.number == 1:
                break
        if len(run) >= 2:
            runs.append(run)
    return runs


def kind_of(lead_in: str) -> str:
    """The kind whose cue comes last in the lead-in
    ("để làm tốt nhiệm vụ, cần các giải pháp sau" → giải pháp)."""
    folded = fold(lead_in)
    best, best_at = "khác", -1
    for kind, cues in KIND_CUES.items():
        at = max(folded.rfind(cue) for cue in cues)
        if at > best_at:
            best, best_at = kind, at
    return best


def announces_list(lead_in: str) -> bool:
    folded = fold(lead_in).rstrip()
    return folded.endswith(":") or any(cue in folded for cue in LEAD_IN_CUES)


def explicit_lead_in(lead_in: str) -> bool:
    """A lead-in that names lessons, solutions or tasks and introduces what follows ("… rút
    ra một số bài học kinh nghiệm như sau:"): evidence enough for items of any length."""
    folded = fold(lead_in).rstrip()
    introduces = folded.endswith((":", " sau")) or "nhu sau" in folded or "sau day" in folded
    return introduces and kind_of(lead_in) != "khác"


def looks_like_contents(run: list[Marker], lead_in: str = "") -> bool:
    """Slogans and tables of contents: quoted or upper-case items, or short one-line items
    where no explicit lead-in announces lessons."""
    rests = [m.rest.strip() for m in run]
    if all(r[:1] in "\"“'‘" or (r.isupper() and len(r) > 3) for r in rests):
        return True
    single_lines = all(b.index - a.index == 1 for a, b in zip(run, run[1:], strict=False))
    short = sum(len(r.split()) for r in rests) / len(rests) < 6
    return single_lines and short and not explicit_lead_in(lead_in)


def keeps_run(run: list[Marker], lead_in: str) -> bool:
    """Word-ordinal passages ("Một là …", "Thứ nhất …") are enumerations whatever their
    lead-in; digit and letter lists only under a lead-in announcing lessons, solutions,
    tasks, requirements or points (prize lists and agendas are numbered too)."""
    if run[0].family == "word":
        return not looks_like_contents(run, lead_in)
    announced = announces_list(lead_in) and kind_of(lead_in) in LIST_KINDS
    return announced and not looks_like_contents(run, lead_in)


def item_end(run: list[Marker], position: int, paragraphs: list[str]) -> int:
    """Index after the last paragraph of item `position`; the last item keeps following
    paragraphs only where earlier items spanned several and no conclusion starts."""
    if position + 1 < len(run):
        return run[position + 1].index
    start = run[position].index + 1
    multi = any(b.index - a.index > 1 for a, b in zip(run, run[1:], strict=False))
    end = start
    while multi and end < len(paragraphs) and not fold(paragraphs[end]).startswith(CONCLUSION_CUES):
        if (marker := find_marker(end, paragraphs[end])) and marker.number == 1:
            break  # a new list starts
        end += 1
    return end


def heading_of(rest: str) -> str:
    found = SENTENCE_END.search(rest)
    heading = rest[: found.start()] if found else rest
    return heading.strip(" .;:")


def lesson_of(item: Marker, following: list[str], ordinal: int, kind: str) -> Lesson:
    """The lesson of a marked paragraph and the paragraphs that continue its item."""
    text = "\n\n".join(p for p in [item.rest.strip(), *following] if p)
    marker = item.marker.rstrip(" ,;:–-") if item.family == "word" else item.marker
    return Lesson(ordinal, marker, heading_of(item.rest), text, kind)


def extract_lessons(paragraphs: list[str], title: str = "") -> list[Lesson]:
    """Every item of each announced list in the paragraphs, in order; the title is the
    lead-in of a list that starts the text."""
    markers = [m for i, p in enumerate(paragraphs) if (m := find_marker(i, p))]
    lessons: list[Lesson] = []
    covered_until = -1
    for run in find_runs(markers):
        if run[0].index <= covered_until:
            continue  # sub-items ("a)", "b)") of an accepted item
        lead_in = paragraphs[run[0].index - 1] if run[0].index else title
        if not keeps_run(run, lead_in):
            continue
        kind = kind_of(lead_in)
        for position, item in enumerate(run):
            end = item_end(run, position, paragraphs)
            following = paragraphs[item.index + 1 : end]
            lessons.append(lesson_of(item, following, len(lessons) + 1, kind))
            covered_until = end - 1
    return lessons
