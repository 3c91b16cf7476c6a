"""The shared extensions: constraint names migrations can alter, a limiter keyed on the client."""

from collections.abc import Callable

from flask import Flask
from sqlalchemy import inspect

from cms.extensions import db
from tests.support.people import Commenter


def test_every_foreign_key_and_unique_constraint_has_its_conventional_name(app: Flask) -> None:
    # Unnamed constraints could not be dropped or altered by a later migration on SQLite.
    with app.app_context():
        inspector = inspect(db.engine)
        found = []
        for table in inspector.get_table_names():
            if table == "alembic_version":
                continue
            for key in inspector.get_foreign_keys(table):
                wanted = f"fk_{table}_{key['constrained_columns'][0]}_{key['referred_table']}"
                found.append((key["name"], wanted))
            for unique in inspector.get_unique_constraints(table):
                found.append((unique["name"], f"uq_{table}_{unique['column_names'][0]}"))
    assert found, "the migrated database has no constraints to check"
    assert [name for name, wanted in found if name != wanted] == []


def test_the_models_name_their_constraints_by_the_same_convention(app: Flask) -> None:
    names = {
        constraint.name
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if constraint.name
    }
    assert {"fk_comments_article_id_articles", "uq_articles_slug", "pk_articles"} <= names


def visitor(app: Flask, forwarded_for: str) -> Commenter:
    """A visitor behind the site's one proxy, which names them in X-Forwarded-For."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    return Commenter(client)


def test_limits_count_each_visitor_behind_the_proxy_not_the_proxy_itself(
    app_with: Callable[..., Flask],
) -> None:
    app = app_with(RATELIMIT_ENABLED=True, COMMENT_RATE_LIMIT="2 per minute", PROXY_FIX=1)
    first = visitor(app, "192.0.2.40")
    assert first.post(comment="One.").status_code == 303
    assert first.post(comment="Two.").status_code == 303
    assert first.post(comment="Three.").status_code == 429
    # Same proxy, another visitor: a count of their own.
    assert visitor(app, "198.51.100.40").post(comment="Mine.").status_code == 303


def test_without_a_configured_proxy_a_forged_forwarded_for_buys_no_new_allowance(
    app_with: Callable[..., Flask],
) -> None:
    app = app_with(RATELIMIT_ENABLED=True, COMMENT_RATE_LIMIT="2 per minute")
    for n, forged in enumerate(("192.0.2.50", "192.0.2.51"), start=1):
        assert visitor(app, forged).post(comment=f"Number {n}.").status_code == 303
    assert visitor(app, "203.0.113.99").post(comment="Number 3.").status_code == 429
