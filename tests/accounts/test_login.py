"""Editors' login and logout, and the wall around every /admin/ page."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from cms.accounts.login import find_user
from cms.extensions import db
from cms.models import AuditEvent, Comment, CommentStatus, Role, User
from cms.models import users as users_module
from tests.support.people import Editor, add_user, csrf_token
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD, add_comment

BAD_LOGIN = "That email and password do not match a staff account."


def stored(app: Flask) -> list[tuple[int, CommentStatus]]:
    """Return every comment's id and status, and fail if any decision was recorded."""
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
        return [tuple(r) for r in db.session.execute(select(Comment.id, Comment.status))]


def login_target(response) -> str | None:
    """Return the `next` of a redirect to the login page; fail if it goes anywhere else."""
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/admin/login"
    return parse_qs(location.query).get("next", [None])[0]


def is_logged_in(client: FlaskClient) -> bool:
    response = client.get("/admin/comments")
    return response.status_code == 200 and "<h1>Comments</h1>" in response.get_data(as_text=True)


def without_tokens(html: str) -> str:
    """Blank the CSRF tokens, which differ between any two pages by design."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", html)


def test_login_page_shows_a_form_protected_by_a_csrf_token(client: FlaskClient) -> None:
    response = client.get("/admin/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form method="post" action="/admin/login"' in html
    assert 'name="email"' in html and 'type="password"' in html
    assert csrf_token(html)


def test_good_login_takes_the_editor_to_the_moderation_queue(client: FlaskClient) -> None:
    response = Editor(client).login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/comments"
    assert is_logged_in(client)


def test_login_without_a_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post(
        "/admin/login", data={"email": EDITOR_EMAIL, "password": EDITOR_PASSWORD}
    )
    assert response.status_code == 400
    assert not is_logged_in(client)


def test_wrong_password_and_unknown_email_get_the_same_answer(app: Flask) -> None:
    someone = "someone@example.org"
    wrong_password = Editor(app.test_client()).login(password="not the password")
    unknown_email = Editor(app.test_client()).login(email=someone)
    assert wrong_password.status_code == unknown_email.status_code == 400
    first = wrong_password.get_data(as_text=True)
    second = unknown_email.get_data(as_text=True)
    assert BAD_LOGIN in unescape(first) and BAD_LOGIN in unescape(second)
    # Apart from echoing the address typed, the two pages must not differ by one character.
    assert without_tokens(first).replace(EDITOR_EMAIL, "x") == without_tokens(second).replace(
        someone, "x"
    )


def test_a_failed_login_does_not_log_in(client: FlaskClient) -> None:
    Editor(client).login(password="not the password")
    assert not is_logged_in(client)


@pytest.mark.parametrize("path", ["/admin/", "/admin/comments", "/admin/comments?status=spam"])
def test_anonymous_visitor_is_sent_to_login_from_every_admin_page(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path)
    assert login_target(response) == path
    assert "sam@example.net" not in response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Please log in to reach the editors' pages." in unescape(page)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/comments/{id}/approve", {}),
        ("/admin/comments/{id}/spam", {}),
        ("/admin/comments/{id}/trash", {}),
        ("/admin/comments/{id}/delete", {}),
        ("/admin/comments/bulk", {"action": "approve", "ids": "{id}"}),
        ("/admin/comments/bulk", {"action": "delete", "ids": "{id}"}),
    ],
)
def test_anonymous_actions_are_sent_to_login_and_change_nothing(
    app: Flask, client: FlaskClient, path: str, data: dict[str, str]
) -> None:
    comment_id = add_comment(app)
    before = stored(app)
    # A visitor with a valid token from the login page still gets no further than login.
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    form = {k: v.format(id=comment_id) for k, v in data.items()} | {"csrf_token": token}
    response = client.post(path.format(id=comment_id), data=form)
    assert login_target(response) is not None
    assert stored(app) == before


def test_login_after_being_turned_away_returns_to_the_page_asked_for(
    client: FlaskClient,
) -> None:
    login_page = client.get(client.get("/admin/comments?status=spam").headers["Location"])
    html = login_page.get_data(as_text=True)
    hidden_next = re.search(r'name="next" type="hidden" value="([^"]*)"', html)
    assert hidden_next and hidden_next.group(1) == "/admin/comments?status=spam"
    response = client.post(
        "/admin/login",
        data={
            "email": EDITOR_EMAIL,
            "password": EDITOR_PASSWORD,
            "next": hidden_next.group(1),
            "csrf_token": csrf_token(html),
        },
    )
    assert response.headers["Location"] == "/admin/comments?status=spam"


def test_login_honours_a_next_page_on_this_site(client: FlaskClient) -> None:
    response = Editor(client).login(next="/admin/comments?status=spam")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/comments?status=spam"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "///evil.example/",
        "http:evil.example",
    ],
)
def test_login_ignores_a_next_page_on_another_site(client: FlaskClient, target: str) -> None:
    response = Editor(client).login(next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/comments"
    assert is_logged_in(client)


def test_logout_refuses_a_get(editor: Editor) -> None:
    assert editor.client.get("/admin/logout").status_code == 405
    assert is_logged_in(editor.client)


def test_logout_without_a_csrf_token_is_refused(editor: Editor) -> None:
    assert editor.client.post("/admin/logout").status_code == 400
    assert is_logged_in(editor.client)


def test_after_logout_the_queue_asks_for_login_again(editor: Editor) -> None:
    token = csrf_token(editor.queue().get_data(as_text=True))
    response = editor.client.post("/admin/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "You have logged out." in editor.client.get("/").get_data(as_text=True)
    assert login_target(editor.client.get("/admin/comments")) == "/admin/comments"


@pytest.mark.parametrize(
    "typed", ["EDITOR@EXAMPLE.ORG", "Editor@Example.org", " editor@example.org "]
)
def test_login_email_ignores_case_and_surrounding_spaces(client: FlaskClient, typed: str) -> None:
    response = Editor(client).login(email=typed)
    assert response.headers["Location"] == "/admin/comments"
    assert is_logged_in(client)


def test_an_account_stored_with_capitals_logs_in_with_lowercase(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        user = User(email="Mixed.Case@Example.org", role=Role.EDITOR)
        user.set_password("another long password")
        db.session.add(user)
        db.session.commit()
    Editor(client).login(email="mixed.case@example.org", password="another long password")
    assert is_logged_in(client)


def test_passwords_are_stored_only_as_hashes(app: Flask) -> None:
    with app.app_context():
        user = find_user(EDITOR_EMAIL)
        assert user.password_hash != EDITOR_PASSWORD
        assert EDITOR_PASSWORD not in user.password_hash
        assert user.check_password(EDITOR_PASSWORD)
        assert not user.check_password("a long editor passworD")


@pytest.mark.parametrize(
    ("email", "disabled"),
    [(EDITOR_EMAIL, False), ("nobody@example.org", False), ("gone@example.org", True)],
)
def test_every_login_costs_one_password_check_known_address_or_not(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, email: str, disabled: bool
) -> None:
    """Timing cannot tell which addresses are staff: each path hashes the password once."""
    if disabled:
        add_user(app, Role.EDITOR, email=email, disabled=True)
    checks: list[str] = []

    def counted(stored: str, password: str) -> bool:
        checks.append(stored.split("$")[0])
        return check_password_hash(stored, password)

    monkeypatch.setattr(users_module, "check_password_hash", counted)
    response = Editor(client).login(email=email, password="a wrong password")
    assert response.status_code == 400
    assert len(checks) == 1
    # The stand-in hash uses the very method (and so the cost) of a real one.
    with app.app_context():
        assert checks[0] == find_user(EDITOR_EMAIL).password_hash.split("$")[0]
