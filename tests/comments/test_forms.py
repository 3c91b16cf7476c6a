"""The comment form: what each field accepts, what it says about the rest, and the notify box."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from cms.comments.forms import CommentEditForm, CommentForm, QueueReplyForm
from tests.comments.test_posting import PARENT_GONE, TYPED
from tests.support.html_page import comment_form, form_errors, form_values, page
from tests.support.people import Commenter
from tests.support.site import comments_in_db

# --- mistakes in the form ---

LONG_EMAIL = "e" * 89 + "@example.org"
BAD_WEBSITE = "Enter a website address starting with http:// or https://."


@pytest.mark.parametrize(
    ("field_name", "typed", "message"),
    [
        pytest.param("author", {"author": ""}, "Please enter your name.", id="missing-name"),
        pytest.param("author", {"author": "   "}, "Please enter your name.", id="blank-name"),
        pytest.param("comment", {"comment": ""}, "Please type your comment.", id="no-comment"),
        pytest.param(
            "comment", {"comment": "  \r\n "}, "Please type your comment.", id="blank-comment"
        ),
        pytest.param(
            "email",
            {"email": "sam.example.net"},
            "Please enter a valid email address, like name@example.com.",
            id="invalid-email",
        ),
        pytest.param(
            "author", {"author": "N" * 246}, "Name must be at most 245 characters.", id="long-name"
        ),
        pytest.param(
            "email", {"email": LONG_EMAIL}, "Email must be at most 100 characters.", id="long-email"
        ),
        pytest.param(
            "url",
            {"url": "https://example.org/" + "a" * 181},
            "Website must be at most 200 characters.",
            id="long-website",
        ),
        pytest.param(
            "comment",
            {"comment": "x" * 65526},
            "Comment must be at most 65,525 characters.",
            id="long-comment",
        ),
        pytest.param("url", {"url": "javascript:alert(1)"}, BAD_WEBSITE, id="javascript-url"),
        pytest.param(
            "url", {"url": "JavaScript://example.org/%0aalert(1)"}, BAD_WEBSITE, id="js-slashes"
        ),
        pytest.param("url", {"url": "ftp://example.org/file"}, BAD_WEBSITE, id="ftp-url"),
        pytest.param(
            "url", {"url": "data:text/html,<script>alert(1)</script>"}, BAD_WEBSITE, id="data-url"
        ),
    ],
)
def test_bad_input_is_refused_at_the_field_and_keeps_what_was_typed(
    app, commenter, field_name, typed, message
):
    fields = {**TYPED, **typed}
    response = commenter.post(**fields)
    assert comments_in_db(app) == []
    doc = page(commenter.sent_back(response))
    error = doc.by_id(f"{field_name}-error")
    assert error is not None and "field-error" in error.classes
    assert message in error.text
    assert message in form_errors(doc)
    widget = comment_form(doc).by_id(field_name)
    assert widget.attrs["aria-invalid"] == "true"
    assert f"{field_name}-error" in widget.attrs["aria-describedby"].split()
    for other in {"author", "email", "url", "comment"} - {field_name}:
        assert comment_form(doc).by_id(other).attrs["aria-invalid"] == "false"
    expected = {k: v if k == "comment" else v.strip() for k, v in fields.items()}
    assert form_values(doc) == expected


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.org", "https://example.org"),
        ("example.org/my-story", "https://example.org/my-story"),
        ("  http://example.org/  ", "http://example.org/"),
    ],
)
def test_website_without_a_scheme_is_stored_as_https(app, commenter, typed, stored):
    assert commenter.post(url=typed).status_code == 303
    assert comments_in_db(app)[-1].author_url == stored


def test_a_parent_id_past_what_a_row_can_have_is_refused_as_gone(
    app: Flask, commenter: Commenter
) -> None:
    response = commenter.post(comment_parent=str(2**70), **TYPED)
    assert comments_in_db(app) == []
    doc = page(commenter.sent_back(response))
    assert PARENT_GONE in form_errors(doc)
    assert form_values(doc) == TYPED


# --- the staff forms share the public form's checks ---


@pytest.mark.parametrize("form_class", [CommentForm, CommentEditForm])
def test_a_staff_edit_is_held_to_the_visitors_rules_for_each_field(
    app: Flask, form_class: type
) -> None:
    typed = {**TYPED, "author": "", "url": "javascript:alert(1)", "email": "sam.example.net"}
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict(typed), meta={"csrf": False})
        assert not form.validate()
        assert {"author", "url", "email"} <= set(form.errors)
        assert "comment" not in form.errors


@pytest.mark.parametrize("text", ["", "  \r\n ", "x" * 65526])
def test_a_staff_reply_is_refused_for_what_a_visitors_comment_would_be(
    app: Flask, text: str
) -> None:
    with app.test_request_context(method="POST"):
        form = QueueReplyForm(formdata=MultiDict({"comment": text}), meta={"csrf": False})
        assert not form.validate()
        assert list(form.errors) == ["comment"]


# --- the notification box ---


def test_notify_box_is_offered_unticked_with_its_label(mailbox, commenter):
    form = comment_form(page(commenter.article()))
    box = form.by_id("comment-notify")
    assert box.attrs["type"] == "checkbox" and "checked" not in box.attrs
    label = next(e for e in form.find_all("label") if e.attrs.get("for") == "comment-notify")
    assert label.text == "Notify me when my comment is published or answered"


@pytest.mark.parametrize(("ticked", "stored"), [({"notify": "y"}, True), ({}, False)])
def test_notify_choice_is_stored_with_the_comment(app, mailbox, commenter, ticked, stored):
    assert commenter.post(**ticked).status_code == 303
    assert comments_in_db(app)[-1].notify is stored


def test_without_mail_there_is_no_notify_box_and_a_posted_one_is_ignored(
    app: Flask, commenter: Commenter
) -> None:
    assert not app.config.get("MAIL_SERVER")
    assert comment_form(page(commenter.article())).by_id("comment-notify") is None
    assert commenter.post(notify="y").status_code == 303
    assert comments_in_db(app)[-1].notify is False
