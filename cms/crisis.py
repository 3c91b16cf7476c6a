"""The footer's "If you are in crisis" line: the publisher's help numbers, shown on every page.

The text is staff input but is never trusted as HTML: it is escaped, and the only markup
added is a tap-to-call link around each phone number, built from its digits alone.
"""

import re

from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from .comments import discussion

# A number as people write them: "988", "116 123", "1-800-662-4357", "+44 (0)8457 90 90 90".
# Not inside a word or next to a slash, so "24/7" and "HOME2" stay text.
PHONE = re.compile(r"(?<![\w/+])\+?\d(?:[\d .()-]*\d)?(?![\w/])")
MIN_DIGITS = 3


def phone_links(text: str) -> Markup:
    """Return the text escaped, with each phone number in it a tel: link."""
    parts: list[str] = []
    last = 0
    for match in PHONE.finditer(text):
        number = match.group()
        digits = re.sub(r"[^\d+]", "", number)
        if sum(c.isdigit() for c in digits) < MIN_DIGITS:
            continue
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<a href="tel:{}">{}</a>').format(digits, number))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def footer_line() -> Markup | None:
    """Return the crisis line for the footer, or None when the publisher has set none."""
    try:
        text = discussion.load().crisis_line
    except SQLAlchemyError:
        # The 500 page must still render when the database is what failed.
        return None
    return phone_links(text) if text else None
