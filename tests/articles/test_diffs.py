"""Line differences between two versions of an article's text, as the revisions page shows them."""

import pytest

from cms.articles.diffs import DiffLine, changed, line_diff


def marked(old: str, new: str) -> list[tuple[str, str]]:
    return [(line.change, line.text) for line in line_diff(old, new)]


def test_unchanged_text_is_every_line_the_same_and_not_changed() -> None:
    lines = line_diff("One\nTwo\n", "One\nTwo\n")
    assert lines == [DiffLine("same", "One"), DiffLine("same", "Two")]
    assert not changed(lines)


def test_a_replaced_line_shows_the_old_removed_before_the_new_added_in_place() -> None:
    assert marked("Intro\nOld advice\nOutro", "Intro\nNew advice\nOutro") == [
        ("same", "Intro"),
        ("removed", "Old advice"),
        ("added", "New advice"),
        ("same", "Outro"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "First line", [("added", "First line")]),
        ("Last line", "", [("removed", "Last line")]),
        ("A\nC", "A\nB\nC", [("same", "A"), ("added", "B"), ("same", "C")]),
        ("A\nB\nC", "A\nC", [("same", "A"), ("removed", "B"), ("same", "C")]),
    ],
    ids=["from-empty", "to-empty", "line-inserted", "line-deleted"],
)
def test_added_and_removed_lines_keep_their_place_among_the_same(
    old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    assert marked(old, new) == expected
    assert changed(line_diff(old, new))


def test_windows_and_unix_line_endings_compare_as_the_same_lines() -> None:
    assert not changed(line_diff("One\r\nTwo\r\n", "One\nTwo\n"))


def test_markup_in_a_line_is_kept_as_text_for_the_template_to_escape() -> None:
    assert marked("", "<script>alert(1)</script>") == [("added", "<script>alert(1)</script>")]


def test_a_line_added_among_hundreds_of_repeated_lines_is_the_only_change() -> None:
    # Repeated lines are common in Markdown; difflib's autojunk would call the rest replaced.
    old = "\n".join(["- step"] * 300)
    new = "\n".join(["- step"] * 150 + ["- rest"] + ["- step"] * 150)
    changes = [line for line in line_diff(old, new) if line.change != "same"]
    assert changes == [DiffLine("added", "- rest")]
