"""Typed SQLAlchemy models: editors, articles, comments and the moderation record."""

import enum
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


def utcnow() -> datetime:
    """Return the current time in UTC, naive, as every stored timestamp is."""
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    EDITOR = "editor"
    ADMIN = "admin"


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_editor(self) -> bool:
        return self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def display_name(self) -> str:
        return self.name or self.email


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    excerpt: Mapped[str] = mapped_column(Text, default="")
    body_markdown: Mapped[str] = mapped_column(Text)
    # Rendered from Markdown and sanitized once, when the article is saved.
    body_html: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime]
    comments_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    comments: Mapped[list["Comment"]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


_status_type = db.Enum(
    CommentStatus,
    native_enum=False,
    length=20,
    values_callable=lambda e: [m.value for m in e],
)


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article_status_created", "article_id", "status", "created_at"),
        Index("ix_comments_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # The comment this one answers, as posted; display may flatten it at the depth limit.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(245))
    author_email: Mapped[str] = mapped_column(String(100))
    author_url: Mapped[str] = mapped_column(String(200), default="")
    author_ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    # Sanitized HTML, produced once on write by cms.sanitize.
    content_html: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(_status_type, default=CommentStatus.PENDING)
    # The status to return to when a comment leaves spam or trash.
    previous_status: Mapped[CommentStatus | None] = mapped_column(_status_type)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="comments")


class ModerationEvent(db.Model):
    """One row per moderation decision: who moved which comment from what to what."""

    __tablename__ = "moderation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept after a permanent delete, so the record of the decision survives the comment.
    comment_id: Mapped[int] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
