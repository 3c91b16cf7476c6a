"""Teaching the likeness: the sentence files are read strictly, and the fingerprint kept
with the weights changes with any of them. (Teaching itself needs scikit-learn, which the
site does not install; test_flags.py checks the weights it wrote.)"""

from pathlib import Path

import pytest

from cms.care import likeness, likeness_training


def test_a_sentence_file_gives_each_comment_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "writer.tsv"
    path.write_text("suicide\ti want to die tonight\n\nnone\tday 30 today!\n", encoding="utf-8")
    assert likeness_training.rows_of(path) == [
        ("thoughts of suicide", "i want to die tonight"),
        (likeness.NONE, "day 30 today!"),
    ]


def test_an_unknown_kind_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "writer.tsv"
    path.write_text("none\tfine\nsucide\tmisspelt kind\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"writer.tsv:2: unknown kind 'sucide'"):
        likeness_training.rows_of(path)


def test_every_shipped_sentence_file_reads(tmp_path: Path) -> None:
    for path in likeness_training.sentence_files("en"):
        rows = likeness_training.rows_of(path)
        assert {kind for kind, _ in rows} == {likeness.NONE, *likeness.KINDS.values()}, path


def test_the_fingerprint_changes_with_a_files_words_or_name(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("none\thello\n", encoding="utf-8")
    second.write_text("none\thello\n", encoding="utf-8")
    before = likeness_training.digest([first])
    assert likeness_training.digest([second]) != before
    first.write_text("none\thello!\n", encoding="utf-8")
    assert likeness_training.digest([first]) != before


def test_score_counts_danger_caught_and_ordinary_flagged() -> None:
    rows = [("self-harm", "x"), ("self-harm", "y"), (likeness.NONE, "x"), (likeness.NONE, "z")]
    assert likeness_training.score(lambda text: text == "x", rows) == (1, 2, 1, 2)
