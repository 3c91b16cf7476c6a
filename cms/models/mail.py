"""Mail waiting to be sent, commenters' notification addresses, and used mailed links."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..extensions import db
from ..privacy.crypto import EncryptedText, email_digest
from .base import utcnow


class OutboxMail(db.Model):
    """A message written in the same transaction as the event it reports, sent after commit.

    Keeping mail in the database means a failing SMTP server delays it but loses nothing,
    and never undoes or slows the comment that caused it.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Encrypted like commenters' addresses: a message names its recipient and, for editors,
    # the commenter's address and words.
    to_address: Mapped[str] = mapped_column(EncryptedText)
    # Keyed hashes (crypto.email_digest) of the recipient and of the commenter a message is
    # about, so erasing a person's data finds every message naming them without decrypting.
    to_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    about_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # The comment a message tells of (its words, its author), so withdrawing the comment
    # takes the message too; no foreign key, as the comment may be deleted first.
    comment_id: Mapped[int | None] = mapped_column(index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(EncryptedText)
    # Extra headers as JSON (List-Unsubscribe and the like).
    headers: Mapped[str] = mapped_column(Text, default="{}")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subscription(db.Model):
    """A commenter's address for notifications, usable only once its owner confirmed it."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased and encrypted; email_hash makes one row per person whatever case.
    email: Mapped[str] = mapped_column(EncryptedText)
    email_hash: Mapped[str] = mapped_column(String(64), unique=True)
    confirmed_at: Mapped[datetime | None]
    # When the last confirmation request went out, so a stranger cannot flood an address.
    requested_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("email")
    def set_email_hash(self, key: str, value: str) -> str:
        self.email_hash = email_digest(value)
        return value


class MailToken(db.Model):
    """A mailed one-click link that has been used, so it cannot be used twice."""

    __tablename__ = "mail_tokens"

    # The random id carried inside the signed token.
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow)
