"""The rules behind a commenter's own link: when a comment may still be changed, and what
withdrawing leaves of the author's address."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.comments import moderation, own_comments
from cms.extensions import db
from cms.models import Comment, CommentStatus, Subscription, utcnow
from tests.support.site import add_comment, set_discussion


@pytest.mark.parametrize(
    ("status", "minutes_ago", "editable"),
    [
        (CommentStatus.PENDING, 600, True),
        (CommentStatus.APPROVED, 5, True),
        (CommentStatus.APPROVED, 16, False),
        (CommentStatus.SPAM, 1, False),
        (CommentStatus.TRASH, 1, False),
    ],
)
def test_when_a_comment_may_still_be_changed(
    app: Flask, status: CommentStatus, minutes_ago: int, editable: bool
) -> None:
    comment_id = add_comment(
        app, "Words.", status, created_at=utcnow() - timedelta(minutes=minutes_ago)
    )
    with app.test_request_context():
        assert own_comments.can_edit(db.session.get(Comment, comment_id)) is editable


def test_the_window_is_the_setting(app: Flask) -> None:
    set_discussion(app, edit_minutes=0)
    comment_id = add_comment(app, "Words.", CommentStatus.APPROVED, created_at=utcnow())
    with app.test_request_context():
        assert not own_comments.can_edit(db.session.get(Comment, comment_id))


def test_withdrawing_the_last_comment_of_an_address_ends_its_subscription(app: Flask) -> None:
    first = add_comment(app, "One.", author_email="kit@example.net")
    second = add_comment(app, "Two.", author_email="kit@example.net")
    with app.test_request_context():
        db.session.add(Subscription(email="kit@example.net", confirmed_at=utcnow()))
        db.session.commit()
        own_comments.withdraw(db.session.get(Comment, first))
        db.session.commit()
        assert db.session.scalar(select(Subscription)) is not None
        own_comments.withdraw(db.session.get(Comment, second))
        db.session.commit()
        assert db.session.scalar(select(Subscription)) is None


def test_the_window_starts_when_an_editor_approves_it(app: Flask) -> None:
    # Posted an hour ago, approved a minute ago: still the author's to change.
    comment_id = add_comment(app, "Words.", created_at=utcnow() - timedelta(hours=1))
    with app.test_request_context():
        comment = db.session.get(Comment, comment_id)
        moderation.approve(comment, None)
        db.session.commit()
        assert own_comments.can_edit(comment)
