"""Phone numbers in help text as tap-to-call links: the help box's numbers to call.

The text is staff input but is never trusted as HTML: it is escaped, and the only markup
added is a tap-to-call link around each phone number, built from its digits alone.
"""

import re

from markupsafe import Markup, escape

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
