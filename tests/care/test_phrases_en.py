"""The English phrase table: every rule compiles, and every kind of danger is met by the
sentences the flag tests hold."""

import re

from cms.care import phrases_en
from tests.care.test_flags import TABLES


def test_every_rule_compiles() -> None:
    lists = [phrases_en.PAST, phrases_en.HYPOTHETICAL, phrases_en.NOT_NOW, phrases_en.PRESENT]
    for patterns in [*phrases_en.DANGER.values(), *lists]:
        for pattern in patterns:
            re.compile(pattern)
    re.compile(phrases_en.CLAUSE_BREAK)
    re.compile(phrases_en.QUOTED_TOPIC)


def test_every_kind_of_danger_is_in_the_tables() -> None:
    assert set(phrases_en.DANGER) == {kind for kind, _ in TABLES} - {"none"}
    assert phrases_en.SPARED <= set(phrases_en.DANGER)


def test_a_clause_breaks_at_a_joining_word_but_not_inside_a_word() -> None:
    breaks = re.compile(phrases_en.CLAUSE_BREAK)
    assert len(breaks.split("it was last year, but tonight i want to die")) == 2
    assert len(breaks.split("i can't stand butter and jam")) == 2
    assert len(breaks.split("butterfly sandwich")) == 1
