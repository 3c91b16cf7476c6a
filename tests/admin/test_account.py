"""A staff member's own account page: setting up and turning off two-factor login, new
recovery codes, changing the password, and the REQUIRE_2FA rule for admins."""

import json
from html import unescape

import pyotp
import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from cms.extensions import db
from cms.models import RecoveryCode, Role, User
from tests.accounts.test_login import is_logged_in, login_target
from tests.accounts.test_sessions import (
    REMEMBER,
    cookie_copy,
    on_another_network,
    reauth_target,
    remembered_login,
)
from tests.accounts.test_two_factor import (
    account_page,
    code_step,
    password_step,
    post_code,
    setup_secret,
    turn_on,
)
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token, staff_browser
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD, audit_rows, user_id

# --- two-factor login ---


def test_account_page_offers_a_key_and_an_otpauth_link(editor: Editor) -> None:
    html = page(account_page(editor))
    secret = html.find("code", cls="totp-secret").text
    uri = html.find("code", cls="totp-uri").text
    assert len(secret) == 32
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    assert "Two-factor login is off." in html.text
    # The key stays the same across visits until it is confirmed, so the app's copy works.
    assert setup_secret(editor) == secret


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "1234567"])
def test_a_wrong_code_does_not_turn_two_factor_on(app: Flask, editor: Editor, code: str) -> None:
    response = post_code(editor, code)
    assert response.status_code == 400
    assert "That code did not match." in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(User, user_id(app, EDITOR_EMAIL)).totp_enabled_at is None


def confirm_password(browser: Editor, action: str, password: str):
    token = csrf_token(account_page(browser).get_data(as_text=True))
    return browser.client.post(
        f"/admin/account/2fa/{action}", data={"password": password, "csrf_token": token}
    )


def test_turning_off_needs_the_password(app: Flask, editor: Editor) -> None:
    turn_on(editor)
    assert confirm_password(editor, "disable", "not my password").status_code == 400
    assert "Two-factor login is on." in account_page(editor).get_data(as_text=True)
    assert confirm_password(editor, "disable", "a long editor password").status_code == 302
    assert "Two-factor login is off." in account_page(editor).get_data(as_text=True)
    assert audit_rows(app)[-1][0] == "2fa-disable"
    with app.app_context():
        assert db.session.scalars(select(RecoveryCode)).all() == []
    # Login is one step again.
    assert Editor(app.test_client()).login().headers["Location"] == "/admin/comments"


def test_new_recovery_codes_replace_the_old_ones(app: Flask, editor: Editor) -> None:
    _, old = turn_on(editor)
    response = confirm_password(editor, "recovery-codes", "a long editor password")
    new = [c.text for c in page(response).find("ul", cls="codes").find_all("code")]
    assert len(new) == 10 and not set(new) & set(old)
    assert code_step(password_step(app), old[1]).status_code == 400
    assert code_step(password_step(app), new[1]).status_code == 302


@pytest.mark.parametrize("path", ["/admin/comments", "/admin/settings", "/admin/users"])
def test_required_two_factor_keeps_an_admin_on_the_account_page(app: Flask, path: str) -> None:
    app.config["REQUIRE_2FA"] = True
    admin = staff_browser(app, Role.ADMIN)
    response = admin.client.get(path)
    assert response.headers["Location"] == "/admin/account"
    assert account_page(admin).status_code == 200
    turn_on(admin)
    assert admin.client.get(path).status_code == 200


def test_required_two_factor_leaves_editors_and_moderators_alone(
    app: Flask, editor: Editor
) -> None:
    app.config["REQUIRE_2FA"] = True
    assert editor.queue().status_code == 200


def test_the_key_being_set_up_is_sealed_in_the_session_cookie(editor: Editor) -> None:
    secret = setup_secret(editor)
    # The session cookie is signed, not encrypted: anyone who sees it can read its JSON.
    _, data = URLSafeTimedSerializer("unknown key").loads_unsafe(
        editor.client.get_cookie("session").value
    )
    assert "totp_setup" in data  # read, so the check below can fail
    assert secret not in json.dumps(data)
    assert setup_secret(editor) == secret


def test_two_factor_changes_ask_for_the_password_again(app: Flask, editor: Editor) -> None:
    on_another_network(editor)
    token = csrf_token(editor.client.get("/admin/account").get_data(as_text=True))
    secret = page(editor.client.get("/admin/account")).find("code", cls="totp-secret").text
    response = editor.client.post(
        "/admin/account/2fa/enable",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": token},
        headers={"Referer": "http://localhost/admin/account"},
    )
    assert reauth_target(response) == "/admin/account"
    with app.app_context():
        assert db.session.get(User, user_id(app, EDITOR_EMAIL)).totp_enabled_at is None


# --- the password ---


def change_password(browser: Editor, current: str, new: str, repeat: str | None = None):
    token = csrf_token(browser.client.get("/admin/account").get_data(as_text=True))
    data = {"current": current, "new": new, "repeat": new if repeat is None else repeat}
    return browser.client.post("/admin/account/password", data=data | {"csrf_token": token})


def test_changing_the_password_logs_out_every_other_device(app: Flask, editor: Editor) -> None:
    phone = remembered_login(app)
    response = change_password(editor, EDITOR_PASSWORD, "a brand new long password")
    assert response.headers["Location"] == "/admin/account"
    shown = editor.client.get("/admin/account").get_data(as_text=True)
    assert "Every other device logged in as you is now logged out." in shown
    assert is_logged_in(editor.client)
    for other in (phone.client, cookie_copy(app, phone.client, REMEMBER)):
        assert login_target(other.get("/admin/comments")) == "/admin/comments"
    assert Editor(app.test_client()).login(password="a brand new long password").status_code == 302
    assert Editor(app.test_client()).login().status_code == 400


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("not my password", "a brand new long password", None, "That is not your current"),
        (EDITOR_PASSWORD, "short", None, "at least 8 characters"),
        (EDITOR_PASSWORD, "a brand new long password", "another one", "two new passwords differ"),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(
    app: Flask, editor: Editor, current: str, new: str, repeat: str | None, message: str
) -> None:
    phone = remembered_login(app)
    response = change_password(editor, current, new, repeat)
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert is_logged_in(phone.client)
    assert Editor(app.test_client()).login().status_code == 302


def test_a_restored_login_cannot_change_the_password_without_confirming(app: Flask) -> None:
    browser = remembered_login(app)
    restored = Editor(cookie_copy(app, browser.client, REMEMBER))
    response = change_password(restored, EDITOR_PASSWORD, "the thief's new password")
    assert reauth_target(response) is not None
    assert Editor(app.test_client()).login().status_code == 302


def test_guessing_the_current_password_is_throttled_like_logging_in(
    app: Flask, editor: Editor
) -> None:
    limit = app.config["LOGIN_THROTTLE_ACCOUNT"]
    for _ in range(limit):
        change_password(editor, "a wrong guess", "the thief's new password")
    response = change_password(editor, EDITOR_PASSWORD, "the thief's new password")
    assert response.status_code == 400
    assert "Too many failed logins" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EDITOR_EMAIL))
        assert user.check_password(EDITOR_PASSWORD)
