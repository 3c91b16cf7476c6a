"""Staff logins kept on the server, so that logging out ends one for good.

Flask-Login keeps whatever ``User.get_id()`` returns in the session cookie and in the "keep me
logged in" cookie. Here that is a random token naming one row of staff_sessions, not the
account's id: a copied cookie stops working the moment its login is ended (logout, log out
everywhere, the account disabled), because the row it names is ended on the server.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from ..extensions import db
from ..models import StaffSession, User, utcnow

# How often a login's last_seen_at is brought up to date, so each request does not write.
SEEN_EVERY = timedelta(minutes=5)


def _digest(token: str) -> str:
    # Only the hash is stored: a copy of the database holds no token that would let anyone in.
    return hashlib.sha256(token.encode()).hexdigest()


def _idle_limit() -> datetime:
    """Return the moment before which an unused login has lapsed: REMEMBER_COOKIE_DURATION."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    if not isinstance(duration, timedelta):
        duration = timedelta(seconds=duration)
    return utcnow() - duration


def start(user: User) -> str:
    """Open a login for the account, drop its ended and lapsed ones; return its token."""
    db.session.execute(
        delete(StaffSession).where(
            StaffSession.user_id == user.id,
            or_(StaffSession.ended_at.is_not(None), StaffSession.last_seen_at < _idle_limit()),
        )
    )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        StaffSession(token_hash=_digest(token), user_id=user.id, created_at=now, last_seen_at=now)
    )
    user.session_token = token
    return token


def load(token: str) -> User | None:
    """Return the account of a live login named by this token, or None once it has ended,
    lapsed, or its account was disabled."""
    idle = not db.session().in_transaction()
    found = db.session.execute(
        select(StaffSession, User)
        .join(User, User.id == StaffSession.user_id)
        .where(StaffSession.token_hash == _digest(token), StaffSession.ended_at.is_(None))
    ).first()
    if found is None:
        return None
    row, user = found
    # Flask-Login checks is_active only at login; a user disabled since then is logged out here.
    if (row.last_seen_at or row.created_at) < _idle_limit() or not user.is_active:
        return None
    # Committed only when the request has written nothing yet, so no half-done change goes too.
    if idle and (row.last_seen_at is None or row.last_seen_at < utcnow() - SEEN_EVERY):
        row.last_seen_at = utcnow()
        db.session.commit()
    user.session_token = token
    return user


def end(token: str | None) -> None:
    """End the login this token names, whichever browser still holds a copy of it."""
    if token:
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.token_hash == _digest(token), StaffSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def live_count(user: User) -> int:
    """Return how many logins of the account are open, this one included."""
    query = select(func.count()).where(
        StaffSession.user_id == user.id,
        StaffSession.ended_at.is_(None),
        StaffSession.last_seen_at >= _idle_limit(),
    )
    return db.session.scalar(query) or 0


def end_all(user: User) -> int:
    """End every login of the account, on every device; return how many were live."""
    result = db.session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    return result.rowcount
