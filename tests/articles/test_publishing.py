"""The one rule for what the public sees of articles: published, and its time has come."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import bindparam, select

from cms.articles.publishing import is_public_clause, is_scheduled, public_posts
from cms.extensions import db
from cms.models import Article, ArticleStatus, utcnow
from tests.support.factories import (
    DRAFT,
    HIDDEN_ARTICLES,
    JAN_2025,
    PAGE,
    PRIVATE,
    PUBLISHED,
    add_article,
)
from tests.support.site import HEROIN, OPIOID


def public_slugs(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Article.slug).where(is_public_clause())))


def test_published_posts_and_pages_whose_time_has_come_are_public(app: Flask) -> None:
    add_article(app, "A page", kind=PAGE)
    assert public_slugs(app) == {HEROIN, OPIOID, "a-page"}


@pytest.mark.parametrize(
    ("status", "days_from_now", "public"),
    [
        (PUBLISHED, -1, True),
        (PUBLISHED, 1, False),
        (DRAFT, -1, False),
        (DRAFT, 1, False),
        (PRIVATE, -1, False),
    ],
    ids=["published", "scheduled", "draft", "draft-dated-later", "private"],
)
def test_only_a_published_article_whose_time_has_come_is_public(
    app: Flask, status: ArticleStatus, days_from_now: int, public: bool
) -> None:
    add_article(app, "Subject", utcnow() + timedelta(days=days_from_now), status)
    assert ("subject" in public_slugs(app)) is public


def test_only_a_published_article_with_a_later_date_is_scheduled(app: Flask) -> None:
    later = utcnow() + timedelta(hours=1)
    ids = {
        "scheduled": add_article(app, "Soon", later),
        "draft": add_article(app, "Draft later", later, DRAFT),
        "out": add_article(app, "Out now", utcnow() - timedelta(minutes=1)),
    }
    with app.app_context():
        found = {name: is_scheduled(db.session.get(Article, id_)) for name, id_ in ids.items()}
    assert found == {"scheduled": True, "draft": False, "out": False}


def test_the_clause_can_take_the_moment_as_a_parameter_bound_at_each_run(app: Flask) -> None:
    add_article(app, "New Year", JAN_2025)
    query = select(Article.slug).where(is_public_clause(bindparam("now")))
    with app.app_context():
        before = set(db.session.scalars(query, {"now": JAN_2025 - timedelta(seconds=1)}))
        after = set(db.session.scalars(query, {"now": JAN_2025}))
    assert "new-year" not in before
    assert after - before == {"new-year"}


@pytest.mark.parametrize(("status", "kind", "days_from_now"), HIDDEN_ARTICLES)
def test_public_posts_leave_out_hidden_articles_and_pages(
    app: Flask, status: object, kind: object, days_from_now: int
) -> None:
    add_article(app, "Hidden", utcnow() + timedelta(days=days_from_now), status, kind)
    with app.app_context():
        slugs = list(db.session.scalars(public_posts().with_only_columns(Article.slug)))
    assert slugs == [OPIOID, HEROIN]


def test_public_posts_published_at_the_same_moment_list_the_later_stored_first(
    app: Flask,
) -> None:
    first = add_article(app, "First stored", JAN_2025)
    second = add_article(app, "Second stored", JAN_2025)
    with app.app_context():
        ids = list(db.session.scalars(public_posts().with_only_columns(Article.id)))
    assert ids[:2] == [second, first]
