"""The English rules for thoughts of suicide and for goodbyes: each compiles, and each kind of
phrasing a writer found missing is met by the list it belongs to."""

import re

import pytest

from cms.care.phrases_en_suicide import GOODBYE, SUICIDE


def _met(patterns: list[str], sentence: str) -> bool:
    return any(re.search(p, sentence) for p in patterns)


def test_every_rule_compiles() -> None:
    for pattern in [*SUICIDE, *GOODBYE]:
        re.compile(pattern)


@pytest.mark.parametrize(
    "sentence",
    [
        "i am nothing but a burden to my kids",
        "they'd be better off if i wasnt around",
        "there's no reason left for me to stay alive",
        "i picked the date",
        "im gonna drive my car into a tree",
        "hoping the next one takes me",
    ],
)
def test_thoughts_of_suicide_are_met(sentence: str) -> None:
    assert _met(SUICIDE, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "i gave away my guitar",
        "dont need them where im going",
        "i've put my affairs in order",
        "deleting all my accounts after this",
    ],
)
def test_goodbyes_are_met(sentence: str) -> None:
    assert _met(GOODBYE, sentence)


def test_a_date_for_something_else_is_no_plan() -> None:
    assert not _met(SUICIDE, "we picked the date for the wedding")
    assert not _met(SUICIDE, "i set a date to quit drinking")
