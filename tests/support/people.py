"""Helpers that act as people do: a commenter reading the form's token, an editor logging in."""

import re

from flask import Flask
from flask.testing import FlaskClient

from cms.extensions import db
from cms.models import Role, User

from .site import EDITOR_EMAIL, EDITOR_PASSWORD, HEROIN

_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    """Read the CSRF token from a page, as a browser submitting its form would."""
    match = _TOKEN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


def session_csrf_token(client: FlaskClient) -> str:
    """Return a session-bound CSRF token, from a page whose form has one.

    The comment form's token is the article's, not the session's (cms/comments/form_token.py),
    so it cannot stand in for the token of any other form; the login page's form is there
    whatever the settings (the "Your data" form is not, when the site cannot send mail).
    """
    return csrf_token(client.get("/admin/login").get_data(as_text=True))


class Commenter:
    """A visitor with their own browser (cookies and session) who reads and comments."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def article(self, slug: str = HEROIN, **params: object):
        return self.client.get(f"/{slug}/", query_string=params)

    def post(self, slug: str = HEROIN, follow: bool = False, **fields: object):
        """Post the comment form of an article, with a token read from the page."""
        page = self.article(slug)
        data = {
            "author": "Sam",
            "email": "sam@example.net",
            "url": "",
            "comment": "Thank you for this.",
            "comment_parent": "0",
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            # Past the second look (tests/comments/test_second_look*.py meet it): the other
            # tests' commenters have chosen to post as written. second_look=None meets it.
            "second_look": "keep",
        }
        data.update({k: str(v) for k, v in fields.items() if v is not None})
        data = {k: v for k, v in data.items() if fields.get(k, "") is not None}
        return self.client.post(f"/{slug}/comments", data=data, follow_redirects=follow)

    def sent_back(self, response):
        """Follow a refused post's redirect to the form as typed; return that page.

        A refused post answers 303 to the article's form (#respond), so a reload sends
        nothing again; the page after it is this browser's alone, 200 with the messages.
        """
        assert response.status_code == 303, response.status_code
        location = response.headers["Location"]
        assert location.endswith("#respond"), location
        shown = self.client.get(location)
        assert shown.status_code == 200
        assert shown.headers["Cache-Control"] == "private, no-store"
        return shown


class Editor:
    """An editor at their own browser."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, email: str = EDITOR_EMAIL, password: str = EDITOR_PASSWORD, next: str = ""):
        page = self.client.get("/admin/login", query_string={"next": next} if next else None)
        token = csrf_token(page.get_data(as_text=True))
        return self.client.post(
            "/admin/login",
            data={"email": email, "password": password, "next": next, "csrf_token": token},
        )

    def queue(self, status: str | None = None):
        return self.client.get(
            "/admin/comments", query_string={"status": status} if status else None
        )

    def act(self, comment_id: int, action: str):
        token = csrf_token(self.queue().get_data(as_text=True))
        return self.client.post(
            f"/admin/comments/{comment_id}/{action}", data={"csrf_token": token}
        )

    def bulk(self, action: str, ids: list[int]):
        token = csrf_token(self.queue().get_data(as_text=True))
        return self.client.post(
            "/admin/comments/bulk", data={"csrf_token": token, "action": action, "ids": ids}
        )


STAFF_PASSWORD = "a long staff password"


def add_user(
    app: Flask, role: Role, email: str | None = None, name: str = "", disabled: bool = False
) -> int:
    """Store a staff account directly, with STAFF_PASSWORD; return its id."""
    with app.app_context():
        user = User(
            email=email or f"{role.value}@example.org", name=name, role=role, disabled=disabled
        )
        user.set_password(STAFF_PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user.id


def staff_browser(app: Flask, role: Role, email: str | None = None, name: str = "") -> Editor:
    """Create an account with this role and return its own browser, logged in."""
    add_user(app, role, email, name)
    browser = Editor(app.test_client())
    browser.login(email or f"{role.value}@example.org", STAFF_PASSWORD)
    return browser
