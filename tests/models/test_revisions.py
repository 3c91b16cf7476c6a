"""Earlier versions of an article and its old addresses: kept with it, gone with it."""

import pytest
from flask import Flask
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import Article, Revision, Role, SlugRedirect, User
from tests.support.factories import add_article


def add_revision(article: int, user_id: int | None = None, title: str = "Before") -> int:
    """Store a version of an article, within the caller's app context; return its id."""
    revision = Revision(
        article_id=article, title=title, body_markdown="Old words.", user_id=user_id
    )
    db.session.add(revision)
    db.session.commit()
    return revision.id


def count(model: type[Revision] | type[SlugRedirect]) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_revision_keeps_the_version_it_was_given(app: Flask) -> None:
    article = add_article(app, "Revised")
    with app.app_context():
        revision_id = add_revision(article)
        db.session.expire_all()
        revision = db.session.get(Revision, revision_id)
        assert (revision.title, revision.excerpt, revision.body_markdown) == (
            "Before",
            "",
            "Old words.",
        )
        assert revision.user_id is None and revision.created_at is not None


def test_deleting_an_article_deletes_its_revisions_and_old_addresses(app: Flask) -> None:
    gone, kept = add_article(app, "Gone"), add_article(app, "Kept")
    with app.app_context():
        add_revision(gone)
        add_revision(kept)
        db.session.add_all(
            [
                SlugRedirect(old_slug="gone-before", article_id=gone),
                SlugRedirect(old_slug="kept-before", article_id=kept),
            ]
        )
        db.session.commit()
        db.session.execute(delete(Article).where(Article.id == gone))
        db.session.commit()
        assert db.session.scalars(select(Revision.article_id)).all() == [kept]
        assert db.session.scalars(select(SlugRedirect.old_slug)).all() == ["kept-before"]


def test_a_revision_outlives_the_account_that_saved_over_it(app: Flask) -> None:
    article = add_article(app, "Edited")
    with app.app_context():
        user = User(email="ed@example.org", role=Role.EDITOR, password_hash="not a real hash")
        db.session.add(user)
        db.session.commit()
        revision_id = add_revision(article, user_id=user.id)
        db.session.execute(delete(User).where(User.id == user.id))
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Revision, revision_id).user_id is None
        assert count(Revision) == 1


def test_an_old_address_leads_to_one_article_only(app: Flask) -> None:
    first, second = add_article(app, "First"), add_article(app, "Second")
    with app.app_context():
        db.session.add(SlugRedirect(old_slug="used-to-be", article_id=first))
        db.session.commit()
        db.session.add(SlugRedirect(old_slug="used-to-be", article_id=second))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert count(SlugRedirect) == 1


def test_a_revision_of_no_article_is_refused(app: Flask) -> None:
    with app.app_context():
        db.session.add(Revision(article_id=999_999, title="Orphan", body_markdown="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
