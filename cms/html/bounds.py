"""Count how much formatting a text carries, and bound what a comment may, before any parser."""

import re
from collections import Counter
from dataclasses import dataclass

from .allowed import COMMENT_TAGS

# The most formatting a comment may carry. html5lib's work grows faster than the number
# of tags, worst with formatting elements left open (20,000 open <b> cost 20 s): these keep
# any comment of the form's full length well under a second (bench/sanitize.py).
COMMENT_MAX_TAGS = 500
COMMENT_MAX_DEPTH = 20
# The most "<", ">" and "&" signs outside tags. Each becomes an entity that every later pass
# parses again, so a full-length comment of them alone cost 1–3 s; 3,000 stay under 0.1 s,
# far more than any person's "<3" or "A & B" uses (bench/sanitize.py).
COMMENT_MAX_SIGNS = 3_000
# The most lines: each becomes a <br> or a paragraph that every pass parses, so 32,000
# one-letter lines cost 1.3 s; 2,000 stay under 0.1 s and hold any letter a person writes.
COMMENT_MAX_LINES = 2_000

# A tag as a browser starts one ("<b", "</b"), or a comment or declaration ("<!", "<?").
_TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)|<[!?]")
# Formatting elements, which html5lib re-opens across blocks and so costs most when nested.
_NESTING_TAGS = COMMENT_TAGS | {"big", "font", "nobr", "small", "span", "tt", "u", "div"}


@dataclass(frozen=True)
class Formatting:
    """How much markup a text carries: its tags, how deep the formatting ones nest, and its
    "<", ">" and "&" signs outside tags."""

    tags: int
    depth: int
    signs: int = 0
    lines: int = 1

    def is_within_bounds(self) -> bool:
        return (
            self.tags <= COMMENT_MAX_TAGS
            and self.depth <= COMMENT_MAX_DEPTH
            and self.signs <= COMMENT_MAX_SIGNS
            and self.lines <= COMMENT_MAX_LINES
        )


def formatting(text: str) -> Formatting:
    """Count a text's tags and nesting in one cheap pass, before any parser sees it."""
    tags = depth = deepest = 0
    still_open: Counter[str] = Counter()
    for match in _TAG_START.finditer(text):
        tags += 1
        name = (match.group(2) or "").lower()
        if name not in _NESTING_TAGS:
            continue
        if not match.group(1):
            still_open[name] += 1
            depth += 1
            deepest = max(deepest, depth)
        elif still_open[name]:
            # A closing tag counts only for a tag still open, as a parser ignores the rest.
            still_open[name] -= 1
            depth -= 1
    # Each tag holds one "<" and usually one ">": the rest are signs in the text.
    signs = text.count("&") + max(text.count("<") + text.count(">") - 2 * tags, 0)
    return Formatting(tags, deepest, signs, text.count("\n") + 1)
