"""Normalisation: NFC, one tone-mark placement, whitespace, and the folded search form."""

import unicodedata

import pytest

from nlp.normalize import fold, normalize


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("tòan", "toàn"),
        ("kế họach", "kế hoạch"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("ngòai", "ngoài"),
    ],
)
def test_old_tone_placement_is_rewritten(given, expected):
    assert normalize(given) == expected


@pytest.mark.parametrize(
    "word", ["người", "quốc", "quý", "giá", "gì", "huỳnh", "khuỷu", "café", "Pưh"]
)
def test_words_already_in_convention_are_unchanged(word):
    assert normalize(word) == word


def test_decomposed_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Đảng ủy xã Ia Le")
    assert normalize(decomposed) == "Đảng ủy xã Ia Le"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


def test_whitespace_collapses_including_nbsp_and_zero_width():
    assert normalize("  Minh\u00a0\u00a0Châu\u200b \n\t ") == "Minh Châu"


def test_fold_strips_marks_and_d_bar():
    assert fold("Phát triển Đảng viên") == "phat trien dang vien"
    assert fold("hoà") == fold("hòa") == "hoa"
