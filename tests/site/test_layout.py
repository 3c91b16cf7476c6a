"""The readers' layout: skip link, header, accessible forms, reply links that work without
JavaScript, and a stylesheet for dark screens and for paper."""

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms.models import CommentStatus
from tests.support.html_page import Element, comment_form, page
from tests.support.people import Commenter, Editor
from tests.support.site import HEROIN, add_comment

STATIC = Path(__file__).parents[2] / "static"
FOCUSABLE = {"a", "button", "input", "select", "textarea"}


def focusable(doc: Element) -> list[Element]:
    """Return the elements the Tab key reaches, in order."""
    return [
        e
        for e in doc.iter()
        if e.tag in FOCUSABLE
        and e.attrs.get("tabindex") != "-1"
        and e.attrs.get("type") != "hidden"
        and (e.tag != "a" or "href" in e.attrs)
    ]


# --- header and skip link ---


@pytest.mark.parametrize("path", ["/", f"/{HEROIN}/", "/admin/login", "/no-such-page/"])
def test_skip_link_is_the_first_thing_the_tab_key_reaches(client: FlaskClient, path: str) -> None:
    doc = page(client.get(path))
    first = focusable(doc)[0]
    assert (first.text, first.attrs["href"]) == ("Skip to content", "#content")
    assert doc.by_id("content").tag == "main"


def test_header_names_the_site_and_offers_the_articles_and_search(client: FlaskClient) -> None:
    header = page(client.get("/")).find("header", cls="site-header")
    assert header.find("p", cls="site-name").find("a").attrs["href"] == "/"
    nav = header.find("nav")
    assert nav.attrs["aria-label"] == "Site"
    home = next(a for a in nav.find_all("a") if a.text == "Articles")
    assert home.attrs.get("aria-current") == "page"
    search = nav.find("form")
    assert (search.attrs["role"], search.attrs["action"]) == ("search", "/search")


# --- forms: errors next to their fields, announced, and the required marks explained ---


def test_a_failed_comment_opens_on_an_error_summary_linking_to_each_field(
    commenter: Commenter,
) -> None:
    response = commenter.post(author="", email="not an address", comment="Kept text.")
    form = comment_form(page(commenter.sent_back(response)))
    summary = form.find("div", cls="form-errors")
    assert summary.attrs["role"] == "alert"
    assert summary.attrs["tabindex"] == "-1" and "autofocus" in summary.attrs
    targets = {a.attrs["href"] for a in summary.find_all("a")}
    assert targets == {"#author", "#email"}


@pytest.mark.parametrize("name", ["author", "email"])
def test_each_wrong_field_is_marked_invalid_and_described_by_its_message(
    commenter: Commenter, name: str
) -> None:
    form = comment_form(page(commenter.sent_back(commenter.post(author="", email="x"))))
    field = form.by_id(name)
    assert field.attrs["aria-invalid"] == "true"
    message = form.by_id(f"{name}-error")
    assert f"{name}-error" in field.attrs["aria-describedby"].split()
    # Next to its field: in the same group as the field and its label.
    assert message.parent is field.parent and "field-error" in message.classes


def test_fields_without_errors_are_not_marked_invalid(commenter: Commenter) -> None:
    form = comment_form(page(commenter.sent_back(commenter.post(author=""))))
    assert form.by_id("comment").attrs["aria-invalid"] == "false"
    assert form.by_id("email").attrs["aria-describedby"] == "email-notes"


def test_a_failed_login_shows_the_same_summary_and_field_messages(client: FlaskClient) -> None:
    doc = page(Editor(client).login(password="wrong"))
    summary = doc.find("div", cls="form-errors")
    assert summary.attrs["role"] == "alert" and summary.find("a") is not None
    password = doc.by_id("password")
    assert password.attrs["aria-invalid"] == "true"
    assert doc.by_id(password.attrs["aria-describedby"]).text == summary.find("a").text


@pytest.mark.parametrize("path", [f"/{HEROIN}/", "/admin/login"])
def test_required_marks_are_explained_in_words(client: FlaskClient, path: str) -> None:
    doc = page(client.get(path))
    assert "Required fields are marked *" in doc.find("main").text
    for label in doc.find_all("label"):
        mark = label.find("span", cls="required")
        if mark is not None:
            field = doc.by_id(label.attrs["for"])
            assert "required" in field.attrs and mark.attrs["aria-hidden"] == "true"


# --- replying ---


def test_reply_link_works_without_javascript(app: Flask, reader: Commenter) -> None:
    comment = add_comment(app, "First.", CommentStatus.APPROVED, author_name="Robin")
    link = page(reader.article()).by_id(f"comment-{comment}").find("a", cls="comment-reply-link")
    assert link.attrs["href"] == f"/{HEROIN}/?replytocom={comment}#respond"
    assert (link.attrs["data-comment-id"], link.attrs["data-author"]) == (str(comment), "Robin")
    followed = page(reader.client.get(link.attrs["href"]))
    assert followed.by_id("reply-title").text.startswith("Replying to Robin")
    assert comment_form(followed).by_id("comment_parent").attrs["value"] == str(comment)


def test_article_loads_the_reply_script_as_a_deferred_file(reader: Commenter) -> None:
    scripts = page(reader.article()).find_all("script")
    assert [(s.attrs.get("src"), "defer" in s.attrs, s.raw_text) for s in scripts] == [
        ("/static/comments.js", True, "")
    ]
    with reader.client.get("/static/comments.js") as served:
        assert served.status_code == 200


def test_reply_script_writes_names_as_text_only() -> None:
    script = (STATIC / "comments.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "textContent" in script


# --- the stylesheet ---


def css() -> str:
    return (STATIC / "style.css").read_text()


def colours(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Text colour, background: every pair the stylesheet puts together.
PAIRS = [(fg, bg) for fg in ("text", "muted", "accent", "danger") for bg in ("bg", "surface")] + [
    ("bg", "accent"),
    ("bg", "danger"),
    ("text", "mark"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_pair_meets_wcag_aa(scheme: str) -> None:
    sheet = css()
    light = colours(sheet[sheet.index(":root {") :].split("}")[0])
    dark = colours(sheet.split("@media (prefers-color-scheme: dark)")[1].split("}")[0])
    palette = light if scheme == "light" else light | dark
    if scheme == "dark":
        assert set(dark) >= {"text", "muted", "bg", "surface", "accent", "danger", "mark"}
    low = {pair: round(contrast(palette[pair[0]], palette[pair[1]]), 2) for pair in PAIRS}
    assert {pair: ratio for pair, ratio in low.items() if ratio < 4.5} == {}


def test_print_rules_drop_navigation_the_form_and_the_footer_links() -> None:
    print_rules = " ".join(re.findall(r"@media print \{(.*?)\n\}", css(), re.S))
    for selector in (".site-header nav", ".comment-respond", ".footer-links", ".skip-link"):
        assert selector in print_rules


def test_stylesheets_fetch_nothing_from_elsewhere() -> None:
    for sheet in STATIC.glob("*.css"):
        text = sheet.read_text()
        assert "@import" not in text and "@font-face" not in text, sheet.name
        assert not re.search(r"url\(|https?://|//[a-z]", text), sheet.name
