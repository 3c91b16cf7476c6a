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
