"""The WordPress theme unit test export, imported once per test run and copied per test."""

import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from cms.extensions import db
from tests.support.postgres import Server
from tests.support.site import make_app

THEME_FILE = Path(__file__).parents[1] / "data" / "wordpress-theme-unit-test.xml"


def run_import(app: Flask, source: Path | str = THEME_FILE) -> str:
    """Run `flask import-wxr` as an operator would; return what it printed."""
    result = app.test_cli_runner().invoke(args=["import-wxr", str(source)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


@cache
def imported_template(template: Path) -> tuple[Path, str]:
    """Import the theme unit test file into a copy of the template database, once."""
    path = template.with_name("wxr-imported.sqlite3")
    shutil.copyfile(template, path)
    app = make_app(path)
    output = run_import(app)
    with app.app_context():
        db.engine.dispose()
    return path, output


def empty_app(path: Path) -> Flask:
    """An app on a migrated database with no articles at all."""
    app = make_app(path)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return app


def imported_app(tmp_path: Path, template: Path) -> Flask:
    """An app on this test's own copy of the imported database."""
    source, _ = imported_template(template)
    path = tmp_path / "imported.sqlite3"
    shutil.copyfile(source, path)
    return make_app(path)


@cache
def imported_pg_template(server: Server, template: str) -> str:
    """Import the theme unit test file into a copy of the PostgreSQL template, once."""
    name = "cms_wxr_imported"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    app = make_app(server.url(name))
    run_import(app)
    with app.app_context():
        # Copies of it are made with CREATE DATABASE … TEMPLATE, which needs it unused.
        db.session.remove()
        db.engine.dispose()
    return name


def imported_site_fixture() -> Callable[..., Flask]:
    """Make a test module's ``site`` fixture: the site with the theme unit test imported.

    Use it as ``site = imported_site_fixture()``; each test gets its own copy of the
    database, SQLite or PostgreSQL like the `app` fixture.
    """

    @pytest.fixture
    def site(request: pytest.FixtureRequest, tmp_path: Path, database_kind: str) -> Flask:
        if database_kind == "postgresql":
            server = request.getfixturevalue("postgres")
            imported = imported_pg_template(server, request.getfixturevalue("postgres_template"))
            return make_app(request.getfixturevalue("pg_databases")(imported))
        return imported_app(tmp_path, request.getfixturevalue("template_database"))

    return site
