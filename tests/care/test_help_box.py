"""The "Need help now?" box: empty until set, then on every page's footer, above the comment
form and on a commenter's own pages; escaped, its numbers tap-to-call or text links."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms.care import help_box
from tests.support.html_page import Element, comment_form, page
from tests.support.people import Commenter
from tests.support.site import HEROIN, make_app, set_discussion

US = [
    "In danger now: call 911",
    "988 Suicide & Crisis Lifeline: call or text 988, or chat at https://988lifeline.org/chat/",
    "Crisis Text Line: text HOME to 741741",
]


def footer(client: FlaskClient, path: str = "/") -> Element:
    return page(client.get(path)).find("footer", cls="site-footer")


def _box(element: Element) -> Element | None:
    return element.find("aside", cls="help-box")


def test_no_box_until_the_publisher_sets_one(client: FlaskClient) -> None:
    assert _box(footer(client)) is None and "Need help now" not in footer(client).text


@pytest.mark.parametrize("path", ["/", f"/{HEROIN}/", "/search", "/no-such-page/"])
def test_the_box_is_in_every_footer_once_set(app: Flask, client: FlaskClient, path: str) -> None:
    set_discussion(app, help_lines=US)
    box = _box(footer(client, path))
    assert box.find("h2").text == "Need help now?"
    hrefs = [a.attrs["href"] for a in box.find_all("a")]
    assert hrefs == [
        "tel:911",
        "tel:988",
        "sms:988",
        "https://988lifeline.org/chat/",
        "sms:741741?body=HOME",
    ]
    assert [li.find("strong").text for li in box.find_all("li")] == [
        "In danger now:",
        "988 Suicide & Crisis Lifeline:",
        "Crisis Text Line:",
    ]


def test_above_the_comment_form_and_on_the_commenters_pages(
    app: Flask, commenter: Commenter
) -> None:
    set_discussion(app, help_lines=US)
    doc = page(commenter.article())
    respond = doc.by_id("respond")
    first = respond.find("aside", cls="help-box")
    assert first is not None and respond.children.index(first) < respond.children.index(
        comment_form(doc)
    )
    commenter.post(comment="Day 3.", second_look="keep")
    [link] = re.findall(r'href="(/your-comment/[^"]+)"', commenter.article().get_data(as_text=True))
    own = page(commenter.client.get(link))
    assert own.find("main").find("aside", cls="help-box") is not None


def test_the_older_footer_line_still_shows_while_the_lines_are_empty(
    app: Flask, client: FlaskClient
) -> None:
    set_discussion(app, crisis_line="Call or text 988 (24/7).")
    box = _box(footer(client))
    assert "Call or text 988 (24/7)." in box.text
    assert [a.attrs["href"] for a in box.find_all("a")] == ["tel:988"]


HOSTILE = [
    "<script>alert(1)</script>: call 988",
    'Help: <a href="https://tracker.example/">988</a>',
    'X: "><img src=x onerror=alert(1)> 116 123',
    "Y: javascript:alert(1)",
]


@pytest.mark.parametrize("line", HOSTILE)
def test_a_line_is_shown_as_typed_never_as_html(app: Flask, client: FlaskClient, line: str) -> None:
    set_discussion(app, help_lines=[line])
    box = _box(footer(client))
    assert {e.tag for e in box.iter()} <= {"aside", "h2", "ul", "li", "strong", "a"}
    assert all(a.attrs["href"].startswith(("tel:", "sms:", "https://")) for a in box.find_all("a"))


@pytest.mark.parametrize(
    ("line", "label", "hrefs"),
    [
        ("Samaritans: call 116 123", "Samaritans", ["tel:116123"]),
        ("Shout: text SHOUT to 85258", "Shout", ["sms:85258?body=SHOUT"]),
        ("Lifeline: call 13 11 14, or text 0477 13 11 14", "Lifeline",
         ["tel:131114", "sms:0477131114"]),
        ("https://988lifeline.org/chat/", "", ["https://988lifeline.org/chat/"]),
        ("call 988", "", ["tel:988"]),
    ],
)  # fmt: skip
def test_lines_are_read_as_label_and_how(line: str, label: str, hrefs: list[str]) -> None:
    read = help_box.parse(line)
    assert read.label == label
    assert re.findall(r'href="([^"]+)"', str(read.how)) == hrefs


def test_the_box_is_left_out_when_the_database_is_what_failed(empty_database: str) -> None:
    app = make_app(empty_database)
    with app.test_request_context("/"):
        assert help_box.lines() == []
