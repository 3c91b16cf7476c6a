"""Search's PostgreSQL side: migration 0004 up and down, and the index the queries use.

The search behaviour itself runs on PostgreSQL too: tests/articles/test_search.py runs every test
against both databases.
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from cms.articles.search_index import PG_DOCUMENT, PG_INDEX
from cms.extensions import db
from tests.articles.test_search import _launch_article_at, found_then_release
from tests.support.postgres import Server
from tests.support.site import make_app
from tests.test_migrations import TABLES, _schema_differences


@pytest.fixture
def empty_pg(postgres: Server, tmp_path) -> Iterator[Flask]:
    """An app on a new, empty PostgreSQL database, inside an app context."""
    postgres.execute("CREATE DATABASE cms_empty")
    app = make_app(tmp_path / "unused.sqlite3", DATABASE_URL=postgres.url("cms_empty"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    postgres.execute("DROP DATABASE cms_empty WITH (FORCE)")


def _indexes() -> set[str]:
    return {index["name"] for index in inspect(db.engine).get_indexes("articles")}


def test_the_migrations_build_the_models_schema_and_the_search_index(empty_pg):
    upgrade()
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == TABLES
    assert PG_INDEX in _indexes()
    assert _schema_differences() == []


def test_the_migration_indexes_the_articles_already_there_and_downgrades_cleanly(empty_pg):
    _launch_article_at(empty_pg, "0003")
    upgrade()
    assert found_then_release(empty_pg, "wagtail") == ["/before-search/"]
    downgrade(revision="0003")
    assert PG_INDEX not in _indexes()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
    upgrade()
    assert PG_INDEX in _indexes()


def test_search_queries_can_use_the_gin_index(pg_app):
    with pg_app.app_context():
        # On a table this small the planner would rather scan; forbid it to see the index.
        db.session.execute(text("SET enable_seqscan = off"))
        plan = db.session.scalars(
            text(
                f"EXPLAIN SELECT id FROM articles WHERE {PG_DOCUMENT}"
                " @@ websearch_to_tsquery('english', '\"relapse\"')"
            )
        ).all()
    assert any(PG_INDEX in line for line in plan), plan
