"""The discussion settings form: word lists, the privacy contact, and one field per setting."""

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from cms.comments.discussion import SETTING_NAMES
from cms.comments.discussion_form import DiscussionForm, word_lines


def sent(app: Flask, **typed: str) -> DiscussionForm:
    """Return the settings form after a post of these fields, validated."""
    with app.test_request_context(method="POST"):
        form = DiscussionForm(formdata=MultiDict(typed), meta={"csrf": False})
        form.validate()
        return form


def test_word_lines_drop_blanks_and_repeats_keeping_the_first_spelling() -> None:
    typed = "  Casino \n\nPills\ncasino\n   \nPILLS\nfree money"
    assert word_lines(typed) == ["Casino", "Pills", "free money"]


def test_a_word_list_is_held_as_a_list_and_shown_back_as_typed(app: Flask) -> None:
    typed = "Pills\r\n\r\npills\r\n  casino  "
    form = sent(app, moderation_words=typed)
    assert form.moderation_words.data == ["Pills", "casino"]
    assert "moderation_words" not in form.errors
    assert form.moderation_words._value() == typed


def test_a_word_longer_than_a_hundred_characters_is_refused(app: Flask) -> None:
    form = sent(app, disallowed_words="ok\n" + "x" * 101)
    assert form.errors["disallowed_words"] == [
        "Each word or phrase must be at most 100 characters."
    ]
    assert "disallowed_words" not in sent(app, disallowed_words="x" * 100).errors


@pytest.mark.parametrize(
    "typed", ["", "editors@example.org", "https://example.org/ask", "http://example.org"]
)
def test_the_privacy_contact_may_be_an_address_a_web_page_or_nothing(
    app: Flask, typed: str
) -> None:
    assert "privacy_contact" not in sent(app, privacy_contact=typed).errors


@pytest.mark.parametrize(
    "typed",
    ["ask Sam", "javascript:alert(1)", "https://example.org/a page", "editors@", "ftp://x.org"],
)
def test_any_other_privacy_contact_is_refused_with_an_example(app: Flask, typed: str) -> None:
    (message,) = sent(app, privacy_contact=typed).errors["privacy_contact"]
    assert "like editors@example.org" in message
    assert "starting with https://" in message


def test_the_crisis_line_is_kept_on_one_line(app: Flask) -> None:
    form = sent(app, crisis_line="  call or text 988,\r\n  or text HOME   to 741741 ")
    assert form.crisis_line.data == "call or text 988, or text HOME to 741741"


def test_the_pages_sections_hold_every_setting_once_and_the_form_has_a_field_for_each() -> None:
    in_sections = [name for _legend, names in DiscussionForm.SECTIONS for name in names]
    assert sorted(in_sections) == sorted(SETTING_NAMES)
    assert len(in_sections) == len(set(in_sections))
    assert all(hasattr(DiscussionForm, name) for name in SETTING_NAMES)
