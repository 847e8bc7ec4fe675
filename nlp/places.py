"""Places named in an article ("xã Ia Le", "huyện Chư Pưh", "làng Kép") and their codes.

A mention is a level word followed, on the same line, by a proper name: each syllable
capitalised (Jrai and Bahnar apostrophes kept: "H'Drai"), not a function word that merely
starts the next sentence ("làng Ở …"), not an organisation ("thôn, làng Chi bộ …"), and not a
title such as "già làng" or "trưởng thôn" followed by a person's name.

Each mention is resolved with the context of its article: the districts and provinces it
names, then those of its site (the page title's suffix, the `<district>.<province>.gov.vn`
host), narrow the gazetteer's candidates for a commune named alone. Two candidates left means
no code: a wrong code is worse than none."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp import gazetteer as G
from nlp.article import Place
from nlp.normalize import normalize

LEVELS = (
    "tổ dân phố",
    "khu phố",
    "thị trấn",
    "thị xã",
    "thành phố",
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
)
NUMBERED_LEVELS = {"tổ dân phố", "khu phố", "thôn", "ấp", "bản", "phường", "quận"}  # "thôn 5"
# A level word then spaces on the same line; not "già làng"/"trưởng thôn" (a person follows).
LEVEL_PATTERN = re.compile(
    r"(?<!\w)(?<!già )(?<!trưởng )(?<!phó )(" + "|".join(LEVELS) + r") +(?=\S)", re.I
)
LEVEL_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(LEVELS) + r") +$", re.I)
PLURAL_BEFORE = re.compile(r"(?<!\w)(?:các|những|\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) $", re.I)
LIST_JOINER = re.compile(r", (?:và )?| và ")
# Syllables (apostrophes of Jrai/Bahnar names inside: "H'Luông", "Y’Bé"), or one other char.
TOKEN = re.compile(r"[^\W_]\w*(?:['’ʼ][^\W\d_]\w*)*|\S")
# Words that start a sentence or clause, capitalised there: never the first word of a
# village's name (units the gazetteer knows are taken whatever their first word).
FUNCTION_WORDS = frozenset(
    "ở tại và các những trong với từ đến theo khi nhưng này đó là có được sau trước để do vì"
    " nên cũng đã sẽ đang còn thì mà hay hoặc mỗi mọi một nhiều cùng qua bởi nhờ tuy nếu song"
    " ngoài bên hiện ngày tháng đây ai gì nào thế vậy rồi lúc hôm ông bà anh chị".split()
)
MAX_NAME_WORDS = 4
Candidates = tuple[G.Unit, ...]  # gazetteer units a mention may name


def capitalised_run(text: str, start: int, limit: int = MAX_NAME_WORDS) -> tuple[str, int]:
    """Consecutive capitalised words (or a number, as in "thôn 5") from `start`, separated by
    single spaces on one line."""
    words: list[str] = []
    end = start
    for match in TOKEN.finditer(text, start):
        word = match.group()
        if text[end : match.start()] != (" " if words else ""):
            break
        if not (word[0].isupper() or (word.isdigit() and not words)) or len(words) >= limit:
            break
        words.append(word)
        end = match.end()
    return " ".join(words), end


@dataclass(frozen=True)
class Mention:
    level: str  # lower case: "xã", "thị trấn", "làng"
    name: str


def find_mentions(text: str, is_organization=lambda text, start: False) -> list[Mention]:
    """Place mentions in text order, one per (level, name). `is_organization(text, start)`
    tells a name that is really an organisation's head ("Chi bộ", "Đảng ủy")."""
    found: dict[tuple[str, str], Mention] = {}
    for match in LEVEL_PATTERN.finditer(text):
        level = match.group(1).lower()
        plural = PLURAL_BEFORE.search(text, max(0, match.start() - 6), match.start())
        start = match.end()
        while (name := place_name(text, start, level, is_organization)) is not None:
            mention, end = name
            found.setdefault((level, normalize(mention.name).lower()), mention)
            joiner = LIST_JOINER.match(text, end)
            if joiner is None or not (plural or listed_unit(text, joiner.end(), level)):
                break
            start = joiner.end()  # "các xã Ia Chia, Ia O và Ia Khai", "xã Ia Chia, Ia O"
    return list(found.values())


def listed_unit(text: str, start: int, level: str) -> bool:
    """A name after a comma that the gazetteer knows at the same level: "xã Ia Chia, Ia O"
    lists two communes; "xã Ia Le, Chư Pưh" names a commune and its district."""
    name, _ = capitalised_run(text, start)
    return bool(name) and bool(G.candidates(level, name))


def place_name(text: str, start: int, level: str, is_organization) -> tuple[Mention, int] | None:
    name, end = capitalised_run(text, start)
    words = name.split()
    if not words or is_organization(text, start) or text.startswith(("...", "…"), end):
        return None  # no name, an organisation, or a name cut short: "Thành phố Hà..."
    if words[0].isdigit():
        if level not in NUMBERED_LEVELS:
            return None
        end = start + len(words[0])  # the number, not capitalised words run on after it
        return Mention(level, numbered_name(level, words[0])), end
    if any(len(w) > 1 and w.isupper() for w in words):
        return None  # a heading in capitals
    if known := gazetteer_prefix(level, words):
        return Mention(level, known), end  # "huyện Từ Sơn", "thị xã Bà Rịa": known units
    if words[0].lower() in FUNCTION_WORDS:
        return None  # the next clause's first word: "… ở làng\n\nỞ làng …"
    return Mention(level, name), end


def numbered_name(level: str, number: str) -> str:
    """A numbered unit is named with its level word, as the gazetteer and people name it:
    "Thôn 1", "Tổ dân phố 5", "Phường 3" (the number alone, "1", names nothing)."""
    return f"{level.capitalize()} {number}"


def gazetteer_prefix(level: str, words: list[str]) -> str | None:
    """The longest leading words the gazetteer knows at this level: a name runs on into the
    person after it in "Chủ tịch UBND xã Ia Krái Rơ Mah Hơn"."""
    if level in G.LEVEL_TYPES:
        for size in range(len(words), 0, -1):
            if G.candidates(level, " ".join(words[:size])):
                return " ".join(words[:size])
    return None


# ---- resolution -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """Units that narrow an article's lookups, most telling first."""

    article: tuple[G.Unit, ...] = ()
    site: tuple[G.Unit, ...] = ()

    def scopes(self) -> list[tuple[G.Unit, ...]]:
        """The article's districts, its provinces, then the site's districts and provinces."""
        scopes = [
            tuple(u for u in units if u.tier == tier)
            for units in (self.article, self.site)
            for tier in (G.DISTRICT, G.PROVINCE)
        ]
        return [scope for scope in scopes if scope]

    def province(self) -> str | None:
        """The one province the article (else its site) lies in, if only one."""
        for units in (self.article, self.site):
            provinces = {u.province for u in units}
            if len(provinces) == 1:
                return provinces.pop()
            if provinces:
                return None
        return None


def narrow(candidates: Sequence[G.Unit], context: Context) -> tuple[G.Unit, ...]:
    """Candidates within each scope in turn, skipping a scope that holds none of them."""
    left = tuple(candidates)
    for scope in context.scopes():
        if len(left) <= 1:
            break
        inside = tuple(c for c in left if any(c.within(unit) for unit in scope))
        left = inside or left
    return left


def resolve_units(mentions: Iterable[Mention], context: Context) -> dict[Mention, Candidates]:
    """The candidates left for each mention; one left means resolved. Provinces first, then
    districts, then communes, each tier adding its resolved units to the article's context."""
    found: dict[Mention, Candidates] = {}
    mentions = [m for m in mentions if m.level in G.LEVEL_TYPES]
    for tier in (G.PROVINCE, G.DISTRICT, G.COMMUNE):
        for mention in mentions:
            candidates = [u for u in G.candidates(mention.level, mention.name) if u.tier == tier]
            if candidates and len(found.get(mention, ())) != 1:
                found[mention] = narrow(candidates, context)
        context = Context(article=resolved_units(found), site=context.site)
    return found


def resolved_units(found: dict[Mention, Candidates]) -> tuple[G.Unit, ...]:
    return tuple(dict.fromkeys(left[0] for left in found.values() if len(left) == 1))


def site_context(url: str, site_text: str, is_organization) -> tuple[G.Unit, ...]:
    """Units the page's host and its site text (title suffix, banner) name."""
    hints = G.host_hints(url)
    found = resolve_units(find_mentions(site_text, is_organization), Context(site=hints))
    named = (u for u in resolved_units(found) if u.tier != G.COMMUNE)
    return tuple(dict.fromkeys([*hints, *named]))


def resolve_places(mentions: list[Mention], site: tuple[G.Unit, ...] = ()) -> list[Place]:
    found = resolve_units(mentions, Context(site=site))
    context = Context(article=resolved_units(found), site=site)
    return [to_place(m, found.get(m, ()), context) for m in mentions]


def to_place(mention: Mention, candidates: Candidates, context: Context) -> Place:
    """The place with its unit's fields; unresolved, with the province all its candidates
    share, else the article's (or site's) one province."""
    if len(candidates) != 1:
        provinces = {u.province for u in candidates}
        province = provinces.pop() if len(provinces) == 1 else context.province()
        return Place(name=mention.name, level=mention.level, province=province)
    unit = candidates[0]
    place = Place(
        name=mention.name,
        level=mention.level,
        code=unit.code,
        province=unit.province,
        lat=unit.lat,
        lon=unit.lon,
    )
    merged = G.merged_unit(unit)
    if merged is not None:
        place.new_name, place.new_code = merged
    return place


def find_places(
    text: str, url: str = "", site_text: str = "", is_organization=lambda text, start: False
) -> list[Place]:
    """Places the text names, resolved with the article's and its site's context."""
    site = site_context(url, site_text, is_organization) if url or site_text else ()
    return resolve_places(find_mentions(text, is_organization), site)
