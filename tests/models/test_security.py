"""Login security's rows: failed attempts by kind, recovery codes and staff sessions kept with
their account and gone with it."""

import pytest
from flask import Flask
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import FailureKind, LoginFailure, RecoveryCode, Role, StaffSession, User, utcnow

TOKEN_HASH = "ab" * 32


def add_user(email: str) -> int:
    """Store an editor account, within the caller's app context; return its id."""
    user = User(email=email, role=Role.EDITOR, password_hash="not a real hash")
    db.session.add(user)
    db.session.commit()
    return user.id


def test_a_failure_is_stored_by_its_kind_and_stamped(app: Flask) -> None:
    with app.app_context():
        before = utcnow()
        db.session.add_all(
            [
                LoginFailure(key_kind=FailureKind.ACCOUNT, key="cd" * 32),
                LoginFailure(key_kind=FailureKind.IP, key="192.0.2.7"),
            ]
        )
        db.session.commit()
        raw = db.session.execute(text("SELECT key_kind, key FROM login_failures ORDER BY id")).all()
        assert [tuple(r) for r in raw] == [("account", "cd" * 32), ("ip", "192.0.2.7")]
        by_ip = db.session.scalars(
            select(LoginFailure).where(LoginFailure.key_kind == FailureKind.IP)
        ).all()
        assert [f.key for f in by_ip] == ["192.0.2.7"]
        assert before <= by_ip[0].created_at <= utcnow()


def test_a_new_staff_session_is_open_and_not_yet_seen(app: Flask) -> None:
    with app.app_context():
        session = StaffSession(token_hash=TOKEN_HASH, user_id=add_user("s@example.org"))
        db.session.add(session)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(StaffSession, session.id)
        assert (stored.last_seen_at, stored.ended_at) == (None, None)
        assert stored.created_at is not None


def test_two_sessions_cannot_share_a_token(app: Flask) -> None:
    with app.app_context():
        user_id = add_user("s@example.org")
        db.session.add(StaffSession(token_hash=TOKEN_HASH, user_id=user_id))
        db.session.commit()
        db.session.add(StaffSession(token_hash=TOKEN_HASH, user_id=user_id))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_deleting_an_account_deletes_its_sessions_and_recovery_codes(app: Flask) -> None:
    with app.app_context():
        gone, kept = add_user("gone@example.org"), add_user("kept@example.org")
        for user_id, token in ((gone, "01" * 32), (kept, "02" * 32)):
            db.session.add(StaffSession(token_hash=token, user_id=user_id))
            db.session.add(RecoveryCode(user_id=user_id, code_hash=f"hash of {user_id}"))
        db.session.commit()
        db.session.execute(delete(User).where(User.id == gone))
        db.session.commit()
        assert db.session.scalars(select(StaffSession.user_id)).all() == [kept]
        assert db.session.scalars(select(RecoveryCode.user_id)).all() == [kept]


def test_a_recovery_code_for_no_account_is_refused(app: Flask) -> None:
    with app.app_context():
        db.session.add(RecoveryCode(user_id=999_999, code_hash="a hash"))
        with pytest.raises(IntegrityError):
            db.session.commit()
