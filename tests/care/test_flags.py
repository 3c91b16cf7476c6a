"""The care check, by sentences: the tables written for the phrase rules must each be read
right, with their kind; the writers' files it was taught on, and one it never saw, must be
read right at least as often as issue 17 asks (90% of danger caught, at most 10% of
ordinary talk flagged)."""

from pathlib import Path

import pytest

from cms.care import likeness, likeness_training
from cms.care.flags import flag_for

HERE = Path(__file__).parent
SENTENCES = likeness.HERE / "sentences_en"
TABLES = likeness_training.rows_of(SENTENCES / "tables.tsv")
# Written by a ninth writer after the weights were taught on eight others, and kept out
# of sentences_en/ so that it stays unseen: the fairest figure of what the check will do.
UNSEEN = likeness_training.rows_of(HERE / "unseen_en.tsv")
CAUGHT, FLAGGED = 0.9, 0.1


@pytest.mark.parametrize(("kind", "sentence"), [r for r in TABLES if r[0] != likeness.NONE])
def test_danger_now_in_the_tables_is_flagged_with_its_kind(kind: str, sentence: str) -> None:
    flag = flag_for(sentence)
    assert flag is not None, sentence
    assert flag.kind == kind


@pytest.mark.parametrize("sentence", [c for kind, c in TABLES if kind == likeness.NONE])
def test_ordinary_recovery_talk_in_the_tables_is_not(sentence: str) -> None:
    assert flag_for(sentence) is None, flag_for(sentence)


def _figures(rows: likeness_training.Rows) -> tuple[float, float]:
    danger = [c for kind, c in rows if kind != likeness.NONE]
    ordinary = [c for kind, c in rows if kind == likeness.NONE]
    caught = sum(flag_for(c) is not None for c in danger) / len(danger)
    return caught, sum(flag_for(c) is not None for c in ordinary) / len(ordinary)


def test_sentences_never_taught_are_read_as_the_issue_asks() -> None:
    caught, flagged = _figures(UNSEEN)
    assert caught >= CAUGHT and flagged <= FLAGGED, (caught, flagged)


@pytest.mark.parametrize("path", likeness_training.sentence_files("en"), ids=lambda p: p.name)
def test_each_writer_taught_on_is_read_as_the_issue_asks(path: Path) -> None:
    caught, flagged = _figures(likeness_training.rows_of(path))
    assert caught >= CAUGHT and flagged <= FLAGGED, (caught, flagged)


def test_the_weights_were_taught_on_the_sentence_files_as_they_are() -> None:
    # Retrain (python -m cms.care.likeness_training) whenever a sentence file changes.
    kept = likeness.weights_path("en").read_text(encoding="utf-8")
    assert likeness_training.digest(likeness_training.sentence_files("en")) in kept[:100]


def test_a_flag_without_a_rules_phrase_shows_the_words_that_weighed_most() -> None:
    flag = flag_for("peace out world, not coming back from this one")
    assert flag is not None and flag.weighed
    assert flag.reason.startswith(f"{flag.kind}, by the likeness of the words: “")
    said = "peace out world not coming back from this one"
    assert all(f" {words} " in f" {said} " for words in flag.phrase.split(" · ")), flag.phrase


def test_the_reason_names_the_kind_and_the_words() -> None:
    flag = flag_for("Some context first. I just want to die.")
    assert flag.reason == "thoughts of suicide: “i just want to die”"


@pytest.mark.parametrize(
    "sentence",
    [
        "My sponsor saved my life once but tonight I'm going to kill myself.",
        "I relapsed two days ago and tonight I want to die.",
        "Ever since my relapse I want to kill myself.",
        "Last year was hard; now I'm going to end it.",
    ],
)
def test_a_past_or_grateful_clause_does_not_cancel_danger_said_for_now(sentence: str) -> None:
    assert flag_for(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "When I was 19 I tried to kill myself.",
        "I used to want to die every morning, and now I run.",
        "Years ago I was cutting myself; now I paint.",
    ],
)
def test_the_past_still_cancels_danger_in_its_own_clause(sentence: str) -> None:
    assert flag_for(sentence) is None, flag_for(sentence)


def test_a_line_quoted_from_a_song_is_a_topic_but_the_same_words_said_are_not() -> None:
    assert flag_for("The song's line 'I want to die' hit me hard.") is None
    assert flag_for("I want to die.") is not None


def test_the_phrase_shown_keeps_the_writers_spelling() -> None:
    assert flag_for("im gonna kms tonight").reason == "thoughts of suicide: “kms”"


def test_a_comment_as_long_as_the_form_takes_full_of_matches_is_read_whole() -> None:
    # One sentence of 16,000 matches: each is ruled on by what the sentence worked out once
    # (flags._Sentence), so a hostile client cannot make the check read it again per match.
    assert flag_for("kms." * 16_000).kind == "thoughts of suicide"
    assert flag_for("last year i wanted to kms, " * 2_400) is None
