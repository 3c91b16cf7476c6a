"""Login security: failed logins for throttling, and two-factor recovery codes."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import enum_column, utcnow


class FailureKind(enum.StrEnum):
    ACCOUNT = "account"
    IP = "ip"


class LoginFailure(db.Model):
    """One failed password or code; counted within a window, pruned once older."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_lookup", "key_kind", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_kind: Mapped[FailureKind] = mapped_column(enum_column(FailureKind))
    # For an account an HMAC of the lower-cased email, never the address: the table
    # also records guesses at addresses that belong to no one, perhaps to commenters.
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; stored only as a hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None]


class StaffSession(db.Model):
    """One staff login, checked on every request, so logging out ends it on the server too.

    Only a hash of the token is stored: the token itself lives in the browser's session (and
    "keep me logged in") cookie, so a copy of the database lets no one in.
    """

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
