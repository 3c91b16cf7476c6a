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


# A small export built from the documented format, for one case at a time.
WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old blog</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
<wp:author><wp:author_login>kim</wp:author_login>
<wp:author_display_name>Kim Writer</wp:author_display_name></wp:author>
"""
WXR_ITEM = """<item><title>{title}</title><dc:creator>kim</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>{type}</wp:post_type>{extra}{comments}</item>
"""
WXR_COMMENT = """<wp:comment>{id_element}<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_email>{email}</wp:comment_author_email>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{type}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def wxr_item(
    wp_id: int,
    title: str = "Hello",
    slug: str = "",
    content: str = "Some words.",
    status: str = "publish",
    type: str = "post",
    date: str = "2020-05-01 10:00:00",
    extra: str = "",
    comments: tuple[str, ...] = (),
) -> str:
    """One <item>; ``extra`` holds more of its elements (a password, postmeta, a parent)."""
    return WXR_ITEM.format(
        wp_id=wp_id, title=title, slug=slug, content=content, status=status, type=type,
        date=date, extra=extra, comments="".join(comments),
    )  # fmt: skip


def wxr_comment(
    wp_id: int | None,
    content: str,
    author: str = "Ann",
    parent: int = 0,
    approved: str = "1",
    type: str = "",
    date: str = "2020-05-02 08:00:00",
    email: str = "ann@example.net",
) -> str:
    """One <wp:comment>; an id of None leaves <wp:comment_id> out, as some converters do."""
    id_element = "" if wp_id is None else f"<wp:comment_id>{wp_id}</wp:comment_id>"
    return WXR_COMMENT.format(
        id_element=id_element, author=author, content=content, parent=parent,
        approved=approved, type=type, date=date, email=email,
    )  # fmt: skip


def wxr_file(
    path: Path, *items: str, site: str = "https://old.example.org", head: str = WXR_HEAD
) -> Path:
    """Write an export of these items, from the site at ``site``."""
    path.write_text(head.format(site=site) + "".join(items) + "</channel></rss>\n", "utf-8")
    return path
