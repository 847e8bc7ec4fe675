"""Places, organisations and people named in an article.

Vietnamese administrative patterns do most of the work ("xã Ia Le", "Đảng ủy xã Ia Le",
"Ban Thường vụ Huyện ủy", "đồng chí Nguyễn Văn A"): measured, underthesea's CRF NER splits or
mislabels most organisations and costs ≈ 0.1 s per KB, more than the whole extraction, so it
is not run on whole articles. Places are resolved with the vietnamadminunits gazetteer, both to
the units of the time (legacy 63 provinces, with districts) and to the units after the
1 July 2025 merger.

With `ner=True`, underthesea's NER also reads short candidate spans (a clause starting at
"Ông", "Bà", "đồng chí" or a title such as "Bí thư", "Chủ tịch"), a few per article, and its
PER names are merged with the pattern results; see benchmarks/README.md for its cost."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nlp.article import Place
from nlp.normalize import fold

MAX_TEXT = 60_000  # bounded time: entities come from the first 60k characters
LEVELS = (
    "thị trấn",
    "thị xã",
    "thành phố",
    "tổ dân phố",
    "xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "thôn",
    "làng",
    "buôn",
    "bản",
    "ấp",
    "khu phố",
)
LEVEL_PATTERN = re.compile(r"(?<!\w)(" + "|".join(LEVELS) + r")\s+(?=\S)", re.I)
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
LEVEL_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(LEVELS) + r")\s+$", re.I)
# A title right after a name with no comma between: "ông Nguyễn Văn Hải Phó Chủ tịch UBND".
TITLE_AFTER_NAME = re.compile(
    r"\s(?:Phó\s+)?(?:Bí thư|Chủ tịch|Giám đốc|Trưởng [Bb]an|Trưởng [Pp]hòng|Ủy viên"
    r"|Thường trực|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy)(?!\w)"
)
PERSON_TRIGGER = re.compile(r"(?<!\w)(?:ông|bà|đồng chí|đ/c|anh|chị|thầy|cô)\s+", re.I)
TOKEN = re.compile(r"[^\W_][\w]*|\S")
PROVINCE_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
MAX_NAME_WORDS = 4


def capitalised_run(text: str, start: int, limit: int = MAX_NAME_WORDS) -> tuple[str, int]:
    """Consecutive capitalised words (or numbers, as in "thôn 5") from `start`."""
    words: list[str] = []
    end = start
    for match in TOKEN.finditer(text, start):
        word = match.group()
        gap = text[end : match.start()]
        if words and (gap.strip() or "\n" in gap):
            break
        if not (word[0].isupper() or (word.isdigit() and not words)) or len(words) >= limit:
            break
        words.append(word)
        end = match.end()
    return " ".join(words), end


def find_places(text: str) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for match in LEVEL_PATTERN.finditer(text):
        name, _ = capitalised_run(text, match.end())
        if name:
            found[(match.group(1).lower(), name)] = None
    return list(found)


def find_organizations(text: str) -> list[str]:
    """Organisation heads with their qualifier: another head, a unit, or a proper name."""
    found: dict[str, None] = {}
    for match in ORG_PATTERN.finditer(text):
        end = match.end()
        while True:
            nxt = ORG_PATTERN.match(text, end + 1) if text[end : end + 1] == " " else None
            level = LEVEL_PATTERN.match(text, end + 1) if text[end : end + 1] == " " else None
            if nxt:
                end = nxt.end()
            elif level:
                name, name_end = capitalised_run(text, level.end())
                end = name_end if name else end
                break
            else:
                name, name_end = capitalised_run(text, end + 1)
                end = name_end if name and text[end : end + 1] == " " else end
                break
        if end > match.end():
            found[text[match.start() : end]] = None
    return [org for org in found if not any(org != other and org in other for other in found)]


def find_people(text: str) -> list[str]:
    found: dict[str, None] = {}
    for match in PERSON_TRIGGER.finditer(text):
        name, end = capitalised_run(text, match.end(), limit=5)
        title = TITLE_AFTER_NAME.search(text, match.end(), end + 12)
        if title and title.start() < end:
            name = text[match.end() : title.start()]
        words = name.split()
        if 2 <= len(words) <= 5 and not any(w.isdigit() for w in words):
            if not ORG_PATTERN.match(name) and not LEVEL_PATTERN.match(name):
                found[name] = None
    return list(found)


def find_entities(text: str, ner: bool = False) -> tuple[list[Place], list[str], list[str]]:
    text = text[:MAX_TEXT]
    people = find_people(text)
    if ner:
        people = merge_people(people, ner_people(ner_spans(text)))
    gazetteer()  # loaded on the first article, places or not: a steady cost per page after
    return resolve_places(find_places(text)), find_organizations(text), people


# ---- NER on candidate spans -----------------------------------------------------------------

NER_TRIGGER = re.compile(
    r"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|(?:Phó )?Bí thư|(?:Phó )?Chủ tịch|Giám đốc"
    r"|Trưởng [Bb]an|Trưởng [Pp]hòng)\s+(?=\w)"
)
HONORIFIC = re.compile(r"[Ôô]ng|[Bb]à|[Đđ]ồng chí")
NAME_WORD = re.compile(r"[^\W\d_][\w'’]*")
SPAN_END = re.compile(r"[.;:!?\n(]")
MAX_NER_SPANS = 3  # ≈ 7 ms per 60-character span: a few per article, never the whole text
NER_SPAN_CHARS = 70


def ner_spans(text: str) -> list[str]:
    """Clauses starting at a person trigger where the patterns' reading is doubtful: a name
    after a title and its organisation ("Bí thư Chi bộ Rơ Mah Khang", "Chủ tịch Hội Nông dân
    xã Ia Le Siu Blơh"), a name cut at an apostrophe ("Ksor H'Bla")."""
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
    if HONORIFIC.match(span):  # "ông Nguyễn Văn A": the patterns read it unless it runs on
        name, name_end = capitalised_run(span, trigger_end, limit=5)
        words = name.split()
        return bool(name) and span[name_end : name_end + 1] in "'’"
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
            if 2 <= len(name.split()) <= 5 and all(w[:1].isupper() for w in name.split()):
                if not ORG_PATTERN.match(name) and not LEVEL_PATTERN.match(name):
                    found[name] = None
    return list(found)


@cache
def ner_model():
    from underthesea import ner

    ner("Ông Nguyễn Văn A")  # the first call loads the CRF models (≈ 0.8 s)
    return ner


def merge_people(pattern_names: list[str], ner_names: list[str]) -> list[str]:
    """Pattern names, each replaced by the NER reading of the same name when one extends or
    trims the other ("Ksor H" → "Ksor H'Bla", "Nguyễn Văn Hải Bí" → "Nguyễn Văn Hải")."""
    merged = []
    for name in pattern_names:
        same = [n for n in ner_names if n.startswith(name) or name.startswith(n)]
        merged.append(same[0] if same else name)
    return list(dict.fromkeys(merged + ner_names))


# ---- gazetteer --------------------------------------------------------------------------


def resolve_places(mentions: list[tuple[str, str]]) -> list[Place]:
    provinces = [
        n
        for lv, n in mentions
        if lv == "tỉnh" or (lv == "thành phố" and fold(n) in PROVINCE_CITIES)
    ]
    districts = [
        (lv, n)
        for lv, n in mentions
        if lv in ("huyện", "quận", "thị xã")
        or (lv == "thành phố" and fold(n) not in PROVINCE_CITIES)
    ]
    province = provinces[0] if provinces else None
    district = districts[0] if districts else None
    places = []
    for level, name in mentions:
        place = Place(name=name, level=level, province=province)
        if level in ("xã", "phường", "thị trấn"):
            context = [
                f"{level} {name}",
                f"{district[0]} {district[1]}" if district else "",
                f"tỉnh {province}" if province else "",
            ]
            fill(place, ", ".join(c for c in context if c), 3, name)
        elif (level, name) in districts:
            fill(
                place,
                f"{level} {name}, tỉnh {province}" if province else f"{level} {name}",
                2,
                name,
            )
        elif name in provinces:
            fill(place, f"tỉnh {name}", 1, name)
        places.append(place)
    return places


def fill(place: Place, address: str, level: int, name: str) -> None:
    legacy = gazetteer_lookup(address, "LEGACY", level)
    if legacy is None:
        return
    code, short, province, lat, lon = legacy
    if fold(short) != fold(name):
        return  # the gazetteer matched another unit: better no code than a wrong one
    place.code, place.province, place.lat, place.lon = code, province, lat, lon
    new = gazetteer_convert(address) if level == 3 else gazetteer_lookup(address, "FROM_2025", 1)
    if new is not None:
        place.new_code, place.new_name = new[0], new[1]


@cache
def gazetteer():
    """vietnamadminunits' parse_address and convert_address (importing it takes ≈ 1 s)."""
    from vietnamadminunits import convert_address, parse_address

    return parse_address, convert_address


@lru_cache(maxsize=4096)
def gazetteer_lookup(address: str, mode: str, level: int):
    """(code, short name, province, lat, lon) of the unit at `level`, or None."""
    parse_address = gazetteer()[0]
    try:
        unit = parse_address(address, mode=mode, level=level)
    except Exception:  # the package raises assorted errors on addresses it cannot read
        return None
    return unit_fields(unit, level)


@lru_cache(maxsize=4096)
def gazetteer_convert(address: str):
    convert_address = gazetteer()[1]
    try:
        unit = convert_address(address)
    except Exception:  # same: unknown or ambiguous legacy addresses raise
        return None
    return unit_fields(unit, 2)


def unit_fields(unit, level: int):
    code = {1: unit.province_code, 2: unit.district_code or unit.ward_code, 3: unit.ward_code}[
        level
    ]
    short = {1: unit.short_province, 2: unit.short_district or unit.short_ward, 3: unit.short_ward}[
        level
    ]
    if not code or not short:
        return None
    return code, short, unit.short_province, unit.latitude, unit.longitude
