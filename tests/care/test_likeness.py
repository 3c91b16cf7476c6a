"""The likeness: words read as typed in a hurry, what it weighs, and weights read before a
worker is forked."""

import runpy
import sys
from pathlib import Path

from cms.care import flags, likeness

ROOT = Path(__file__).resolve().parents[2]


def test_short_forms_weigh_as_their_long_forms() -> None:
    assert likeness.words("Im gonna, cant, dont") == likeness.words(
        "I am going to, can not, do not"
    )
    assert likeness.words("I’m done") == ["i", "am", "done"]


def test_it_weighs_words_runs_letters_and_the_rules_findings() -> None:
    found = likeness.features("No way out", frozenset({"said: self-harm"}))
    assert {"no", "no way", "no way out", "< no", "out >", "#<no>", "#<way"} <= found
    assert "said: self-harm" in found


def test_a_reading_is_none_for_ordinary_talk_and_a_kind_for_danger() -> None:
    weights = likeness.weights_for("en")
    assert likeness.reading(weights, "Thank you, day 90 today.", frozenset()) is None
    found = likeness.reading(weights, "goodbye everyone, this is my last night", frozenset())
    assert found is not None and found.kind == "saying goodbye" and found.chance >= 0.45


def test_gunicorn_reads_the_weights_in_the_master_before_forking() -> None:
    likeness.weights_for.cache_clear()
    assert flags.likeness is likeness  # the app preloaded has imported the care check
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    settings["when_ready"](None)
    assert likeness.weights_for.cache_info().currsize == 1


def test_gunicorn_serving_another_app_with_these_settings_reads_nothing(monkeypatch) -> None:
    # make bench serves Isso under the same settings, where there is no cms to import.
    monkeypatch.delitem(sys.modules, "cms.care.flags")
    likeness.weights_for.cache_clear()
    runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["when_ready"](None)
    assert likeness.weights_for.cache_info().currsize == 0
