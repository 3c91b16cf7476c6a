"""The audit log's rows: their defaults, and how they outlive the comments and people they name."""

from flask import Flask
from sqlalchemy import delete, select

from cms.extensions import db
from cms.models import AuditEvent, Comment, Role, User, utcnow
from tests.support.site import add_comment


def add_user(email: str = "mo@example.org") -> User:
    """Store a moderator account, within the caller's app context."""
    user = User(email=email, role=Role.MODERATOR, password_hash="not a real hash")
    db.session.add(user)
    db.session.commit()
    return user


def test_an_event_needs_only_its_action(app: Flask) -> None:
    with app.app_context():
        before = utcnow()
        event = AuditEvent(action="approve")
        db.session.add(event)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(AuditEvent, event.id)
        assert (stored.from_status, stored.to_status, stored.detail) == ("", "", "")
        assert stored.comment_id is None and stored.user_id is None
        assert before <= stored.created_at <= utcnow()


def test_an_event_outlives_the_comment_it_is_about(app: Flask) -> None:
    comment_id = add_comment(app, "Soon deleted for good.")
    with app.app_context():
        db.session.add(
            AuditEvent(
                comment_id=comment_id, action="delete", from_status="trash", to_status="deleted"
            )
        )
        db.session.commit()
        db.session.execute(delete(Comment).where(Comment.id == comment_id))
        db.session.commit()
        rows = db.session.execute(
            select(AuditEvent.comment_id, AuditEvent.action, AuditEvent.from_status).where(
                AuditEvent.comment_id == comment_id
            )
        ).all()
        assert [tuple(r) for r in rows] == [(comment_id, "delete", "trash")]


def test_an_event_may_name_a_comment_that_no_longer_exists(app: Flask) -> None:
    # No foreign key on comment_id: the log is written about comments that may be gone.
    with app.app_context():
        db.session.add(AuditEvent(comment_id=999_999, action="delete"))
        db.session.commit()
        assert db.session.scalars(select(AuditEvent.comment_id)).all() == [999_999]


def test_deleting_an_account_keeps_its_decisions_without_the_name(app: Flask) -> None:
    with app.app_context():
        user = add_user()
        db.session.add(AuditEvent(user_id=user.id, action="spam", detail="obvious"))
        db.session.commit()
        db.session.execute(delete(User).where(User.id == user.id))
        db.session.commit()
        db.session.expire_all()
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "spam"))
        assert (event.user_id, event.action, event.detail) == (None, "spam", "obvious")
