"""Typed SQLAlchemy models, one module per part of the site; import them from here."""

from .audit import AuditEvent
from .base import utcnow
from .content import Article, Comment, CommentStatus
from .mail import MailToken, OutboxMail, Subscription
from .settings import Setting
from .users import Permission, Role, User

__all__ = [
    "Article",
    "AuditEvent",
    "Comment",
    "CommentStatus",
    "MailToken",
    "OutboxMail",
    "Permission",
    "Role",
    "Setting",
    "Subscription",
    "User",
    "utcnow",
]
