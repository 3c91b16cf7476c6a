"""The half-done login between the right password and the code: how long it lasts, what it
remembers, and what ends it."""

import hashlib
import hmac
import json
import time

from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from cms import tokens
from cms.accounts import staff
from cms.extensions import db
from cms.models import User
from tests.accounts.test_login import is_logged_in
from tests.accounts.test_sessions import REMEMBER, cookie_copy
from tests.accounts.test_two_factor import code_step, next_code, password_step, turn_on
from tests.admin.test_account import change_password, confirm_password
from tests.support.people import Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD, user_id


def sent_back_to_login(browser: Editor, secret: str) -> bool:
    """Say whether the code step now turns this browser away, even with a right code."""
    token = csrf_token(browser.client.get("/admin/login").get_data(as_text=True))
    response = browser.client.post(
        "/admin/login/code", data={"code": next_code(secret), "csrf_token": token}
    )
    return response.headers.get("Location") == "/admin/login" and not is_logged_in(browser.client)


def test_the_half_done_login_expires_after_five_minutes(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    browser = password_step(app)
    with browser.client.session_transaction() as session:
        session["login_2fa"] = session["login_2fa"] | {"started": time.time() - 301}
    response = browser.client.get("/admin/login/code")
    assert response.headers["Location"] == "/admin/login"
    assert "Your login timed out." in browser.client.get("/admin/login").get_data(as_text=True)
    token = csrf_token(browser.client.get("/admin/login").get_data(as_text=True))
    browser.client.post("/admin/login/code", data={"code": next_code(secret), "csrf_token": token})
    assert not is_logged_in(browser.client)


def test_the_code_step_without_a_password_first_goes_back_to_login(app: Flask) -> None:
    response = app.test_client().get("/admin/login/code")
    assert response.headers["Location"] == "/admin/login"


def test_keep_me_logged_in_is_kept_through_the_code_step(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    browser = Editor(app.test_client())
    token = csrf_token(browser.client.get("/admin/login").get_data(as_text=True))
    browser.client.post(
        "/admin/login",
        data={"email": EDITOR_EMAIL, "password": EDITOR_PASSWORD, "remember": "y"}
        | {"csrf_token": token},
    )
    assert code_step(browser, next_code(secret)).status_code == 302
    assert is_logged_in(cookie_copy(app, browser.client, REMEMBER))


def test_a_half_done_login_ends_when_the_password_changes(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    thief = Editor(app.test_client())
    assert thief.login().headers["Location"] == "/admin/login/code"
    assert thief.client.get("/admin/login/code").status_code == 200
    change_password(editor, EDITOR_PASSWORD, "a brand new long password")
    token = csrf_token(thief.client.get("/admin/login").get_data(as_text=True))
    response = thief.client.post(
        "/admin/login/code", data={"code": next_code(secret), "csrf_token": token}
    )
    assert response.headers["Location"] == "/admin/login"
    assert not is_logged_in(thief.client)


def test_the_half_done_login_lasts_as_long_as_the_setting_says(app: Flask, editor: Editor) -> None:
    app.config["LOGIN_2FA_SECONDS"] = 3600
    secret, _ = turn_on(editor)
    browser = password_step(app)
    with browser.client.session_transaction() as session:
        session["login_2fa"] = session["login_2fa"] | {"started": time.time() - 301}
    assert code_step(browser, next_code(secret)).status_code == 302
    assert is_logged_in(browser.client)


def test_the_password_step_starts_a_new_session(app: Flask, editor: Editor) -> None:
    turn_on(editor)
    browser = Editor(app.test_client())
    with browser.client.session_transaction() as session:
        session["planted"] = "by someone who set this browser's cookie"
    browser.login()
    with browser.client.session_transaction() as session:
        assert "planted" not in session and "login_2fa" in session


def test_the_session_cookie_holds_no_password_hash(app: Flask, editor: Editor) -> None:
    turn_on(editor)
    browser = password_step(app)
    # The session cookie is signed, not encrypted: anyone who sees it can read its JSON.
    _, data = URLSafeTimedSerializer("unknown key").loads_unsafe(
        browser.client.get_cookie("session").value
    )
    assert data["login_2fa"]["user_id"] == user_id(app, EDITOR_EMAIL)
    with app.app_context():
        stored_hash = db.session.get(User, user_id(app, EDITOR_EMAIL)).password_hash
    assert stored_hash not in json.dumps(data) and EDITOR_PASSWORD not in json.dumps(data)
    # Marked under the half-done login's own key, not SECRET_KEY itself.
    with app.app_context():
        own = tokens.hmac_key("pending-login")
    mark = data["login_2fa"]["password"]
    assert mark == hmac.new(own, stored_hash.encode(), hashlib.sha256).hexdigest()
    raw = app.secret_key.encode()
    assert mark != hmac.new(raw, stored_hash.encode(), hashlib.sha256).hexdigest()


def test_a_half_done_login_ends_when_the_account_is_disabled(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    browser = password_step(app)
    with app.app_context():
        staff.set_disabled(db.session.get(User, user_id(app, EDITOR_EMAIL)), True, by=None)
        db.session.commit()
    assert sent_back_to_login(browser, secret)


def test_a_half_done_login_ends_when_two_factor_is_turned_off(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    browser = password_step(app)
    assert confirm_password(editor, "disable", EDITOR_PASSWORD).status_code == 302
    assert sent_back_to_login(browser, secret)
