"""Text normalisation shared by every text field and by the search index.

`normalize` gives NFC, one tone-mark convention and collapsed whitespace. The convention is
the placement most portals use: open "oa/oe/uy" marked on the first vowel ("hòa", "thủy",
"khỏe"), closed ones on the last ("toàn", "hoạch"), a vowel with its own diacritic always
("người", "quốc"). `fold` gives the diacritic-free, lower-case form typed by users
("phat trien dang vien")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
VOWELS = set("aăâeêioôơuưy")
MARKED_VOWELS = set("ăâêôơư")  # a vowel with its own diacritic takes the tone
ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "kh",
    "ph",
    "th",
    "tr",
    "gi",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
)
CODAS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
WORD = re.compile(r"[^\W\d_]+")
SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")


def normalize(text: str | None) -> str:
    """NFC, one tone-mark placement, whitespace collapsed to single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = WORD.sub(lambda m: fix_tone_placement(m.group()), text)
    return SPACES.sub(" ", text).strip()


def strip_marks(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# Latin letters with marks (Vietnamese included) and combining marks, stripped in one
# str.translate: folding is on every comparison, and NFD per character was its main cost.
FOLD_TABLE = {
    code: strip_marks(chr(code))
    for code in (*range(0xC0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00))
    if strip_marks(chr(code)) != chr(code)
}


def fold(text: str | None) -> str:
    """Marks stripped, đ→d, lower case: the form people type without a Vietnamese keyboard."""
    if not text:
        return ""
    stripped = text.translate(FOLD_TABLE)
    if not stripped.isascii():  # marks on other scripts: the general (slower) way
        stripped = strip_marks(stripped)
    return SPACES.sub(" ", stripped.lower()).strip()


def split_tone(syllable: str) -> tuple[str, str | None]:
    """The syllable without its tone mark (NFC), and the tone's combining character."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return syllable, None
    base = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", base), tones[0]


def tone_position(base: str) -> int | None:
    """Index in `base` (lower case, toneless) of the vowel carrying the tone, or None when
    the word is not shaped like a Vietnamese syllable (then it is left alone)."""
    onset = next((o for o in ONSETS if base.startswith(o)), "")
    if onset in ("gi", "qu") and (len(base) == len(onset) or base[len(onset)] not in VOWELS):
        onset = onset[0]  # "gì": the i is the vowel
    start = len(onset)
    end = start
    while end < len(base) and base[end] in VOWELS:
        end += 1
    nucleus, coda = base[start:end], base[end:]
    if not nucleus or len(nucleus) > 3 or coda not in CODAS:
        return None
    marked = [i for i, c in enumerate(nucleus) if c in MARKED_VOWELS]
    if marked:
        return start + marked[-1]
    if coda:
        return start + len(nucleus) - 1  # "toàn", "hoạch"
    return start + (1 if len(nucleus) == 3 else 0)  # "hòa", "thủy", "khỏe", "ngoài"


@lru_cache(maxsize=65536)  # a few thousand distinct syllables make up Vietnamese text
def fix_tone_placement(word: str) -> str:
    """'hoà' → 'hòa', 'thuỷ' → 'thủy', 'tòan' → 'toàn'; anything else unchanged."""
    if word.isascii():
        return word
    base, tone = split_tone(word)
    if tone is None:
        return word
    position = tone_position(base.lower())
    if position is None:
        return word
    toned = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base[position]) + tone)
    fixed = base[:position] + toned + base[position + 1 :]
    return fixed if len(fixed) == len(word) else word
