"""Recognise the comments that cannot wait: a phrase that signals danger now, with its kind,
so that the comment is held, marked "Needs care" and seen first. Explainable (the phrase
is kept) and offline; it helps the moderators and decides nothing alone.
"""

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from . import likeness, phrases_en
from .needed_words import Words, needed_words

# One module of phrases per language (the languages issue adds others).
LANGUAGES: dict[str, ModuleType] = {"en": phrases_en}
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
# Words in quotation marks; an apostrophe inside a word ("i'm") neither opens nor closes.
_QUOTED = re.compile(r"(?<!\w)'.+?'(?!\w)|\".+?\"")


@dataclass(frozen=True)
class Flag:
    """Why a comment needs care: the kind of danger, and the words that said it."""

    kind: str
    phrase: str
    # Not a rule's phrase but the words that weighed most in the likeness (likeness.py).
    weighed: bool = False

    @property
    def reason(self) -> str:
        if self.weighed:
            return f"{self.kind}, by the likeness of the words: “{self.phrase}”"
        return f"{self.kind}: “{self.phrase}”"


@dataclass(frozen=True)
class _Rules:
    danger: dict[str, list[re.Pattern]]
    past: list[re.Pattern]
    not_now: list[re.Pattern]
    spared: frozenset[str]
    present: re.Pattern
    clause_break: re.Pattern
    quoted_topic: re.Pattern
    # By kind, in the order of ``danger``: what each pattern cannot match without
    # (needed_words.py); and every such word, to look for once per sentence.
    needs: dict[str, list[Words]]
    words: tuple[str, ...]

    def words_in(self, sentence: str) -> set[str]:
        """Return the needed words this sentence holds."""
        return {word for word in self.words if word in sentence}


def _one(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def _rules(language: str) -> _Rules:
    module = LANGUAGES[language]
    danger = {kind: [re.compile(p) for p in patterns] for kind, patterns in module.DANGER.items()}
    needs = {kind: [needed_words(p) for p in patterns] for kind, patterns in danger.items()}
    return _Rules(
        danger,
        [re.compile(p) for p in [*module.PAST, *module.HYPOTHETICAL]],
        [re.compile(p) for p in module.NOT_NOW],
        module.SPARED,
        _one(module.PRESENT),
        re.compile(module.CLAUSE_BREAK),
        re.compile(module.QUOTED_TOPIC),
        needs,
        tuple(sorted({word for each in needs.values() for words in each for word in words or ()})),
    )


def _sentences(text: str) -> list[str]:
    plain = text.translate(_QUOTES).lower()
    return [s.strip() for s in _SENTENCE.split(plain) if s.strip()]


class _Sentence:
    """One sentence as the rules read it, with what every match in it shares worked out once:
    where its clauses break, what it quotes, and which clauses a cancelling phrase governs.

    So each match costs a lookup, and a long sentence full of matches (a hostile client's
    "kms.kms.kms…", tens of thousands of characters) costs what reading it once does.
    """

    def __init__(self, text: str, rules: _Rules) -> None:
        self.text, self.rules = text, rules
        gaps = [gap.span() for gap in rules.clause_break.finditer(text)]
        self._gap_starts = [start for start, _ in gaps]
        self._gap_ends = [end for _, end in gaps]
        self._quoted = [q.span() for q in _QUOTED.finditer(text)]
        self._topic = bool(self._quoted) and bool(rules.quoted_topic.search(text))
        self._cancelled: dict[tuple[int, int, bool], bool] = {}

    def clause(self, at: int) -> tuple[int, int]:
        """Return where the clause holding position ``at`` starts and ends: "I relapsed last
        week but tonight I want to die" is two clauses, and "last week" governs only the
        first."""
        before = bisect.bisect_right(self._gap_ends, at)
        after = bisect.bisect_right(self._gap_starts, at)
        start = self._gap_ends[before - 1] if before else 0
        end = self._gap_starts[after] if after < len(self._gap_starts) else len(self.text)
        return start, end

    def quoted_as_topic(self, span: tuple[int, int]) -> bool:
        # A song's line or a film's title in quotes is talked about, not said.
        if not self._topic:
            return False
        holder = bisect.bisect_right(self._quoted, (span[0], len(self.text))) - 1
        return holder >= 0 and _inside(span, self._quoted[holder])

    def ruled_out(self, match: re.Match, kind: str) -> bool:
        """Tell whether the past or talk that only sounds like danger rules this match out.

        Only a cancelling phrase in the match's own clause counts, and a clause that says
        now or next ("tonight", "going to", "can't stop") keeps its danger whatever past it
        also tells.
        """
        if self.quoted_as_topic(match.span()):
            return True
        start, end = self.clause(match.end() - 1)
        spared = kind in self.rules.spared
        if (start, end, spared) not in self._cancelled:
            self._cancelled[start, end, spared] = self._cancels(start, end, spared)
        return self._cancelled[start, end, spared]

    def _cancels(self, start: int, end: int, spared: bool) -> bool:
        rules = self.rules
        cancels = rules.past if spared else [*rules.past, *rules.not_now]
        found = _spans(cancels, self.text, start, end)
        if not found:
            return False
        # A marker of now inside a cancelling phrase ("used to want to") is the past's own.
        # Each marker asks the phrases starting at or before it how far the longest reaches.
        found.sort()
        starts = [begin for begin, _ in found]
        reach = list(itertools.accumulate((stop for _, stop in found), max))
        for marker in rules.present.finditer(self.text, start, end):
            begun = bisect.bisect_right(starts, marker.start())
            if not begun or reach[begun - 1] < marker.end():
                return False
        return True


def _spans(patterns: list[re.Pattern], text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(text, start, end)]


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def flag_for(text: str, language: str = "en") -> Flag | None:
    """Return why the text needs care now, or None.

    The phrase rules say what they find, and whether the past or mere talk rules it out; the
    likeness (likeness.py) weighs those findings with the comment's own words and decides,
    for it was taught on far more ways of saying danger than the rules list. A rule's phrase
    is the reason shown when there is one, for it says the most. A language with no weights
    taught is left to its rules alone.
    """
    found, signals = phrases(text, language)
    weights = likeness.weights_for(language)
    if weights is None:
        return found
    reading = likeness.reading(weights, text, signals)
    if reading is None:
        return None
    return found or Flag(reading.kind, " · ".join(reading.words), weighed=True)


def phrases(text: str, language: str = "en") -> tuple[Flag | None, frozenset[str]]:
    """Return the first phrase rule that finds danger now, and what every rule found: the
    kinds whose phrases were said, and the kinds whose phrases the past or talk ruled out."""
    rules = _rules(language)
    first, found = None, set()
    for said in _sentences(text):
        # A few hundred substring tests instead of two hundred searches: a rule whose needed
        # words the sentence lacks cannot match it, and most sentences lack most rules'.
        present = rules.words_in(said)
        sentence = None
        for kind, patterns in rules.danger.items():
            for pattern, needs in zip(patterns, rules.needs[kind], strict=True):
                if needs is not None and needs.isdisjoint(present):
                    continue
                for match in pattern.finditer(said):
                    sentence = sentence or _Sentence(said, rules)
                    if sentence.ruled_out(match, kind):
                        found.add(f"ruled out: {kind}")
                        continue
                    found.add(f"said: {kind}")
                    first = first or Flag(kind, match.group(0))
    return first, frozenset(found)
