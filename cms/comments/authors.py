"""A commenter's name and website: one rule for each, for the form, the import and the page.

Names and websites are single lines: the form folds every run of whitespace (line breaks,
tabs, Unicode line and paragraph separators) into one space and refuses the invisible
characters left (other controls, bidi overrides), so nothing typed can forge a line in mail
or turn text round on the page. A website is an http(s) address with a host, whoever wrote
it: the form refuses others, the importer drops them, and a page never links one stored
before these checks. A name that looks like an email address may well be the commenter's
own, so the page and the feed show it as ANONYMOUS.
"""

import re
import unicodedata
from urllib.parse import urlsplit

ANONYMOUS = "Anonymous"
_EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")
# Characters that reorder the text around them: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Controls (C0, C1, DEL), lone surrogates and line or paragraph separators. Other format
# characters stay: zero-width joiners belong to emoji and to Persian and Indic spelling.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def one_line(value: str | None) -> str:
    """Fold every run of whitespace into one space and trim; drop NUL, which PostgreSQL refuses."""
    return " ".join(value.replace("\x00", "").split()) if value else ""


def has_invisible(value: str) -> bool:
    """Say whether a one-line field still holds a control or bidi character."""
    return any(c in BIDI_CONTROLS or unicodedata.category(c) in _REFUSED_CATEGORIES for c in value)


def is_web_address(value: str) -> bool:
    """Say whether a website is an http(s) address with a host and nothing hidden in it."""
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError:
        # A malformed bracketed host ("https://[x") raises: not an address.
        return False
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return False
    return not any(c.isspace() for c in value) and not has_invisible(value)


def web_address(value: str) -> str:
    """Return a typed website as stored: a bare host gets https:// in front."""
    if value and "://" not in value and ":" not in value.split("/")[0]:
        return "https://" + value
    return value


def website_link(value: str | None) -> str:
    """Return a stored website fit to link, or "" (an old import may hold javascript:)."""
    return value if value and is_web_address(value) else ""


def public_name(name: str) -> str:
    """Return the name the public sees for a commenter, never anything like an address."""
    return ANONYMOUS if _EMAIL_LIKE.search(name) else name
