"""The words a phrase rule needs: every match of the rule holds one, so skipping a sentence
without any never skips a match, and the care check reads every sentence as it did before.

Checked three ways: on patterns written to probe each part of the reading, on text that
Hypothesis builds from each of the English rules themselves, and on every sentence of the
tables and the writers' files, against the check with no words skipped.
"""

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cms.care import flags, likeness, likeness_training
from cms.care.needed_words import needed_words
from tests.support.properties import repeatable

RULES = flags._rules("en")
DANGER = [(kind, pattern) for kind, patterns in RULES.danger.items() for pattern in patterns]
NEEDS = [needs for kind in RULES.danger for needs in RULES.needs[kind]]
SENTENCES = [
    comment
    for path in sorted((likeness.HERE / "sentences_en").glob("*.tsv"))
    for _, comment in likeness_training.rows_of(path)
]
PROPERTY = repeatable(25, HealthCheck.filter_too_much)


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"kill", {"kill"}),
        (r"\bend it\b", {"end it"}),
        # \b takes no character; a class takes one it may choose, so it ends the word.
        (r"go\b away", {"go away"}),
        (r"kill[sz]ed", {"kill"}),
        (r"^goodbye[.!]*$", {"goodbye"}),
        (r"\b(?:took|taken) pills\b", {" pills"}),
        # The parser takes the "o" both share out in front of the choice.
        (r"\b(?:overdosing|od'?ing)\b", {"verdosing", "ing"}),
        (r"\bkill(?:ing)? my ?self\b", {"kill"}),
        (r"(?:a|b)(?:longer|words)", {"longer", "words"}),
        (r"(?:gone|dead)+ now", {"gone", "dead"}),
        (r"(?:gone|dead)* x", {" x"}),
        (r"(?:maybe)? x", {" x"}),
        (r"a(?=bc)", {"a"}),
        (r"(kill)\1", {"kill"}),
    ],
)
def test_a_rule_needs_the_longest_words_one_of_its_parts_cannot_match_without(pattern, words):
    assert needed_words(re.compile(pattern)) == words


@pytest.mark.parametrize(
    "pattern",
    [
        r"[a-z]+",
        r".{3}",
        r"(?:maybe)?",
        r"(?:word|\w+)",
        r"(?i)kill",
        r"(?i:kill)",
        r"(?=kill)",
        r"(?:kill|)",
    ],
)
def test_a_rule_whose_words_are_not_sure_is_always_searched(pattern: str) -> None:
    assert needed_words(re.compile(pattern)) is None


def test_every_english_rule_has_words_to_look_for() -> None:
    # Not needed for the check to be right, but a rule without any is searched every time.
    assert all(needs for needs in NEEDS)


@pytest.mark.parametrize(("kind", "pattern"), DANGER, ids=[p.pattern[:40] for _, p in DANGER])
@PROPERTY
@given(data=st.data())
def test_every_match_of_a_rule_holds_one_of_its_words(kind, pattern, data) -> None:
    needs = NEEDS[DANGER.index((kind, pattern))]
    text = data.draw(st.from_regex(pattern))
    for match in pattern.finditer(text):
        assert needs is None or any(word in match.group(0) for word in needs), match


def _phrases_searching_every_rule(text: str) -> tuple[flags.Flag | None, frozenset[str]]:
    """The phrase rules as they read before any was skipped: each searched in every sentence."""
    first, found = None, set()
    for said in flags._sentences(text):
        sentence = flags._Sentence(said, RULES)
        for kind, pattern in DANGER:
            for match in pattern.finditer(said):
                if sentence.ruled_out(match, kind):
                    found.add(f"ruled out: {kind}")
                    continue
                found.add(f"said: {kind}")
                first = first or flags.Flag(kind, match.group(0))
    return first, frozenset(found)


def test_every_written_sentence_reads_as_it_did_with_every_rule_searched() -> None:
    assert len(SENTENCES) > 1000
    for sentence in SENTENCES:
        assert flags.phrases(sentence) == _phrases_searching_every_rule(sentence), sentence


@PROPERTY
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join))
def test_several_sentences_together_read_as_with_every_rule_searched(text: str) -> None:
    assert flags.phrases(text) == _phrases_searching_every_rule(text)
