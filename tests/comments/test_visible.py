"""One rule for what readers see of comments: every public place shows approved ones only."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms.comments.posting import approved_parent
from cms.comments.visible import is_readable, is_visible, readable_clause, visible_clause
from cms.extensions import db
from cms.models import Article, Comment, CommentStatus, utcnow
from tests.support.site import HEROIN, add_comment, article_id

HIDDEN = [CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.TRASH]


@pytest.fixture
def one_of_each(app: Flask) -> Flask:
    """An article with one comment in every status, each saying which it is."""
    for status in CommentStatus:
        add_comment(app, f"Said while {status.value}.", status=status)
    return app


def test_only_approved_comments_are_visible(one_of_each: Flask) -> None:
    with one_of_each.app_context():
        shown = db.session.scalars(db.select(Comment).where(visible_clause())).all()
        assert [c.status for c in shown] == [CommentStatus.APPROVED]
        assert [s for s in CommentStatus if is_visible(Comment(status=s))] == [
            CommentStatus.APPROVED
        ]


def test_the_article_shows_only_the_approved_comment(
    one_of_each: Flask, client: FlaskClient
) -> None:
    page = client.get(f"/{HEROIN}/").get_data(as_text=True)
    assert "Said while approved." in page
    for status in HIDDEN:
        assert f"Said while {status.value}." not in page


def test_the_comments_feed_carries_only_the_approved_comment(
    one_of_each: Flask, client: FlaskClient
) -> None:
    feed = client.get("/comments/feed/").get_data(as_text=True)
    assert "Said while approved." in feed
    for status in HIDDEN:
        assert f"Said while {status.value}." not in feed


def test_a_reply_may_answer_only_a_visible_comment(one_of_each: Flask) -> None:
    with one_of_each.app_context():
        article = db.session.get_one(Article, article_id(one_of_each))
        answerable = {
            c.status
            for c in db.session.scalars(db.select(Comment))
            if approved_parent(article, c.id) is not None
        }
    assert answerable == {CommentStatus.APPROVED}


def test_a_withdrawn_placeholder_is_visible_but_its_words_are_not_readable(app: Flask) -> None:
    kept, withdrawn = (add_comment(app, status=CommentStatus.APPROVED) for _ in range(2))
    add_comment(app, "Waiting.", status=CommentStatus.PENDING)
    with app.app_context():
        db.session.get_one(Comment, withdrawn).withdrawn_at = utcnow()
        db.session.commit()
        visible = db.session.scalars(db.select(Comment.id).where(visible_clause())).all()
        readable = db.session.scalars(db.select(Comment.id).where(readable_clause())).all()
        assert (sorted(visible), readable) == ([kept, withdrawn], [kept])
        loaded = db.session.scalars(db.select(Comment).order_by(Comment.id)).all()
        assert [is_readable(c) for c in loaded] == [True, False, False]
        assert app.jinja_env.tests["readable"] is is_readable
