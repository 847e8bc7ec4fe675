"""Places, organisations and people named in an article.

Vietnamese administrative patterns do most of the work ("xã Ia Le", "Đảng ủy xã Ia Le",
"Ban Thường vụ Huyện ủy", "đồng chí Nguyễn Văn A"): measured, underthesea's CRF NER splits or
mislabels most organisations and costs ≈ 0.1 s per KB, more than the whole extraction, so it
is not run on whole articles. Places are found and resolved in nlp/places.py (with the
vietnamadminunits gazetteer, nlp/gazetteer.py), using the article's and its site's context.

With `ner=True`, underthesea's NER also reads short candidate spans (a clause starting at
"Ông", "Bà", "đồng chí" or a title such as "Bí thư", "Chủ tịch"), a few per article, and its
PER names are merged with the pattern results; see benchmarks/README.md for its cost."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from nlp import gazetteer
from nlp.article import Place
from nlp.places import LEVEL_BEFORE, LEVEL_PATTERN, LEVELS, capitalised_run, find_places

MAX_TEXT = 60_000  # bounded time: entities come from the first 60k characters
ORG_HEADS = (
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Chỉ đạo",
    "Ủy ban Kiểm tra",
    "Ủy ban nhân dân",
    "Ủy ban MTTQ",
    "Ủy ban Mặt trận Tổ quốc",
    "Hội đồng nhân dân",
    "Mặt trận Tổ quốc",
    "Hội Nông dân",
    "Hội Liên hiệp Phụ nữ",
    "Hội LHPN",
    "Hội Cựu chiến binh",
    "Đoàn Thanh niên",
    "Đảng ủy",
    "Đảng bộ",
    "Chi bộ",
    "Huyện ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Thị ủy",
    "Huyện đoàn",
    "Tỉnh đoàn",
    "Trung tâm Chính trị",
    "UBND",
    "HĐND",
    "MTTQ",
    "Công an",
    "Sở",
)
ORG_PATTERN = re.compile(r"(?<!\w)(" + "|".join(re.escape(h) for h in ORG_HEADS) + r")(?!\w)")
# A title right after a name with no comma between: "ông Nguyễn Văn Hải Phó Chủ tịch UBND".
TITLE_AFTER_NAME = re.compile(
    r"\s(?:Phó\s+)?(?:Bí thư|Chủ tịch|Giám đốc|Trưởng [Bb]an|Trưởng [Pp]hòng|Ủy viên"
    r"|Thường trực|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy)(?!\w)"
)
PERSON_TRIGGER = re.compile(r"(?<!\w)(?:ông|bà|đồng chí|đ/c|anh|chị|thầy|cô)\s+", re.I)
# First words of a title, never of a name: "đồng chí Trưởng Ban Dân vận", "Phó Chủ nhiệm".
TITLE_WORDS = frozenset("Trưởng Phó Chủ Bí Giám Ủy Thường Chánh Tổng Đại Thượng Thiếu".split())


# Names the organisation patterns must take whole: lowercase syllables included ("Ban Chấp hành
# Trung ương", "Sở Thông tin và Truyền thông", "Trường Tiểu học"), longest first, any case.
FIXED_QUALIFIERS = (
    r"Trung ương(?: Đảng)?",
    r"Mặt trận Tổ quốc(?: Việt Nam)?",
    r"Cộng sản Hồ Chí Minh",
    r"Chữ thập đỏ",
    r"Việt Nam",
    r"Thông tin và Truyền thông",
    r"Kế hoạch và Đầu tư",
    r"Lao động ?[-–]? ?Thương binh và Xã hội",
    r"Giáo dục và Đào tạo",
    r"Tài nguyên và Môi trường",
    r"Nông nghiệp và Phát triển nông thôn",
    r"Văn hóa, Thể thao và Du lịch",
    r"Khoa học và Công nghệ",
    r"Giao thông vận tải",
    r"Công [Tt]hương",
    r"Tài chính",
    r"Nội vụ",
    r"Tư pháp",
    r"Y tế",
    r"Xây dựng",
    r"Trường (?:Tiểu học|Mầm non|Trung học cơ sở|Trung học phổ thông|Phổ thông dân tộc \w+ trú)",
    r"[A-ZĐ]{1,5}(?: ?[&\-–] ?[A-ZĐ]{1,5})+",  # "TT&TT", "LĐ-TB&XH"
)
FIXED_PATTERN = re.compile("(?:" + "|".join(FIXED_QUALIFIERS) + r")(?!\w)", re.I)
LEVEL_WORD = re.compile("(?:" + "|".join(LEVELS) + r")(?!\w)", re.I)
# Complete names recorded even with no qualifier.
STANDALONE_ORGS = re.compile(r"(?<!\w)(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương)(?!\w)")
# A title right before an organisation: the capitalised words after it may be the holder's
# name, not the unit's ("Bí thư Chi bộ Rơ Mah Hlen dành …").
TITLE_BEFORE = re.compile(
    r"(?:Bí thư|Chủ tịch|Giám đốc|Trưởng [Bb]an|Trưởng|Chánh [Vv]ăn phòng|Ủy viên|Chủ nhiệm"
    r"|Trưởng [Pp]hòng|Chỉ huy trưởng|Thường trực) $"
)
# First syllables of personal names: common Kinh surnames and Central Highlands clan names.
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương"
    " Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Lương Cao Châu Đinh Lưu Quách Kiều Thái Triệu La"
    " Rơ Ksor Siu Kpă Kpuih Puih Rah Nay Rcom Mlô Êban Niê Byă Bdap Ayun Hiao Y H'".split()
)


def find_organizations(
    text: str, people: Sequence[str] = (), places: Sequence[Place] = ()
) -> list[str]:
    """Organisation heads with their qualifier: another head, a fixed name, a unit, or a
    proper name; cut before a person's name (one of `people`, or a name after a title) and
    after a unit's name the places resolved (`places`)."""
    found: dict[str, None] = {m.group(): None for m in STANDALONE_ORGS.finditer(text)}
    for match in ORG_PATTERN.finditer(text):
        end = qualified_end(text, match.end(), places, TITLE_BEFORE.search(text, 0, match.start()))
        end = before_people(text, match.end(), end, people)
        if end > match.end():
            found[text[match.start() : end]] = None
    return [org for org in found if not any(org != other and org in other for other in found)]


def qualified_end(text: str, end: int, places: Sequence[Place], after_title) -> int:
    """The end of the qualifiers that follow an organisation head ending at `end`: heads and
    fixed names, then a proper name ("Ban Chỉ đạo 35"), then a unit ("huyện Ia Grai")."""
    named = False
    while text[end : end + 1] == " ":
        if not named and (
            nxt := ORG_PATTERN.match(text, end + 1) or FIXED_PATTERN.match(text, end + 1)
        ):
            end = nxt.end()
        elif level := LEVEL_PATTERN.match(text, end + 1):
            name, _ = capitalised_run(text, level.end())
            if name:
                end = level.end() + len(known_place(name, level.group(1).lower(), places))
            elif level.group()[0].isupper():  # "UBND Thành phố": the site's own unit
                end = level.start() + len(level.group(1))
            break
        elif (level := LEVEL_WORD.match(text, end + 1)) and level.group()[0].isupper():
            end = level.end()  # "HĐND Thành phố."
            break
        else:
            name, name_end = capitalised_run(text, end + 1)
            name_end = proper_qualifier_end(text, end + 1, name, name_end, after_title)
            if named or name_end <= end + 1:
                break
            end, named = name_end, True
    return end


def proper_qualifier_end(text: str, start: int, name: str, end: int, after_title) -> int:
    """The end of a proper-name qualifier, `start` where there is none: not a count ("UBND 30
    quận"), not a holder's name after a title ("Bí thư Chi bộ Rơ Mah Hlen", "Phó Chủ tịch
    UBND TP Lê Hồng Sơn"), not one syllable of a sentence-case name the patterns do not know
    ("Sở Công thương", "Ban Chỉ đạo Đề án số hóa")."""
    words = name.split()
    if not words:
        return start
    if name.isdigit():
        level = LEVEL_WORD.match(text, end + 1)
        counted = level and not capitalised_run(text, level.end() + 1)[0]
        return start if counted else end
    if after_title and (surname := next((w for w in words if w in SURNAMES), None)):
        at = text.index(surname, start)  # the name starts at its first surname-like word
        return len(text[:at].rstrip()) if at > start else start
    after = text[end : end + 4]
    cut = (after[:1] == " " and after[1:2].islower()) or after.startswith(("...", "…"))
    return start if len(words) == 1 and not name.isupper() and cut else end


def known_place(name: str, level: str, places: Sequence[Place]) -> str:
    """A unit's name run into the words after it ("xã Ia Krái Rơ Mah Hơn") cut to the place
    resolved there."""
    for place in sorted(places, key=lambda p: len(p.name), reverse=True):
        if place.level == level and name.startswith(place.name + " "):
            return place.name
    return name


def before_people(text: str, start: int, end: int, people: Sequence[str]) -> int:
    """`end`, or the end of the words before the first person named between start and end."""
    for person in people:
        at = text.find(person, start, end + len(person))
        if at > start and at < end:
            end = len(text[:at].rstrip())
    return end


def find_people(text: str) -> list[str]:
    found: dict[str, None] = {}
    for match in PERSON_TRIGGER.finditer(text):
        name, end = capitalised_run(text, match.end(), limit=5)
        title = TITLE_AFTER_NAME.search(text, match.end(), end + 12)
        if title and title.start() < end:
            name = text[match.end() : title.start()]
        if person_shaped(name):
            found[name] = None
    return list(found)


def person_shaped(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 5
        and not any(w.isdigit() for w in words)
        and words[0] not in TITLE_WORDS
        and not ORG_PATTERN.match(name)
        and not LEVEL_PATTERN.match(name)
    )


def is_organization(text: str, start: int) -> bool:
    return ORG_PATTERN.match(text, start) is not None


def find_entities(
    text: str, ner: bool = False, url: str = "", site_text: str = ""
) -> tuple[list[Place], list[str], list[str]]:
    """Places, organisations and people of an article's text. `url` and `site_text` (the
    page title with the site's name, a banner) only narrow the places' gazetteer look-ups."""
    text = text[:MAX_TEXT]
    people = find_people(text)
    if ner:
        people = merge_people(people, ner_people(ner_spans(text)))
    gazetteer.index()  # loaded on the first article, places or not: a steady cost after
    places = find_places(text, url, site_text[:2000], is_organization)
    people = without_places(people, places)
    return places, find_organizations(text, people, places), people


def without_places(people: list[str], places: list[Place]) -> list[str]:
    """People without a resolved place's name run into them: NER reads "Chủ tịch UBND xã
    Ia Krái Rơ Mah Hơn" as one name."""
    names = sorted({p.name for p in places if p.code}, key=len, reverse=True)
    kept: dict[str, None] = {}
    for person in people:
        for name in names:
            if person.startswith(name + " "):
                person = person[len(name) + 1 :]
                break
        if person_shaped(person):
            kept[person] = None
    return list(kept)


# ---- NER on candidate spans -----------------------------------------------------------------

NER_TRIGGER = re.compile(
    r"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|(?:Phó )?Bí thư|(?:Phó )?Chủ tịch|Giám đốc"
    r"|Trưởng [Bb]an|Trưởng [Pp]hòng)\s+(?=\w)"
)
HONORIFIC = re.compile(r"[Ôô]ng|[Bb]à|[Đđ]ồng chí")
NAME_WORD = re.compile(r"[^\W\d_][\w'’ʼ]*")
SPAN_END = re.compile(r"[.;:!?\n(]")
MAX_NER_SPANS = 3  # ≈ 7 ms per 60-character span: a few per article, never the whole text
NER_SPAN_CHARS = 70


def ner_spans(text: str) -> list[str]:
    """Clauses starting at a person trigger where the patterns' reading is doubtful: a name
    after a title and its organisation ("Bí thư Chi bộ Rơ Mah Khang", "Chủ tịch Hội Nông dân
    xã Ia Le Siu Blơh")."""
    spans: list[str] = []
    for match in NER_TRIGGER.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].split()
        if before and before[-1][:1].isupper() and not before[-1].endswith((".", ",")):
            continue  # part of a proper name: "Hai Bà Trưng", "phố Bà Triệu"
        end = SPAN_END.search(text, match.end(), match.end() + NER_SPAN_CHARS)
        span = text[match.start() : end.start() if end else match.end() + NER_SPAN_CHARS]
        if span not in spans and doubtful(span, match.end() - match.start()):
            spans.append(span)
            if len(spans) == MAX_NER_SPANS:
                break
    return spans


def doubtful(span: str, trigger_end: int) -> bool:
    if HONORIFIC.match(span):  # "ông Ksor H'Bla": the patterns read it, apostrophes too
        return False
    for start, words in capital_runs(span, trigger_end):  # a title: a name after its unit?
        if ORG_PATTERN.match(span, start):
            continue
        after_level = LEVEL_BEFORE.search(span, 0, start)  # "xã Ia Le" + a name: 4+ words
        if len(words) >= (4 if after_level else 2):
            return True
    return False


def capital_runs(text: str, start: int):
    """(offset, words) of each run of capitalised words separated by single spaces."""
    run: list[str] = []
    run_start = end = start
    for match in NAME_WORD.finditer(text, start):
        word = match.group()
        joined = run and text[end : match.start()] == " "
        if word[0].isupper() and (joined or not run):
            run_start = run_start if run else match.start()
            run.append(word)
        elif run:
            yield run_start, run
            run = [word] if word[0].isupper() else []
            run_start = match.start()
        end = match.end()
    if run:
        yield run_start, run


def ner_people(spans: list[str]) -> list[str]:
    """PER entities of underthesea's CRF NER, kept when shaped like a personal name."""
    ner = ner_model()  # loaded on the first call with ner=True, spans or not
    found: dict[str, None] = {}
    for span in spans:
        names: list[list[str]] = []
        previous = "O"
        try:
            tagged = ner(span)
        except Exception:  # a third-party model: a span it cannot tag only loses its names
            continue
        for word, _, _, tag in tagged:
            if tag == "I-PER" and previous.endswith("PER"):
                names[-1].append(word)
            elif tag.endswith("PER"):
                names.append([word])
            previous = tag
        for words in names:
            name = " ".join(" ".join(words).split())
            if all(w[:1].isupper() for w in name.split()) and person_shaped(name):
                found[name] = None
    return list(found)


@cache
def ner_model():
    from underthesea import ner

    ner("Ông Nguyễn Văn A")  # the first call loads the CRF models (≈ 0.8 s)
    return ner


def merge_people(pattern_names: list[str], ner_names: list[str]) -> list[str]:
    """Pattern names, each replaced by the NER reading of the same name when one extends or
    trims the other ("Nguyễn Văn Hải Bí" → "Nguyễn Văn Hải")."""
    merged = []
    for name in pattern_names:
        same = [n for n in ner_names if n.startswith(name) or name.startswith(n)]
        merged.append(same[0] if same else name)
    return list(dict.fromkeys(merged + ner_names))
