"""The words the English rules are built from: the first person as typed in a hurry, the
pills people name, and the "cut myself" that is no wound."""

import re

from cms.care.phrases_en_words import BODY, NOT_A_WOUND, PILLS, SPEAKER


def test_the_first_person_is_met_with_or_without_apostrophes() -> None:
    for typed in ["i", "im", "i'm", "i am", "ive", "i've"]:
        assert re.fullmatch(SPEAKER, typed), typed


def test_pills_are_met_by_the_names_people_use() -> None:
    for name in ["pills", "bars", "tramadol", "klonopin", "norcos", "gabapentin"]:
        assert re.fullmatch(PILLS, name), name


def test_cutting_oneself_off_or_while_cooking_is_no_wound() -> None:
    wound = re.compile(rf"\bcut {BODY}{NOT_A_WOUND}")
    assert wound.search("i cut myself again")
    assert not wound.search("i cut myself off from old friends")
    assert not wound.search("cut myself chopping onions")
