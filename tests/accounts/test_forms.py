"""The staff forms: what each accepts, how it trims what is typed, and what it says when not."""

import pytest
from flask import Flask
from flask_wtf import FlaskForm

from cms.accounts.forms import (
    ROLE_CHOICES,
    ChangePasswordForm,
    LoginForm,
    ReauthForm,
    SecondFactorForm,
    UserForm,
)
from cms.models import Role

GOOD_USER = {
    "email": "nia@example.org",
    "name": "Nia",
    "role": "moderator",
    "password": "a long password",
}
GOOD_CHANGE = {"current": "old password", "new": "a new password", "repeat": "a new password"}


def submitted(app: Flask, form_class: type[FlaskForm], **data: str) -> FlaskForm:
    """Return the form as a view sees it after this POST, validated; CSRF is tested elsewhere."""
    with app.test_request_context(method="POST", data=data):
        form = form_class(meta={"csrf": False})
        form.validate()
        return form


def messages(form: FlaskForm) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def test_login_trims_the_address_and_drops_nul_characters(app: Flask) -> None:
    form = submitted(app, LoginForm, email="  editor@example.org\x00 ", password="secret")
    assert form.errors == {}
    assert form.email.data == "editor@example.org"


def test_login_asks_for_what_is_missing(app: Flask) -> None:
    form = submitted(app, LoginForm, email=" ", password="")
    assert messages(form) == ["Enter your email.", "Enter your password."]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("email", "  ", "Enter the email address they will log in with."),
        ("email", "nia at example", "Enter a valid email address, like name@example.org."),
        ("email", "n" * 243 + "@example.org", "Email must be at most 254 characters."),
        ("name", "   ", "Enter the name readers will see."),
        ("name", "n" * 101, "Name must be at most 100 characters."),
        ("role", "owner", "Not a valid choice."),
        ("password", "short", "The password must be at least 8 characters."),
        ("password", "", "Enter a password for the account."),
    ],
)
def test_a_new_account_is_refused_with_the_reason(
    app: Flask, field: str, typed: str, message: str
) -> None:
    assert submitted(app, UserForm, **GOOD_USER).errors == {}
    form = submitted(app, UserForm, **(GOOD_USER | {field: typed}))
    assert list(form.errors) == [field] and message in form.errors[field]


def test_a_new_account_starts_with_the_least_powerful_role(app: Flask) -> None:
    with app.test_request_context():
        assert UserForm(meta={"csrf": False}).role.data == Role.MODERATOR.value


def test_every_role_is_offered_once_and_says_what_it_may_do() -> None:
    assert sorted(choice.value for choice in ROLE_CHOICES) == sorted(r.value for r in Role)
    assert all("(" in choice.label for choice in ROLE_CHOICES)


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"repeat": "a new passwort"}, "The two new passwords differ; please type them again."),
        ({"new": "short", "repeat": "short"}, "The new password must be at least 8 characters."),
        ({"current": ""}, "Enter your current password."),
        ({"repeat": ""}, "Type the new password a second time."),
    ],
)
def test_a_password_change_is_refused_with_the_reason(
    app: Flask, changed: dict[str, str], message: str
) -> None:
    assert submitted(app, ChangePasswordForm, **GOOD_CHANGE).errors == {}
    assert messages(submitted(app, ChangePasswordForm, **(GOOD_CHANGE | changed))) == [message]


def test_a_code_is_trimmed_and_a_very_long_one_refused(app: Flask) -> None:
    form = submitted(app, SecondFactorForm, code="  123 456 ")
    assert form.errors == {} and form.code.data == "123 456"
    assert "code" in submitted(app, SecondFactorForm, code="1" * 41).errors


def test_confirming_it_is_you_needs_a_code_only_when_the_view_asks(app: Flask) -> None:
    # The form cannot know whether the account has two-factor login; the view checks it.
    assert submitted(app, ReauthForm, password="secret").errors == {}
    assert messages(submitted(app, ReauthForm, code="123456")) == ["Enter your password."]
