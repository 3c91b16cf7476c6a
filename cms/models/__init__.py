"""Typed SQLAlchemy models, one module per part of the site; import them from here."""

from .audit import AuditEvent
from .base import utcnow
from .content import Article, ArticleKind, ArticleStatus, Comment, CommentStatus, SourceFormat
from .drafts import CommentDraft
from .mail import MailToken, OutboxMail, Subscription
from .revisions import Revision, SlugRedirect
from .security import FailureKind, LoginFailure, RecoveryCode, StaffSession
from .settings import Setting
from .taxonomy import Category, Tag, article_categories, article_tags
from .users import Permission, Role, User

__all__ = [
    "Article",
    "ArticleKind",
    "ArticleStatus",
    "Category",
    "AuditEvent",
    "Comment",
    "CommentDraft",
    "CommentStatus",
    "FailureKind",
    "LoginFailure",
    "MailToken",
    "OutboxMail",
    "Permission",
    "RecoveryCode",
    "Revision",
    "SourceFormat",
    "Role",
    "Setting",
    "SlugRedirect",
    "StaffSession",
    "Subscription",
    "Tag",
    "User",
    "article_categories",
    "article_tags",
    "utcnow",
]
