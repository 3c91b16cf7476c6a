"""Recognise the comments that cannot wait: a phrase that signals danger now, with its kind,
so that the comment is held, marked "Needs care" and seen first. Explainable (the phrase
is kept) and offline; it helps the moderators and decides nothing alone.
"""

import re
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from . import phrases_en

# One module of phrases per language (the languages issue adds others).
LANGUAGES: dict[str, ModuleType] = {"en": phrases_en}
OVERDOSE_NOW = "an overdose happening now"
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class Flag:
    """Why a comment needs care: the kind of danger, and the words that said it."""

    kind: str
    phrase: str

    @property
    def reason(self) -> str:
        return f"{self.kind}: “{self.phrase}”"


@dataclass(frozen=True)
class _Rules:
    danger: dict[str, list[re.Pattern]]
    past: list[re.Pattern]
    not_now: list[re.Pattern]


@cache
def _rules(language: str) -> _Rules:
    module = LANGUAGES[language]
    return _Rules(
        {kind: [re.compile(p) for p in patterns] for kind, patterns in module.DANGER.items()},
        [re.compile(p) for p in module.PAST],
        [re.compile(p) for p in module.NOT_NOW],
    )


def _sentences(text: str) -> list[str]:
    plain = text.translate(_QUOTES).lower()
    return [s.strip() for s in _SENTENCE.split(plain) if s.strip()]


def _ruled_out(sentence: str, kind: str, rules: _Rules) -> bool:
    if any(p.search(sentence) for p in rules.past):
        return True
    return kind != OVERDOSE_NOW and any(p.search(sentence) for p in rules.not_now)


def flag_for(text: str, language: str = "en") -> Flag | None:
    """Return why the text needs care now, or None; the first sentence that says so wins."""
    rules = _rules(language)
    for sentence in _sentences(text):
        for kind, patterns in rules.danger.items():
            for pattern in patterns:
                match = pattern.search(sentence)
                if match and not _ruled_out(sentence, kind, rules):
                    return Flag(kind, match.group(0))
    return None
