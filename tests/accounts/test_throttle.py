"""Login throttling: too many failed logins for an account or from an IP must wait."""

import hashlib
import hmac
from datetime import timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from cms import tokens
from cms.accounts import throttle
from cms.extensions import db
from cms.models import FailureKind, LoginFailure, utcnow
from tests.accounts.test_login import is_logged_in, without_tokens
from tests.support.concurrency import at_once
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD

THROTTLED = "Too many failed logins. Please wait 15 minutes and try again."
NOBODY = "nobody@example.org"


def browser(app: Flask, ip: str = "198.51.100.7") -> Editor:
    """Return a fresh browser whose requests come from ``ip``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return Editor(client)


def fail(app: Flask, email: str, times: int, ip: str = "198.51.100.7") -> None:
    for _ in range(times):
        assert browser(app, ip).login(email=email, password="wrong").status_code == 400


def add_failures(app: Flask, kind: FailureKind, key: str, times: int, minutes_ago: int) -> None:
    """Store failures directly, as if they had happened ``minutes_ago``."""
    with app.test_request_context():
        key = throttle.account_key(key) if kind is FailureKind.ACCOUNT else key
        when = utcnow() - timedelta(minutes=minutes_ago)
        db.session.add_all(
            LoginFailure(key_kind=kind, key=key, created_at=when) for _ in range(times)
        )
        db.session.commit()


def stored_failures(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            tuple(r) for r in db.session.execute(select(LoginFailure.key_kind, LoginFailure.key))
        ]


@pytest.mark.parametrize("email", [EDITOR_EMAIL, NOBODY])
def test_five_failures_for_an_address_refuse_the_next_try_with_one_message(
    app: Flask, email: str
) -> None:
    fail(app, email, 5)
    # The right password, from a new IP, is still refused without being checked.
    me = browser(app, "203.0.113.9")
    response = me.login(email=email, password=EDITOR_PASSWORD)
    assert response.status_code == 429
    assert THROTTLED in unescape(response.get_data(as_text=True))
    assert not is_logged_in(me.client)


def test_a_throttled_known_and_unknown_address_get_the_very_same_page(app: Flask) -> None:
    fail(app, EDITOR_EMAIL, 5)
    fail(app, NOBODY, 5)
    known = browser(app).login(email=EDITOR_EMAIL, password=EDITOR_PASSWORD)
    unknown = browser(app).login(email=NOBODY, password="anything")
    assert known.status_code == unknown.status_code == 429
    first = without_tokens(known.get_data(as_text=True)).replace(EDITOR_EMAIL, "x")
    assert first == without_tokens(unknown.get_data(as_text=True)).replace(NOBODY, "x")


def test_four_failures_still_let_the_right_password_in(app: Flask) -> None:
    fail(app, EDITOR_EMAIL, 4)
    me = browser(app)
    assert me.login().headers["Location"] == "/admin/comments"
    assert is_logged_in(me.client)


def test_twenty_failures_from_one_ip_refuse_every_address_from_it(app: Flask) -> None:
    for n in range(20):
        fail(app, f"guess{n}@example.org", 1, ip="192.0.2.66")
    response = browser(app, "192.0.2.66").login()
    assert response.status_code == 429
    assert THROTTLED in unescape(response.get_data(as_text=True))
    # The same account from anywhere else is not locked out by someone else's guessing.
    elsewhere = browser(app, "192.0.2.67")
    assert elsewhere.login().headers["Location"] == "/admin/comments"


@pytest.mark.parametrize(
    ("kind", "key", "limit"),
    [(FailureKind.ACCOUNT, EDITOR_EMAIL, 5), (FailureKind.IP, "198.51.100.7", 20)],
)
@pytest.mark.parametrize(("minutes_ago", "throttled"), [(14, True), (16, False)])
def test_failures_count_only_within_fifteen_minutes(
    app: Flask, kind: FailureKind, key: str, limit: int, minutes_ago: int, throttled: bool
) -> None:
    add_failures(app, kind, key, limit, minutes_ago)
    response = browser(app).login()
    assert (response.status_code == 429) is throttled
    if not throttled:
        assert response.headers["Location"] == "/admin/comments"


def test_a_successful_login_clears_the_accounts_failures(app: Flask) -> None:
    fail(app, EDITOR_EMAIL, 4)
    browser(app).login()
    assert [k for k, _ in stored_failures(app)] == [FailureKind.IP] * 4
    fail(app, EDITOR_EMAIL, 4)
    assert browser(app).login().status_code == 302


def test_old_failures_are_pruned_when_a_new_one_is_stored(app: Flask) -> None:
    add_failures(app, FailureKind.ACCOUNT, NOBODY, 3, minutes_ago=60)
    fail(app, EDITOR_EMAIL, 1)
    assert len(stored_failures(app)) == 2


def test_failures_never_store_the_address_typed(app: Flask) -> None:
    fail(app, "Someone.Private@Example.org", 2)
    keys = [key for kind, key in stored_failures(app) if kind == FailureKind.ACCOUNT]
    assert len(keys) == 2
    assert all("@" not in key and "someone" not in key.lower() for key in keys)
    # Counted under one key whatever the case, so capitals do not buy extra tries.
    fail(app, "someone.private@example.org", 3)
    response = browser(app).login(email="SOMEONE.PRIVATE@example.org", password="x")
    assert response.status_code == 429


def test_failures_are_counted_under_the_throttles_own_key_never_the_secret(app: Flask) -> None:
    fail(app, NOBODY, 1)
    [key] = [key for kind, key in stored_failures(app) if kind == FailureKind.ACCOUNT]
    with app.app_context():
        own = tokens.hmac_key("login-throttle")
    raw = app.secret_key.encode()
    assert key == hmac.new(own, NOBODY.encode(), hashlib.sha256).hexdigest()
    assert key != hmac.new(raw, NOBODY.encode(), hashlib.sha256).hexdigest()


def test_login_gives_a_new_session_cookie(client: FlaskClient) -> None:
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    before = client.get_cookie("session").value
    client.post(
        "/admin/login",
        data={"email": EDITOR_EMAIL, "password": EDITOR_PASSWORD, "csrf_token": token},
    )
    after = client.get_cookie("session").value
    assert after != before
    # The token of the session before login no longer works after it.
    with client.session_transaction() as session:
        assert "csrf_token" not in session


def test_a_refused_try_shows_the_form_again_and_is_not_counted(app: Flask) -> None:
    fail(app, NOBODY, 5)
    response = browser(app).login(email=NOBODY)
    form = page(response).find("form", cls="login-form")
    assert form is not None and form.attrs["action"] == "/admin/login"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 10


def prepared_login(app: Flask, ip: str, password: str = "wrong"):
    """Return a login, ready to send, from a fresh browser at ``ip``."""
    me = browser(app, ip)
    token = csrf_token(me.client.get("/admin/login").get_data(as_text=True))
    data = {"email": EDITOR_EMAIL, "password": password, "csrf_token": token}
    return lambda: me.client.post("/admin/login", data=data)


def checked_before_refusal(burst: list, app: Flask, ip: str) -> int:
    """Count the tries of a burst whose password was checked (400, not 429), then go on
    trying one at a time until refused, and return how many were checked in all.

    Tries arriving together may each count the others and all be refused: the throttle errs
    on the side of refusing, never of letting one more through.
    """
    assert {a.status_code for a in burst} <= {400, 429}
    checked = sum(a.status_code == 400 for a in burst)
    while prepared_login(app, ip)().status_code == 400:
        checked += 1
    return checked


def test_wrong_passwords_sent_at_once_cannot_pass_the_limit_together(app: Flask) -> None:
    fail(app, EDITOR_EMAIL, 3)
    tries = [prepared_login(app, f"198.51.100.{n}") for n in range(10, 16)]
    checked = checked_before_refusal(at_once(*tries), app, "198.51.100.99")
    # Two tries were left: the burst and the tries after it get two passwords checked, no more.
    assert checked == 2
    kinds = [kind for kind, _ in stored_failures(app)]
    assert kinds.count(FailureKind.ACCOUNT) == 5


def test_guesses_from_one_ip_sent_at_once_cannot_pass_its_limit_together(app: Flask) -> None:
    for n in range(18):
        fail(app, f"guess{n}@example.org", 1, ip="192.0.2.66")
    tries = [prepared_login(app, "192.0.2.66") for _ in range(5)]
    assert checked_before_refusal(at_once(*tries), app, "192.0.2.66") == 2
