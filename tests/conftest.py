"""Fixtures on real databases (SQLite, and PostgreSQL where installed), and helpers that act
as readers, commenters and editors do."""

import itertools
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from cms import create_app
from cms.cli import setup_database
from cms.comments import discussion
from cms.extensions import db
from cms.models import Article, AuditEvent, Comment, CommentStatus, Role, User

# The loopback SMTP server and the `mailbox` fixture (tests/smtp.py); a real PostgreSQL
# server and the `pg_app` fixture (tests/postgres.py); which databases every test using
# `app` runs on (tests/databases.py); chromium and a live server (tests/browser.py); a real
# Redis server (tests/redis_server.py).
# programs: the one rule for the system programs tests run (left out or, in CI, required).
pytest_plugins = ["smtp", "postgres", "programs", "databases", "browser", "redis_server"]

HEROIN = "i-relapsed-on-heroin-now-what"
OPIOID = "why-relapse-into-opioid-addiction-is-not-the-end"
EDITOR_EMAIL = "editor@example.org"
EDITOR_PASSWORD = "a long editor password"

PENDING, APPROVED, SPAM, TRASH = (
    CommentStatus.PENDING,
    CommentStatus.APPROVED,
    CommentStatus.SPAM,
    CommentStatus.TRASH,
)
NOON = datetime(2024, 6, 1, 12, 0)

_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    """Read the CSRF token from a page, as a browser submitting its form would."""
    match = _TOKEN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


# Every app a test builds, so its connections are closed when the test ends.
_built: list[Flask] = []


def session_csrf_token(client: FlaskClient) -> str:
    """Return a session-bound CSRF token, from a page whose form has one.

    The comment form's token is the article's, not the session's (cms/comments/form_token.py),
    so it cannot stand in for the token of any other form; the login page's form is there
    whatever the settings (the "Your data" form is not, when the site cannot send mail).
    """
    return csrf_token(client.get("/admin/login").get_data(as_text=True))


def make_app(database: Path | str, **overrides: object) -> Flask:
    """Build the app on an SQLite file (a path) or any database (a URL); the anti-spam
    timers and limits are off unless a test turns them on, so helpers can post at machine
    speed."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            # Given, so no test writes a key into the real instance folder.
            "EMAIL_KEY": "test email key",
            "DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
            "COMMENT_MIN_SECONDS": 0,
            "COMMENT_FLOOD_SECONDS": 0,
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKGROUND": False,
            # The test client's host, so absolute URLs read as a browser there would see them.
            "SITE_URL": "http://localhost",
            **overrides,
        }
    )
    _built.append(app)
    return app


@pytest.fixture(autouse=True)
def close_connections() -> Iterator[None]:
    """Close the pooled connections of every app the test built, however it built it."""
    yield
    while _built:
        with _built.pop().app_context():
            db.session.remove()
            db.engine.dispose()


def fill_template(app: Flask) -> None:
    """Migrate, load the launch articles and create the editor: what every test starts from."""
    with app.app_context():
        setup_database()
        user = User(email=EDITOR_EMAIL, name="Eddie Editor", role=Role.EDITOR)
        user.set_password(EDITOR_PASSWORD)
        db.session.add(user)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite template, made once per run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "cms.sqlite3"
    fill_template(make_app(path))
    return path


@pytest.fixture
def database_kind(request: pytest.FixtureRequest) -> str:
    """Which database this test's app runs on: "sqlite" or "postgresql" (see databases.py)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def fresh_database(
    request: pytest.FixtureRequest, tmp_path: Path, database_kind: str
) -> Callable[[], str]:
    """Return a maker of database URLs, each a new copy of the template, of this test's kind."""
    if database_kind == "postgresql":
        return request.getfixturevalue("pg_databases")
    template, numbers = request.getfixturevalue("template_database"), itertools.count()

    def copy() -> str:
        database = tmp_path / f"cms-{next(numbers)}.sqlite3"
        shutil.copyfile(template, database)
        return f"sqlite:///{database}"

    return copy


@pytest.fixture
def empty_database(request: pytest.FixtureRequest, tmp_path: Path, database_kind: str) -> str:
    """Return the URL of a database of this test's kind with nothing in it yet."""
    if database_kind == "postgresql":
        return request.getfixturevalue("pg_empty_database")
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


@pytest.fixture
def app_with(fresh_database: Callable[[], str]) -> Callable[..., Flask]:
    """Return a maker of apps with these settings, each on its own fresh database of this
    test's kind (SQLite or PostgreSQL). For other settings on the same database as `app`,
    call make_app(app.config["DATABASE_URL"], ...)."""
    return lambda **overrides: make_app(fresh_database(), **overrides)


@pytest.fixture
def app(app_with: Callable[..., Flask]) -> Flask:
    """The app on a fresh copy of the template database, SQLite or PostgreSQL."""
    return app_with()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


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
        }
        data.update({k: str(v) for k, v in fields.items()})
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


@pytest.fixture
def commenter(app: Flask) -> Commenter:
    return Commenter(app.test_client())


@pytest.fixture
def reader(app: Flask) -> Commenter:
    """A second, unrelated visitor."""
    return Commenter(app.test_client())


@pytest.fixture
def editor(app: Flask) -> Editor:
    editor = Editor(app.test_client())
    editor.login()
    return editor


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


@pytest.fixture
def admin(app: Flask) -> Editor:
    """An admin (settings and users too) at their own browser."""
    return staff_browser(app, Role.ADMIN, name="Ada Admin")


@pytest.fixture
def moderator(app: Flask) -> Editor:
    """A moderator (comments only) at their own browser."""
    return staff_browser(app, Role.MODERATOR, name="Mo Moderator")


def comments_in_db(app: Flask) -> list[Comment]:
    with app.app_context():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        db.session.expunge_all()
        return list(rows)


def article_id(app: Flask, slug: str = HEROIN) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.id).where(Article.slug == slug))


def last_comment_id(app: Flask) -> int:
    return comments_in_db(app)[-1].id


def add_comment(
    app: Flask,
    text: str = "A comment.",
    status: CommentStatus = CommentStatus.PENDING,
    previous: CommentStatus | None = None,
    created_at: datetime = NOON,
    slug: str = HEROIN,
    author_name: str = "Pat",
    author_email: str = "pat@example.net",
    parent: int | None = None,
) -> int:
    """Store a comment in the given status directly, as if it had got there earlier."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        comment = Comment(
            article=article,
            parent_id=parent,
            author_name=author_name,
            author_email=author_email,
            content_html=f"<p>{text}</p>",
            status=status,
            previous_status=previous,
            created_at=created_at,
        )
        db.session.add(comment)
        db.session.commit()
        return comment.id


def status_of(app: Flask, comment_id: int) -> CommentStatus | None:
    """Return the stored status of a comment, or None once it is deleted."""
    with app.app_context():
        return db.session.scalar(select(Comment.status).where(Comment.id == comment_id))


def user_id(app: Flask, email: str) -> int:
    """Return the id of the account with this address, which must exist."""
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == email))
    assert found is not None, f"there is no account {email}"
    return found


AUDIT_FIELDS = ("action", "from_status", "to_status", "user_id", "detail")


def audit_rows(
    app: Flask, comment_id: int | None = None, fields: tuple[str, ...] = AUDIT_FIELDS
) -> list[tuple]:
    """Return the audit log oldest first, each entry as a tuple of the named AuditEvent
    columns; only the entries about one comment if ``comment_id`` is given."""
    with app.app_context():
        query = select(*(getattr(AuditEvent, f) for f in fields)).order_by(AuditEvent.id)
        if comment_id is not None:
            query = query.where(AuditEvent.comment_id == comment_id)
        return [tuple(row) for row in db.session.execute(query)]


def set_discussion(app: Flask, **changes: object) -> None:
    """Store discussion settings directly, as an admin saving /admin/settings would."""
    with app.test_request_context():
        discussion.save(replace(discussion.load(), **changes), by=None)
        db.session.commit()
