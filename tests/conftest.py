"""Fixtures only: apps on real databases (SQLite, and PostgreSQL where installed), and the
people who use them (tests/support/people.py)."""

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from cms.extensions import db
from cms.models import Role
from tests.support.people import Commenter, Editor, staff_browser
from tests.support.site import built_apps, fill_template, make_app

# tests/support/: the loopback SMTP server and the `mailbox` fixture (smtp.py); a real
# PostgreSQL server and the `pg_app` fixture (postgres.py); which databases every test using
# `app` runs on (databases.py); chromium and a live server (browser.py); a real Redis server
# (redis_server.py).
# programs: the one rule for the system programs tests run (left out or, in CI, required).
pytest_plugins = [
    f"tests.support.{name}"
    for name in ("smtp", "postgres", "programs", "databases", "browser", "redis_server")
]


@pytest.fixture(autouse=True)
def close_connections() -> Iterator[None]:
    """Close the pooled connections of every app the test built, however it built it."""
    yield
    while built_apps:
        with built_apps.pop().app_context():
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


@pytest.fixture
def admin(app: Flask) -> Editor:
    """An admin (settings and users too) at their own browser."""
    return staff_browser(app, Role.ADMIN, name="Ada Admin")


@pytest.fixture
def moderator(app: Flask) -> Editor:
    """A moderator (comments only) at their own browser."""
    return staff_browser(app, Role.MODERATOR, name="Mo Moderator")
