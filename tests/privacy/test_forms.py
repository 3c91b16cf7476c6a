"""The personal data forms: a visitor's request, the erase confirmation, the editors' lookup."""

import pytest
from flask import Flask
from flask_wtf import FlaskForm

from cms.privacy.forms import DataRequestForm, EraseDataForm, PersonalDataForm, StaffEraseForm


def submitted(app: Flask, form_class: type[FlaskForm], **data: str) -> FlaskForm:
    """Return the form as a view sees it after this POST, validated; CSRF is tested elsewhere."""
    with app.test_request_context(method="POST", data=data):
        form = form_class(meta={"csrf": False})
        form.validate()
        return form


def test_a_visitors_address_is_trimmed(app: Flask) -> None:
    form = submitted(app, DataRequestForm, email="  sam@example.net\x00 ")
    assert form.errors == {} and form.email.data == "sam@example.net"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("   ", "Please enter your email address."),
        ("sam at example dot net", "Please enter a valid email address, like name@example.com."),
        ("s" * 89 + "@example.net", "Email must be at most 100 characters."),
    ],
)
def test_a_visitors_bad_address_is_refused_with_the_reason(
    app: Flask, typed: str, message: str
) -> None:
    assert submitted(app, DataRequestForm, email=typed).errors == {"email": [message]}


def test_an_editor_may_look_up_an_address_no_form_would_accept(app: Flask) -> None:
    # Addresses imported from WordPress were never checked by this site's comment form.
    form = submitted(app, PersonalDataForm, email=" sam at example dot net ")
    assert form.errors == {} and form.email.data == "sam at example dot net"
    assert submitted(app, PersonalDataForm, email=" ").errors == {
        "email": ["Enter an email address."]
    }


def test_erasing_keeps_the_text_unless_told_otherwise(app: Flask) -> None:
    form = submitted(app, EraseDataForm, confirm="y")
    assert form.errors == {} and form.text.data == "keep"


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"text": "remove"}, {"confirm": ["Tick the box to confirm."]}),
        ({"text": "everything", "confirm": "y"}, {"text": ["Not a valid choice."]}),
    ],
)
def test_an_erasure_is_refused_without_the_box_or_with_a_choice_not_offered(
    app: Flask, data: dict[str, str], errors: dict[str, list[str]]
) -> None:
    assert submitted(app, EraseDataForm, **data).errors == errors


def test_an_editors_erasure_needs_the_address_and_the_box(app: Flask) -> None:
    form = submitted(app, StaffEraseForm, email="", text="remove")
    assert form.errors == {
        "confirm": ["Tick the box to confirm."],
        "email": ["Enter an email address."],
    }
    assert submitted(app, StaffEraseForm, email="sam@example.net", confirm="y").errors == {}
