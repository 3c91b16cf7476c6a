"""Line-by-line differences between two versions of an article's text, for the revisions page."""

import difflib
from dataclasses import dataclass
from typing import Literal

Change = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class DiffLine:
    change: Change
    text: str


def line_diff(old: str, new: str) -> list[DiffLine]:
    """Return every line of both texts in order, each marked same, added or removed."""
    before, after = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", text) for text in before[a1:a2]]
            continue
        lines += [DiffLine("removed", text) for text in before[a1:a2]]
        lines += [DiffLine("added", text) for text in after[b1:b2]]
    return lines


def changed(lines: list[DiffLine]) -> bool:
    return any(line.change != "same" for line in lines)
