"""The audit log: every moderation decision and settings change, with who made it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class AuditEvent(db.Model):
    """One row per decision: who did what to which comment (or setting), from what to what."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the record of a decision outlives a permanently deleted comment.
    comment_id: Mapped[int | None] = mapped_column(index=True)
    # None when the site itself acted (a spam catch, a rule) or a mailed link had no login.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    # Free text: the reason of a catch, the setting and its old and new value, an edit.
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
