"""A second look before a comment is stored: what would identify its writer, or someone
else, once it is public. It never refuses: the commenter sees what was found, marked in
their text, and chooses to remove it or to post as written.

Offline: phone numbers by libphonenumber's rules (phonenumbers), street addresses by a
model shipped in the usaddress wheel, email addresses by pattern; nothing is called or
downloaded. Toll-free and short numbers (helplines such as 988 or 1-800-662-4357) are not
anyone's own, so they are left alone, as are dates, doses, years and opening hours.
"""

import re
from dataclasses import dataclass
from html import escape

import phonenumbers
import usaddress
from flask import current_app
from markupsafe import Markup

REMOVED = "[removed]"
# A person's comment holds a few of these; a hostile one may hold thousands, each costing
# the phone and address models work. Past this many, the look stops reading.
MOST_FINDINGS = 20
# How many places libphonenumber may try before it gives up on a text.
PHONE_TRIES = 200
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A house number, up to four words, and a street type: the candidates usaddress confirms.
_STREET = re.compile(
    r"\b\d{1,6}\s+(?:[A-Za-z][\w.'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd"
    r"|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle"
    r"|Cir|Square|Sq)\b\.?",
)
# A word of letters in any script ([^\W\d_] is a Unicode letter, so "García" is one),
# its parts joined by an apostrophe or a hyphen ("O'Neil", "Anne-Marie").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NOT_ANYONES = {
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
}


@dataclass(frozen=True)
class Finding:
    """Something in the text that could identify a person: what it is, and where."""

    kind: str
    start: int
    end: int

    def text(self, comment: str) -> str:
        return comment[self.start : self.end]


def _phones(text: str) -> list[Finding]:
    region = current_app.config.get("PHONE_REGION", "US")
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID, max_tries=PHONE_TRIES
    )
    found = []
    for match in matcher:
        if phonenumbers.number_type(match.number) not in _NOT_ANYONES:
            found.append(Finding("a phone number", match.start, match.end))
        if len(found) >= MOST_FINDINGS:
            break
    return found


def _streets(text: str) -> list[Finding]:
    found: list[Finding] = []
    for match in _STREET.finditer(text):
        if len(found) >= MOST_FINDINGS:
            break
        try:
            _, kind = usaddress.tag(match.group(0))
        except usaddress.RepeatedLabelError:
            continue
        if kind == "Street Address":
            found.append(Finding("a street address", match.start(), match.end()))
    return found


def findings(text: str) -> list[Finding]:
    """Return what in the comment's text could identify someone, in order, never overlapping."""
    found = sorted(
        [*_phones(text), *_streets(text)]
        + [
            Finding("an email address", m.start(), m.end())
            for m, _ in zip(_EMAIL.finditer(text), range(MOST_FINDINGS), strict=False)
        ],
        key=lambda f: (f.start, -f.end),
    )
    kept: list[Finding] = []
    for finding in found:
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept[:MOST_FINDINGS]


def _capitalised_word(word: str) -> bool:
    # A capital first and a small letter somewhere: "MJ" and "B." are initials, not names.
    return bool(_NAME_WORD.fullmatch(word)) and word[0].isupper() and not word.isupper()


def looks_like_full_name(name: str) -> bool:
    """Tell whether a name is two or more capitalised words: how a full name looks."""
    words = name.split()
    return len(words) >= 2 and all(_capitalised_word(word) for word in words)


def first_name(name: str) -> str:
    return name.split()[0]


def marked(text: str, found: list[Finding]) -> Markup:
    """Return the text escaped, each finding in a <mark>, for the commenter to see."""
    parts, at = [], 0
    for finding in found:
        parts += [escape(text[at : finding.start]), f"<mark>{escape(finding.text(text))}</mark>"]
        at = finding.end
    parts.append(escape(text[at:]))
    return Markup("".join(parts))


def removed(text: str, found: list[Finding]) -> str:
    """Return the text with each finding replaced by "[removed]"."""
    for finding in reversed(found):
        text = text[: finding.start] + REMOVED + text[finding.end :]
    return text


@dataclass(frozen=True)
class Look:
    """What the second look found in one comment, for the form to show."""

    found: list[Finding]
    full_name: str
    marked_text: Markup

    def kinds(self, text: str) -> list[tuple[str, str]]:
        return [(f.kind, f.text(text)) for f in self.found]


def look(text: str, name: str) -> Look | None:
    """Return what would identify someone in the comment and its name, or None."""
    found = findings(text)
    full_name = name if looks_like_full_name(name) else ""
    if not found and not full_name:
        return None
    return Look(found, full_name, marked(text, found))


def cleared(text: str, name: str) -> tuple[str, str]:
    """Return the text with each finding removed, and the name cut to its first word."""
    name = first_name(name) if looks_like_full_name(name) else name
    return removed(text, findings(text)), name
