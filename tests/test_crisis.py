"""The footer's crisis line: shown on every page once set, escaped, its numbers tap-to-call."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms.crisis import footer_line, phone_links
from tests.support.html_page import Element, page
from tests.support.site import HEROIN, make_app, set_discussion


def footer(client: FlaskClient, path: str = "/") -> Element:
    return page(client.get(path)).find("footer", cls="site-footer")


def test_footer_has_no_crisis_line_until_the_publisher_sets_one(client: FlaskClient) -> None:
    assert footer(client).find("p", cls="crisis-line") is None
    assert "in crisis" not in footer(client).text


@pytest.mark.parametrize("path", ["/", f"/{HEROIN}/", "/search", "/no-such-page/"])
def test_crisis_line_set_by_the_publisher_is_on_every_page(
    app: Flask, client: FlaskClient, path: str
) -> None:
    set_discussion(app, crisis_line="Call or text 988, or call 1-800-662-4357 (24/7).")
    line = footer(client, path).find("p", cls="crisis-line")
    assert line.text == "If you are in crisis: Call or text 988, or call 1-800-662-4357 (24/7)."
    links = [(a.attrs["href"], a.text) for a in line.find_all("a")]
    assert links == [("tel:988", "988"), ("tel:18006624357", "1-800-662-4357")]


HOSTILE_LINES = [
    "<script>alert(1)</script> call 988",
    '<a href="https://tracker.example/">988</a>',
    '"><img src=x onerror=alert(1)> 116 123',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("text", HOSTILE_LINES)
def test_crisis_line_is_shown_as_typed_never_as_html(
    app: Flask, client: FlaskClient, text: str
) -> None:
    set_discussion(app, crisis_line=text)
    line = footer(client).find("p", cls="crisis-line")
    assert line.text == f"If you are in crisis: {text}"
    assert {e.tag for e in line.iter()} <= {"p", "strong", "a"}
    assert all(a.attrs["href"].startswith("tel:") for a in line.find_all("a"))


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


def test_the_footer_line_is_left_out_when_the_database_is_what_failed(
    empty_database: str,
) -> None:
    # No tables at all: the settings cannot be read, and the error page must still render.
    app = make_app(empty_database)
    with app.test_request_context("/"):
        assert footer_line() is None
