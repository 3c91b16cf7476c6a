"""Addresses made from names: the slug of a title, a category or a tag."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")

# The slug columns hold 200 characters.
MAX_LENGTH = 200


def slugify(text: str) -> str:
    """Return the lowercase, hyphen-joined address form of a name ("Café Talk" -> "cafe-talk")."""
    # Accents are dropped so that "Café" and "Cafe" share one address; other letters stay.
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub("-", plain.lower()).strip("-")[:MAX_LENGTH].rstrip("-")


# A slug as WordPress may keep it: word characters (underscores and letters beyond ASCII
# too) and inner hyphens, in lower case.
_ADDRESS = re.compile(r"\w(?:[\w-]*\w)?")


def is_valid_slug(slug: str) -> bool:
    """Say whether a slug works as an address as it stands (ours, or one WordPress made)."""
    return len(slug) <= MAX_LENGTH and slug == slug.lower() and _ADDRESS.fullmatch(slug) is not None
