"""The Alembic migrations build exactly the schema the models describe, and undo it, on
SQLite and on PostgreSQL."""

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from cms.articles.search_index import include_name, is_index_table, search
from cms.cli import setup_database
from cms.extensions import db
from cms.models import Article, Comment
from cms.models.content import words_digest
from tests.support.site import make_app

TABLES = {
    "article_categories",
    "article_tags",
    "articles",
    "audit_events",
    "categories",
    "comment_drafts",
    "comments",
    "login_failures",
    "mail_tokens",
    "outbox",
    "recovery_codes",
    "revisions",
    "settings",
    "staff_sessions",
    "slug_redirects",
    "subscriptions",
    "tags",
    "users",
}


@pytest.fixture
def fresh_app(empty_database: str) -> Iterator[Flask]:
    """An app on an empty database of this test's kind, inside an app context."""
    app = make_app(empty_database)
    with app.app_context():
        yield app
        db.session.remove()


def _schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                # The search index is migration 0004's own, as in migrations/env.py.
                "include_name": include_name,
            },
        )
        return compare_metadata(context, db.metadata)


def _tables() -> set[str]:
    """Return the tables the models describe: not Alembic's own, nor the search index's."""
    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_index_table(name)}


def test_upgrade_on_a_fresh_database_matches_the_models(fresh_app):
    upgrade()
    assert _tables() == TABLES
    assert _schema_differences() == []


def test_downgrade_to_base_removes_everything_and_upgrade_rebuilds_it(fresh_app):
    upgrade()
    downgrade(revision="base")
    assert _tables() == set()
    upgrade()
    assert _tables() == TABLES
    assert _schema_differences() == []
    assert len(setup_database()) == 2


def test_0009_marks_earlier_imports_html_and_renders_them_as_wordpress_did(fresh_app):
    upgrade(revision="0008")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (slug, title, status, kind, author_name, wp_id, excerpt,"
                " body_markdown, body_html, body_text, published_at, comments_open, created_at,"
                " updated_at) VALUES ('old', 'Old', 'published', 'post', '', 5, '',"
                " :source, '<p>Markdown made this</p>', 'Markdown made this',"
                " '2020-01-01 00:00:00', :yes, '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            ),
            {"source": "Call __init__ here\n# not a heading", "yes": True},
        )
    upgrade()
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT source_format, body_html, body_text FROM articles WHERE slug = 'old'")
        ).one()
    assert row.source_format == "html"
    assert row.body_html == "<p>Call __init__ here<br>\n# not a heading</p>"
    assert "__init__" in row.body_text
    # The search index still follows the articles table, rebuilt by SQLite's batch mode.
    hits, _ = search("heading", 1, 10)
    assert [hit.article.slug for hit in hits] == ["old"]


def test_0012_gives_every_stored_comment_the_digest_its_words_are_found_by(fresh_app):
    upgrade()
    setup_database()
    article = db.session.scalar(select(Article))
    texts = [f"<p>Stored before the digest, number {n}.</p>" for n in range(3)]
    for html in texts:
        db.session.add(Comment(article=article, author_name="Pat", author_email="",
                               content_html=html))  # fmt: skip
    db.session.commit()
    downgrade(revision="0011")
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT content_html, words_digest FROM comments ORDER BY id")
        ).all()
    assert [(html, words_digest(html)) for html in texts] == [tuple(row) for row in rows]
    assert all(len(row.words_digest) == 16 for row in rows)
