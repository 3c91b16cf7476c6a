"""Phone numbers in help text become tap-to-call links; other digits stay text."""

import re

import pytest

from cms.care.phone_links import phone_links


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("call 988", ["tel:988"]),
        ("Samaritans 116 123", ["tel:116123"]),
        ("+1 (800) 273-8255", ["tel:+18002738255"]),
        ("text HOME to 741741", ["tel:741741"]),
        ("open 24/7, all year", []),
        ("dial 11", []),
        ("Lifeline 13 11 14, or HOME2", ["tel:131114"]),
    ],
)
def test_phone_numbers_in_the_crisis_line_become_tap_to_call_links(
    text: str, links: list[str]
) -> None:
    html = str(phone_links(text))
    assert re.findall(r'href="([^"]+)"', html) == links
    assert re.sub(r"<[^>]+>", "", html) == text
