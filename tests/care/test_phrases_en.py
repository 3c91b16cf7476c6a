"""The English phrase table: every rule compiles, and every kind of danger is met by the
sentences the flag tests hold."""

import re

from cms.care import phrases_en
from tests.care.test_flags import MUST_FLAG


def test_every_rule_compiles() -> None:
    for patterns in [*phrases_en.DANGER.values(), phrases_en.PAST, phrases_en.NOT_NOW]:
        for pattern in patterns:
            re.compile(pattern)


def test_every_kind_of_danger_is_in_the_tables() -> None:
    assert set(phrases_en.DANGER) == {kind for _, kind in MUST_FLAG}
