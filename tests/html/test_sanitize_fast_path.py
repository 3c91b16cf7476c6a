"""Plain comments skip bleach: whatever takes that path comes out byte for byte as bleach's.

``clean_comment`` lays out the paragraphs of a text with nothing for bleach to clean or link
without parsing it (cms/html/sanitize.py, ``_NEEDS_BLEACH``). These hold that shortcut to
bleach's own output: every code point, text that nearly holds markup, an address or a
control character, and Hypothesis's text made of the characters that matter most.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cms.html import sanitize
from tests.support.properties import repeatable

PROPERTY = repeatable(400)
# Whitespace of every kind (paragraphs split on it), punctuation around dots and colons,
# the non-ASCII letters IGNORECASE matches as ASCII ones, invisible and odd code points.
ALPHABET = [
    *" \t\n\n\r\x0b\x0c\x00\x01\x1f\x7f\x85\xa0\u2028\u2029\u3000\u200b\ufeff\ufffe\ud800",
    *".,;:!?'\"()[]{}-_/\\@#%*+=~`^|$<>&",
    *"abcxyzKIS019\u0130\u0131\u017f\u212a\u00e9\u0301\U0001f600",
    "www", "http", "://", "com", "org", "...", "\r\n", "\n\n",
]  # fmt: skip


def bleached(text: str, strip: bool = False) -> str:
    """Return the comment as bleach's passes and the linker make it, never the shortcut."""
    return sanitize._bleached(text, strip)


def takes_shortcut(text: str) -> bool:
    return sanitize._NEEDS_BLEACH.search(text) is None


def test_every_code_point_the_shortcut_takes_comes_out_as_bleach_gives_it() -> None:
    # Each code point alone between spaces, and glued to words on lines and in paragraphs.
    plain = [c for c in map(chr, range(0x110000)) if takes_shortcut(c)]
    for start in range(0, len(plain), 4096):
        chars = plain[start : start + 4096]
        lines = "\n".join(f"a{c}1." for c in chars[:300]) + "\n\n" + "".join(chars)
        for text in (" ".join(chars), lines):
            assert takes_shortcut(text)
            assert sanitize.clean_comment(text) == bleached(text), hex(ord(chars[0]))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\n",
        "Thank you for this.",
        "Plain words, no markup: just a sentence.\nAnd a second line.",
        "First paragraph.\n\nSecond one.\n \n\t\nThird, after blank-ish lines.",
        "  leading and trailing space  \n",
        "Ends with a dot.",
        "Numbers 3.14 and 1.5, times 10:30, ratio 2:1.",
        "Ellipsis... and a dash - like so",
        "quotes \"double\" and 'single' and `back`",
        "a line\u2028separator and\u2029paragraph separator",
        "no\u00a0break\u00a0spaces",
        "emoji \U0001f600 and accents é and combining e\u0301",
        "http without an address: http and https",
        "email-ish: someone at example dot org",
        "a dot before a digit: version 2.0",
        "a dot then space. Then a capital",
    ],
)
def test_plain_comments_take_the_shortcut_and_match_bleach(text: str) -> None:
    assert takes_shortcut(text)
    assert sanitize.clean_comment(text) == bleached(text)
    assert sanitize.clean_comment(text, strip=True) == bleached(text, strip=True)


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b>",
        "a < b",
        "b > a",
        "fish & chips",
        "&amp;",
        "see example.org",
        "see EXAMPLE.ORG",
        "www.example.com",
        "https://example.org/path",
        "mailto:someone@example.org",
        "a\x00b",
        "a\x01b",
        "a\x0bb",
        "a\x0cb",
        "a\rb",
        "a\r\nb",
        "a\x1fb",
        "dotted .\u212a with a Kelvin sign",
        "dotted .\u0130 and .\u0131 and .\u017f",
        "e.g. an abbreviation",
        "end.Start",
    ],
)
def test_what_bleach_would_change_or_link_goes_through_bleach(text: str) -> None:
    assert not takes_shortcut(text)
    assert sanitize.clean_comment(text) == bleached(text)


@PROPERTY
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join), st.booleans())
def test_any_comment_comes_out_as_bleach_gives_it(text: str, strip: bool) -> None:
    # Over every text, taking the shortcut or not, within the bounds bleach is asked to work.
    if strip:
        # Import cleaning turns block ends into blank lines before anything else.
        text = sanitize._BLOCK_END.sub("\n\n", sanitize._LINE_END.sub("\n", text))
    assert sanitize.clean_comment(text, strip) == bleached(text, strip)
