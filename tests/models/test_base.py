"""The clock every stored timestamp is read from, and enums stored by their value."""

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select, text

from cms.extensions import db
from cms.models import Comment, CommentStatus, utcnow
from cms.models.base import enum_column
from tests.support.site import add_comment, article_id


def test_utcnow_is_the_current_utc_time_without_a_zone() -> None:
    before = datetime.now(UTC).replace(tzinfo=None)
    now = utcnow()
    after = datetime.now(UTC).replace(tzinfo=None)
    assert now.tzinfo is None
    assert before <= now <= after


def test_a_row_left_to_its_default_is_stamped_with_utcnow(app: Flask) -> None:
    article = article_id(app)
    with app.app_context():
        before = utcnow()
        comment = Comment(
            article_id=article, author_name="Pat", author_email="", content_html="<p>Hi.</p>"
        )
        db.session.add(comment)
        db.session.commit()
        after = utcnow()
        db.session.expire_all()
        assert before <= db.session.get(Comment, comment.id).created_at <= after


def test_an_enum_is_stored_by_its_value_not_its_name(app: Flask) -> None:
    comment_id = add_comment(app, status=CommentStatus.SPAM)
    with app.app_context():
        raw = db.session.execute(
            text("SELECT status FROM comments WHERE id = :id"), {"id": comment_id}
        ).scalar()
        assert raw == "spam"
        found = db.session.scalar(select(Comment).where(Comment.id == comment_id))
        assert found.status is CommentStatus.SPAM


def test_a_row_written_by_value_is_read_back_as_the_enum(app: Flask) -> None:
    comment_id = add_comment(app)
    with app.app_context():
        db.session.execute(
            text("UPDATE comments SET status = 'trash' WHERE id = :id"), {"id": comment_id}
        )
        db.session.commit()
        assert db.session.get(Comment, comment_id).status is CommentStatus.TRASH


def test_the_enum_column_is_a_plain_string_of_twenty_holding_every_value() -> None:
    column = enum_column(CommentStatus)
    assert column.native_enum is False
    assert column.length == 20
    assert column.enums == ["pending", "approved", "spam", "trash"]
