"""Comment forms sent back for correction, kept a short while so a reload does not re-post."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..privacy.crypto import EncryptedText
from .base import utcnow


class CommentDraft(db.Model):
    """What a person typed into a comment form that came back with a message, with the message.

    The form answers a failed post with a redirect to the article, which shows the draft once
    and deletes it (post, redirect, get). Encrypted like addresses: it may hold an email and
    words never published; only the browser holding the token in its session can read it.
    """

    __tablename__ = "comment_drafts"

    # A hash of the random token kept in the poster's session.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # JSON of the form's fields and its errors.
    payload: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
