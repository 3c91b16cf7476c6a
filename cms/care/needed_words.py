"""The words a phrase rule cannot match without, read from its pattern: a sentence holding
none of them needs no search by that rule, and most sentences hold none for most rules.

Read from the parsed pattern, never written by hand, so a rule changed or added can never
be skipped where it would match. Whatever this cannot be sure of (classes, lookarounds,
optional parts, case-blind flags) asks for nothing, and the rule is always searched.
"""

import re

# The parser re itself compiles with (Python 3.11+); tests/care/test_needed_words.py checks
# that each rule's words are found in everything it matches.
from re import _constants as sre
from re import _parser as sre_parse

# Characters ignored this way would make a literal stand for several strings.
_CASE_BLIND = re.IGNORECASE | re.LOCALE
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

Words = frozenset[str] | None


def needed_words(pattern: re.Pattern) -> Words:
    """Return words of which every match of the pattern holds at least one, or None."""
    if pattern.flags & _CASE_BLIND:
        return None
    return _in_sequence(sre_parse.parse(pattern.pattern, pattern.flags))


def _in_sequence(items: sre_parse.SubPattern | list) -> Words:
    """Return what one part of the sequence needs: the part that needs the longest words."""
    best: Words = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if op is sre.AT:
            # \b, ^ and $ take no character: the letters either side stay side by side.
            continue
        if run:
            best = _longer(best, frozenset({"".join(run)}))
            run = []
        best = _longer(best, _in_part(op, av))
    return best


def _in_part(op: object, av: object) -> Words:
    """Return what one part other than a letter needs, or None when it may match nothing."""
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        return None if add_flags & _CASE_BLIND else _in_sequence(inner)
    if op is sre.BRANCH:
        # One of the branches matches, so the words any of them needs.
        each = [_in_sequence(branch) for branch in av[1]]
        return frozenset().union(*each) if all(each) else None
    if op in _REPEATS:
        least, _most, inner = av
        return _in_sequence(inner) if least >= 1 else None
    # Classes, any character, lookarounds, back-references: nothing sure.
    return None


def _longer(best: Words, other: Words) -> Words:
    """Prefer the words whose shortest is longest: the rarer in ordinary sentences."""
    if not other or "" in other:
        return best
    if best is None or min(map(len, other)) > min(map(len, best)):
        return other
    return best
