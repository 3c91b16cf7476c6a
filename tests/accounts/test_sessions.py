"""Staff logins kept on the server: logout ends them everywhere, a phone changing network
stays logged in, "Keep me logged in" outlives the browser, and the sensitive pages ask for
the password again."""

import hashlib
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from cms.extensions import db
from cms.models import Role, StaffSession, utcnow
from cms.models.users import User
from tests.accounts.test_login import is_logged_in, login_target
from tests.accounts.test_two_factor import next_code, turn_on
from tests.support.html_page import page
from tests.support.people import STAFF_PASSWORD, Editor, csrf_token, staff_browser
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD, user_id

REMEMBER = "remember_token"


def log_out(browser: Editor):
    token = csrf_token(browser.queue().get_data(as_text=True))
    return browser.client.post("/admin/logout", data={"csrf_token": token})


def cookie_copy(app: Flask, source: FlaskClient, *names: str) -> FlaskClient:
    """Return another browser holding copies of these cookies only, as a thief would."""
    thief = app.test_client()
    for name in names:
        thief.set_cookie(name, source.get_cookie(name).value)
    return thief


def remembered_login(app: Flask) -> Editor:
    """Log the editor in with "Keep me logged in" ticked."""
    browser = Editor(app.test_client())
    token = csrf_token(browser.client.get("/admin/login").get_data(as_text=True))
    response = browser.client.post(
        "/admin/login",
        data={
            "email": EDITOR_EMAIL,
            "password": EDITOR_PASSWORD,
            "remember": "y",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    return browser


def reauth_target(response) -> str | None:
    """Return the `next` of a redirect to the password-again page; fail if it goes elsewhere."""
    assert response.status_code in (302, 303)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/admin/login/again"
    return parse_qs(location.query).get("next", [None])[0]


def confirm(browser: Editor, next: str, password: str = STAFF_PASSWORD, code: str = ""):
    """Type the password (and code) on the password-again page, as the person would."""
    form = browser.client.get("/admin/login/again", query_string={"next": next})
    data = {"password": password, "next": next, "code": code}
    data["csrf_token"] = csrf_token(form.get_data(as_text=True))
    return browser.client.post("/admin/login/again", data=data)


def on_another_network(browser: Editor) -> None:
    """Change the browser's IP and User-Agent, as a phone leaving Wi-Fi does."""
    browser.client.environ_base.update(
        REMOTE_ADDR="203.0.113.50", HTTP_USER_AGENT="Phone on mobile data"
    )


def test_a_copied_session_cookie_stops_working_at_logout(app: Flask, editor: Editor) -> None:
    thief = cookie_copy(app, editor.client, "session")
    assert is_logged_in(thief)
    log_out(editor)
    assert login_target(thief.get("/admin/comments")) == "/admin/comments"


def test_a_copied_keep_me_logged_in_cookie_stops_working_at_logout(app: Flask) -> None:
    browser = remembered_login(app)
    thief = cookie_copy(app, browser.client, REMEMBER)
    assert is_logged_in(thief)
    log_out(browser)
    assert login_target(cookie_copy(app, browser.client, "session").get("/admin/comments"))
    thief_again = app.test_client()
    thief_again.set_cookie(REMEMBER, thief.get_cookie(REMEMBER).value)
    assert login_target(thief_again.get("/admin/comments")) == "/admin/comments"


def test_the_cookies_carry_a_random_token_stored_only_as_a_hash(app: Flask, editor: Editor):
    with editor.client.session_transaction() as session:
        token = session["_user_id"]
    assert token != str(user_id(app, EDITOR_EMAIL)) and len(token) >= 40
    with app.app_context():
        rows = db.session.scalars(select(StaffSession)).all()
        assert [r.token_hash for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
        assert rows[0].user_id == user_id(app, EDITOR_EMAIL) and rows[0].ended_at is None


def test_logout_marks_the_login_ended_on_the_server(app: Flask, editor: Editor) -> None:
    log_out(editor)
    with app.app_context():
        assert db.session.scalars(select(StaffSession.ended_at)).one() is not None


def test_disabling_an_account_ends_its_logins_for_good(app: Flask, admin: Editor) -> None:
    phone = remembered_login(app)
    editor_id = user_id(app, EDITOR_EMAIL)
    for change in ("disable", "enable"):
        token = csrf_token(admin.client.get("/admin/users").get_data(as_text=True))
        admin.client.post(f"/admin/users/{editor_id}/{change}", data={"csrf_token": token})
    # Enabled again, the account must log in afresh: the old cookies were ended, not paused.
    assert login_target(phone.client.get("/admin/comments")) == "/admin/comments"
    assert login_target(cookie_copy(app, phone.client, REMEMBER).get("/admin/comments"))


def test_keep_me_logged_in_survives_a_new_browser_session(app: Flask) -> None:
    browser = remembered_login(app)
    remember = browser.client.get_cookie(REMEMBER)
    assert remember is not None and remember.http_only
    # A browser restarted: the session cookie is gone, the remember cookie kept.
    restarted = cookie_copy(app, browser.client, REMEMBER)
    assert is_logged_in(restarted)


def test_without_keep_me_logged_in_no_remember_cookie_is_set(editor: Editor) -> None:
    assert editor.client.get_cookie(REMEMBER) is None


def remembered_login_cookies(app: Flask) -> list[str]:
    """Log the editor in with "Keep me logged in" ticked; return the Set-Cookie headers."""
    client = app.test_client()
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    response = client.post(
        "/admin/login",
        data={"email": EDITOR_EMAIL, "password": EDITOR_PASSWORD, "remember": "y"}
        | {"csrf_token": token},
    )
    return response.headers.getlist("Set-Cookie")


def test_the_remember_cookie_is_secure_when_the_session_cookie_is(app_with) -> None:
    cookies = remembered_login_cookies(app_with(SESSION_COOKIE_SECURE=True))
    [cookie] = [c for c in cookies if c.startswith(REMEMBER)]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_login_cookies_are_secure_when_the_site_url_is_https(app_with) -> None:
    # Behind a TLS proxy without PROXY_FIX the request looks like plain HTTP.
    cookies = remembered_login_cookies(app_with(SITE_URL="https://notes.example.org"))
    assert {c.split("=")[0] for c in cookies} >= {"session", REMEMBER}
    assert all("Secure" in c for c in cookies)


def test_the_login_form_offers_keep_me_logged_in(client: FlaskClient) -> None:
    form = page(client.get("/admin/login")).find("form", cls="login-form")
    box = form.by_id("remember")
    assert box.attrs["type"] == "checkbox" and "checked" not in box.attrs
    assert "Keep me logged in on this device" in form.text and "30 days" in form.text


def test_a_phone_changing_network_stays_logged_in_but_confirms_before_settings(
    app: Flask, admin: Editor
) -> None:
    on_another_network(admin)
    assert is_logged_in(admin.client)
    assert reauth_target(admin.client.get("/admin/settings")) == "/admin/settings"
    shown = page(admin.client.get("/admin/login/again?next=/admin/settings")).text
    assert "Please confirm it is you" in shown and "nothing has been changed yet" in shown
    response = confirm(admin, "/admin/settings")
    assert response.headers["Location"] == "/admin/settings"
    assert admin.client.get("/admin/settings").status_code == 200


def test_a_restored_login_confirms_before_each_sensitive_page(app: Flask) -> None:
    staff_browser(app, Role.ADMIN, name="Ada Admin")
    browser = Editor(app.test_client())
    token = csrf_token(browser.client.get("/admin/login").get_data(as_text=True))
    browser.client.post(
        "/admin/login",
        data={"email": "admin@example.org", "password": STAFF_PASSWORD, "remember": "y"}
        | {"csrf_token": token},
    )
    restored = Editor(cookie_copy(app, browser.client, REMEMBER))
    assert is_logged_in(restored.client)
    for path in ("/admin/users", "/admin/settings"):
        assert reauth_target(restored.client.get(path)) == path
    # The rest of the admin stays open.
    assert restored.client.get("/admin/audit").status_code == 200


def test_a_form_sent_before_confirming_is_not_lost_silently(app: Flask, admin: Editor) -> None:
    editor_id = user_id(app, EDITOR_EMAIL)
    token = csrf_token(admin.client.get("/admin/users").get_data(as_text=True))
    on_another_network(admin)
    response = admin.client.post(
        f"/admin/users/{editor_id}/disable",
        data={"csrf_token": token},
        headers={"Referer": "http://localhost/admin/users"},
    )
    assert reauth_target(response) == "/admin/users"
    with app.app_context():
        assert db.session.get(User, editor_id).disabled is False
    back = confirm(admin, "/admin/users")
    assert back.headers["Location"] == "/admin/users"
    shown = unescape(admin.client.get("/admin/users").get_data(as_text=True))
    assert "Nothing was changed yet: please press the button again." in shown


def test_a_wrong_password_does_not_confirm(app: Flask, admin: Editor) -> None:
    on_another_network(admin)
    response = confirm(admin, "/admin/settings", password="not my password")
    assert response.status_code == 400
    assert "That is not your password." in unescape(response.get_data(as_text=True))
    assert reauth_target(admin.client.get("/admin/settings"))


def test_confirming_is_throttled_like_logging_in(app: Flask, admin: Editor) -> None:
    on_another_network(admin)
    for _ in range(5):
        assert confirm(admin, "/admin/settings", password="wrong").status_code == 400
    response = confirm(admin, "/admin/settings")
    assert response.status_code == 429
    assert reauth_target(admin.client.get("/admin/settings"))


def test_with_two_factor_confirming_needs_a_code_too(app: Flask, admin: Editor) -> None:
    secret, _ = turn_on(admin)
    on_another_network(admin)
    assert confirm(admin, "/admin/settings").status_code == 400
    assert reauth_target(admin.client.get("/admin/settings"))
    response = confirm(admin, "/admin/settings", code=next_code(secret))
    assert response.headers["Location"] == "/admin/settings"
    assert admin.client.get("/admin/settings").status_code == 200


def test_the_password_again_page_only_sends_people_to_this_site(admin: Editor) -> None:
    on_another_network(admin)
    response = confirm(admin, "https://evil.example/")
    assert response.headers["Location"] == "/admin/"


def test_log_out_everywhere_ends_every_login_of_the_account(app: Flask, editor: Editor) -> None:
    phone = remembered_login(app)
    other = staff_browser(app, Role.MODERATOR, name="Mo Moderator")
    shown = page(editor.client.get("/admin/account")).find("p", cls="logins-status").text
    assert "You have 2 open logins, this one included." in shown
    token = csrf_token(editor.client.get("/admin/account").get_data(as_text=True))
    response = editor.client.post("/admin/logout/everywhere", data={"csrf_token": token})
    assert response.headers["Location"] == "/admin/login"
    assert "You are logged out everywhere" in editor.client.get("/admin/login").get_data(
        as_text=True
    )
    for browser in (editor.client, phone.client, cookie_copy(app, phone.client, REMEMBER)):
        assert login_target(browser.get("/admin/comments")) == "/admin/comments"
    # Someone else's login is theirs alone.
    assert is_logged_in(other.client)


def set_last_seen(app: Flask, when: datetime) -> None:
    with app.app_context():
        for row in db.session.scalars(select(StaffSession)):
            row.last_seen_at = when
        db.session.commit()


def last_seen(app: Flask) -> datetime:
    with app.app_context():
        return db.session.scalars(select(StaffSession.last_seen_at)).one()


def test_a_login_in_use_is_kept_alive_without_a_write_per_request(
    app: Flask, editor: Editor
) -> None:
    ten_minutes_ago = utcnow() - timedelta(minutes=10)
    set_last_seen(app, ten_minutes_ago)
    assert is_logged_in(editor.client)
    seen = last_seen(app)
    assert seen > ten_minutes_ago
    assert is_logged_in(editor.client)
    assert last_seen(app) == seen


def test_a_login_unused_for_the_remember_duration_ends_by_itself(app: Flask) -> None:
    browser = remembered_login(app)
    set_last_seen(app, utcnow() - timedelta(days=31))
    assert login_target(browser.client.get("/admin/comments")) == "/admin/comments"
    assert login_target(cookie_copy(app, browser.client, REMEMBER).get("/admin/comments"))


def test_a_copied_cookie_claiming_the_owners_address_in_a_header_is_not_fresh(
    app: Flask, admin: Editor
) -> None:
    thief = cookie_copy(app, admin.client, "session")
    thief.environ_base.update(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert reauth_target(thief.get("/admin/settings")) == "/admin/settings"
