"""The English rules for an overdose now, risky use and self-harm: each compiles, each kind of
phrasing a writer found missing is met, and the everyday look-alikes are not."""

import re

import pytest

from cms.care.phrases_en_overdose import OVERDOSE, RISKY_USE, SELF_HARM


def _met(patterns: list[str], sentence: str) -> bool:
    return any(re.search(p, sentence) for p in patterns)


def test_every_rule_compiles() -> None:
    for pattern in [*OVERDOSE, *RISKY_USE, *SELF_HARM]:
        re.compile(pattern)


@pytest.mark.parametrize(
    ("patterns", "sentence"),
    [
        (OVERDOSE, "she's seizing"),
        (OVERDOSE, "i cant get him to respond"),
        (OVERDOSE, "my brother is on the bathroom floor"),
        (OVERDOSE, "he's foaming at the mouth"),
        (RISKY_USE, "gonna use the same as before"),
        (RISKY_USE, "if i die i die"),
        (SELF_HARM, "i want to carve it into my skin"),
        (SELF_HARM, "the voices are telling me to hurt myself"),
    ],
)
def test_each_kind_is_met(patterns: list[str], sentence: str) -> None:
    assert _met(patterns, sentence)


@pytest.mark.parametrize(
    ("patterns", "sentence"),
    [
        (OVERDOSE, "i cant get my son to wake up for school"),
        (OVERDOSE, "she is on the floor laughing"),
        (OVERDOSE, "my boss was foaming at the mouth about it"),
        (OVERDOSE, "some days i still can't breathe thinking about it"),
        (SELF_HARM, "i cut myself off from old friends"),
    ],
)
def test_everyday_look_alikes_are_not(patterns: list[str], sentence: str) -> None:
    assert not _met(patterns, sentence)
