"""Two-factor login: turning it on, recovery codes, and the code step that checks them."""

import time
from html import unescape

import pyotp
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import RecoveryCode, User
from tests.accounts.test_login import is_logged_in
from tests.support.concurrency import at_once
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, audit_rows, user_id

WRONG_CODE = "That code did not work. It may be mistyped or already used"
THROTTLED = "Too many failed logins. Please wait 15 minutes and try again."


def account_page(browser: Editor):
    return browser.client.get("/admin/account")


def setup_secret(browser: Editor) -> str:
    """Read the key the account page offers for the authenticator app."""
    return page(account_page(browser)).find("code", cls="totp-secret").text


def post_code(browser: Editor, code: str, url: str = "/admin/account/2fa/enable"):
    token = csrf_token(account_page(browser).get_data(as_text=True))
    return browser.client.post(url, data={"code": code, "csrf_token": token})


def turn_on(browser: Editor) -> tuple[str, list[str]]:
    """Set up two-factor login as a person with an app would; return the key and codes."""
    secret = setup_secret(browser)
    response = post_code(browser, pyotp.TOTP(secret).now())
    assert response.status_code == 200
    codes = [c.text for c in page(response).find("ul", cls="codes").find_all("code")]
    return secret, codes


def next_code(secret: str) -> str:
    """Return the code the app shows in the next 30 seconds: the one that turned two-factor
    login on has been used, and every code works once."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def password_step(app: Flask, next: str = "") -> Editor:
    """Return a fresh browser that has given the editor's right password."""
    browser = Editor(app.test_client())
    response = browser.login(next=next)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/code"
    return browser


def code_step(browser: Editor, code: str):
    token = csrf_token(browser.client.get("/admin/login/code").get_data(as_text=True))
    return browser.client.post("/admin/login/code", data={"code": code, "csrf_token": token})


def test_turning_on_shows_ten_recovery_codes_once_and_stores_only_hashes(
    app: Flask, editor: Editor
) -> None:
    secret, codes = turn_on(editor)
    assert len(codes) == len(set(codes)) == 10
    later = page(account_page(editor)).text
    assert "Two-factor login is on." in later and "10 unused recovery codes" in later
    assert not any(code in later for code in codes)
    with app.app_context():
        user = db.session.get(User, user_id(app, EDITOR_EMAIL))
        assert user.totp_secret == secret and user.totp_enabled_at is not None
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and not set(hashes) & set(codes)


def test_audit_records_turning_on_without_the_key_or_codes(app: Flask, editor: Editor) -> None:
    secret, codes = turn_on(editor)
    rows = audit_rows(app, fields=("action", "user_id", "detail"))
    assert [r[0] for r in rows] == ["2fa-enable", "recovery-codes-new"]
    assert {r[1] for r in rows} == {user_id(app, EDITOR_EMAIL)}
    text = repr(rows)
    assert secret not in text and not any(code in text for code in codes)


def test_login_with_two_factor_asks_for_a_code_before_logging_in(
    app: Flask, editor: Editor
) -> None:
    secret, _ = turn_on(editor)
    browser = password_step(app, next="/admin/comments?status=spam")
    assert not is_logged_in(browser.client)
    assert "Enter your login code" in browser.client.get("/admin/login/code").get_data(as_text=True)
    response = code_step(browser, next_code(secret))
    assert response.headers["Location"] == "/admin/comments?status=spam"
    assert is_logged_in(browser.client)


def test_a_wrong_code_at_login_does_not_log_in(app: Flask, editor: Editor) -> None:
    turn_on(editor)
    browser = password_step(app)
    response = code_step(browser, "000000")
    assert response.status_code == 400
    assert WRONG_CODE in unescape(response.get_data(as_text=True))
    assert not is_logged_in(browser.client)


def test_a_recovery_code_logs_in_once_only(app: Flask, editor: Editor) -> None:
    _, codes = turn_on(editor)
    first = password_step(app)
    # Typed as people copy from paper: capitals and spaces do not matter.
    assert code_step(first, codes[0].upper().replace("-", " ")).status_code == 302
    assert is_logged_in(first.client)
    again = password_step(app)
    assert code_step(again, codes[0]).status_code == 400
    assert not is_logged_in(again.client)
    assert [r[0] for r in audit_rows(app)].count("recovery-code-used") == 1
    assert "9 unused recovery codes" in page(account_page(editor)).text


def test_the_code_step_is_throttled_too(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    browser = password_step(app)
    for _ in range(5):
        assert code_step(browser, "000000").status_code == 400
    response = code_step(browser, next_code(secret))
    assert response.status_code == 429
    assert THROTTLED in unescape(response.get_data(as_text=True))
    assert not is_logged_in(browser.client)


def prepared_code_step(app: Flask, code: str):
    """Return a request, ready to send, of a browser at the code step posting ``code``."""
    browser = password_step(app)
    token = csrf_token(browser.client.get("/admin/login/code").get_data(as_text=True))
    return lambda: browser.client.post(
        "/admin/login/code", data={"code": code, "csrf_token": token}
    )


def test_a_code_from_the_app_logs_in_once_only(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    code = next_code(secret)
    assert code_step(password_step(app), code).status_code == 302
    replay = password_step(app)
    response = code_step(replay, code)
    assert response.status_code == 400
    assert WRONG_CODE in unescape(response.get_data(as_text=True))
    assert not is_logged_in(replay.client)


def test_the_code_that_turned_two_factor_on_does_not_log_in(app: Flask, editor: Editor) -> None:
    secret = setup_secret(editor)
    code = pyotp.TOTP(secret).now()
    assert post_code(editor, code).status_code == 200
    assert code_step(password_step(app), code).status_code == 400


def test_one_code_sent_by_two_logins_at_once_lets_only_one_in(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    code = next_code(secret)
    answers = at_once(*(prepared_code_step(app, code) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [302, 400, 400, 400]
    with app.app_context():
        assert db.session.get(User, user_id(app, EDITOR_EMAIL)).totp_last_step is not None


def test_one_recovery_code_sent_by_logins_at_once_lets_only_one_in(
    app: Flask, editor: Editor
) -> None:
    _, codes = turn_on(editor)
    answers = at_once(*(prepared_code_step(app, codes[0]) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [302, 400, 400, 400]
    assert [r[0] for r in audit_rows(app)].count("recovery-code-used") == 1
    assert "9 unused recovery codes" in page(account_page(editor)).text
