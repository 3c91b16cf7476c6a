"""The "Need help now?" box: the help lines a publisher sets, each a label and how to reach
it, shown above the comment form, on a commenter's own pages and in every footer.

Staff type the lines, but they are never trusted as HTML: each is escaped, and the only
markup added is a link: tel: for a number to call, sms: for one to text ("text HOME to
741741" opens a message saying HOME), and https: for a chat page.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from ..comments import discussion
from .phone_links import PHONE, phone_links

# "text HOME to 741741", "text 988": a word to send, then the number.
_TEXT_TO = re.compile(r"\btext\s+(?:([A-Za-z]+)\s+to\s+)?(\+?\d[\d .()-]*\d)", re.IGNORECASE)
_WEB = re.compile(r"https://[^\s<>\"']+")
# "call or text 988": one number, reached both ways.
_CALL_OR_TEXT = re.compile(r"\bcall or text\s+(\+?\d[\d .()-]*\d)", re.IGNORECASE)


@dataclass(frozen=True)
class HelpLine:
    """One way to reach help: who it is, and how (escaped, with its links)."""

    label: str
    how: Markup


def _digits(number: str) -> str:
    return re.sub(r"[^\d+]", "", number)


def _linked(how: str) -> Markup:
    """Escape the text, then link its web pages, its numbers to text and to call."""
    parts: list[Markup] = []
    last = 0
    found = [*_WEB.finditer(how), *_CALL_OR_TEXT.finditer(how), *_TEXT_TO.finditer(how)]
    for match in sorted(found, key=lambda m: (m.start(), m.re is not _CALL_OR_TEXT)):
        if match.start() < last:
            continue
        parts.append(phone_links(how[last : match.start()]))
        if match.re is _CALL_OR_TEXT:
            number = match.group(1)
            parts.append(
                Markup('<a href="tel:{0}">call</a> or <a href="sms:{0}">text</a> {1}').format(
                    _digits(number), number
                )
            )
        elif match.re is _WEB:
            parts.append(Markup('<a href="{0}">{0}</a>').format(match.group()))
        else:
            body = f"?body={quote(match.group(1))}" if match.group(1) else ""
            href = f"sms:{_digits(match.group(2))}{body}"
            parts.append(Markup('<a href="{}">{}</a>').format(href, match.group()))
        last = match.end()
    parts.append(phone_links(how[last:]))
    return Markup("").join(parts)


def parse(line: str) -> HelpLine:
    """Read "Label: how to reach it"; a line without a label is all "how"."""
    label, colon, how = line.partition(":")
    # "https://…" has a colon too: a label is words before one, not a scheme.
    if not colon or label.lower() in ("https", "http") or PHONE.fullmatch(label.strip()):
        return HelpLine("", _linked(line.strip()))
    return HelpLine(label.strip(), _linked(how.strip()))


def lines() -> list[HelpLine]:
    """Return the box's lines: the help lines set, else the older footer crisis line."""
    try:
        rules = discussion.load()
    except SQLAlchemyError:
        # The 500 page must still render when the database is what failed.
        return []
    if rules.help_lines:
        return [parse(line) for line in rules.help_lines]
    return [HelpLine("", phone_links(rules.crisis_line))] if rules.crisis_line else []
