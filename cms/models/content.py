"""Articles and the comments under them."""

import enum
import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..html.text import article_text
from ..privacy.crypto import EncryptedText, email_digest
from .base import enum_column, utcnow
from .taxonomy import Category, Tag, article_categories, article_tags

# Hex digits of Comment.words_digest: an index key, not a proof, so a short prefix will do.
WORDS_DIGEST_LENGTH = 16


def words_digest(content_html: str) -> str:
    """Return the key comments with this exact text are found by (Comment.words_digest).

    Plain SHA-256, not keyed: it sits beside the text it digests, so it tells nobody more
    than the row does. Two texts may share one; the duplicate check compares the text too.
    """
    return hashlib.sha256(content_html.encode()).hexdigest()[:WORDS_DIGEST_LENGTH]


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"


class ArticleStatus(enum.StrEnum):
    DRAFT = "draft"
    # Public from published_at on: a future date makes it scheduled, checked on every read.
    PUBLISHED = "published"
    # Imported WordPress private posts: kept, never public.
    PRIVATE = "private"


class SourceFormat(enum.StrEnum):
    """What an article's source text is written in, and so how it becomes HTML."""

    # What editors write here.
    MARKDOWN = "markdown"
    # What WordPress stored: HTML with its paragraph rules (wpautop), kept as it showed it.
    HTML = "html"


class ArticleKind(enum.StrEnum):
    POST = "post"
    # A WordPress page: has an address, but is not listed, fed or filed under topics.
    PAGE = "page"


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_status_published", "status", "published_at"),
        # WordPress ids are one site's: two blogs imported into one site both have a post 1.
        UniqueConstraint("wp_id", "source_site"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[ArticleStatus] = mapped_column(
        enum_column(ArticleStatus),
        default=ArticleStatus.PUBLISHED,
        server_default=ArticleStatus.PUBLISHED.value,
    )
    kind: Mapped[ArticleKind] = mapped_column(
        enum_column(ArticleKind), default=ArticleKind.POST, server_default=ArticleKind.POST.value
    )
    # The byline; author_id links it to a staff account when one wrote it here.
    author_name: Mapped[str] = mapped_column(String(200), default="", server_default=db.text("''"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The post's id on the WordPress site it was imported from, and that site's address:
    # together they keep imports idempotent and answer the old ?p=ID addresses.
    wp_id: Mapped[int | None]
    source_site: Mapped[str] = mapped_column(String(200), default="", server_default=db.text("''"))
    # The slug WordPress served it at, where ours had to differ: its dated addresses
    # (/YYYY/MM/DD/slug/) still find it when another article has that slug here.
    wp_slug: Mapped[str] = mapped_column(String(200), default="", server_default=db.text("''"))
    source_format: Mapped[SourceFormat] = mapped_column(
        enum_column(SourceFormat),
        default=SourceFormat.MARKDOWN,
        server_default=SourceFormat.MARKDOWN.value,
    )
    # A WordPress post password: such a post is imported private (this site shows no
    # password form) and the export gives WordPress its password back.
    post_password: Mapped[str] = mapped_column(
        String(255), default="", server_default=db.text("''")
    )
    # A page's parent page, as WordPress nests them.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    # Kept at the top of the index, as WordPress's sticky posts are.
    sticky: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    excerpt: Mapped[str] = mapped_column(Text, default="")
    body_markdown: Mapped[str] = mapped_column(Text)
    # Rendered from Markdown and sanitized once, when the article is saved.
    body_html: Mapped[str] = mapped_column(Text)
    # The words readers see in body_html, kept with it for the search index (migration 0008);
    # deferred, since no page shows it.
    body_text: Mapped[str] = mapped_column(
        Text, default="", server_default=db.text("''"), deferred=True
    )
    published_at: Mapped[datetime]
    comments_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    comments: Mapped[list["Comment"]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    categories: Mapped[list[Category]] = relationship(
        secondary=article_categories, order_by=Category.name
    )
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by=Tag.name)

    @validates("body_html")
    def _keep_text(self, key: str, html: str) -> str:
        """Keep body_text the text of body_html, however the HTML was set."""
        self.body_text = article_text(html)
        return html

    @property
    def display_title(self) -> str:
        """Return the title, or what WordPress shows for an untitled post (imports have some)."""
        return self.title.strip() or "(no title)"


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article_status_created", "article_id", "status", "created_at"),
        Index("ix_comments_status_created", "status", "created_at"),
        # The duplicate and repeat checks: the few comments of an article with these words,
        # however many the article has (cms/comments/antispam.py, migration 0012).
        Index("ix_comments_article_words", "article_id", "words_digest"),
        # The few comments that need care, found by index however long the queue.
        Index(
            "ix_comments_care_waiting",
            "status",
            "created_at",
            sqlite_where=db.text("care_reason != ''"),
            postgresql_where=db.text("care_reason != ''"),
        ),
        # Imported comments are keyed within their article: ids are one WordPress site's.
        UniqueConstraint("wp_id", "article_id"),
        UniqueConstraint("import_key", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # The comment this one answers, as posted; display may flatten it at the depth limit.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    # Set when a staff member wrote the comment (a reply from the queue).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(245))
    # Encrypted at rest; author_email_hash (kept in step by set_email_hash) finds equal ones.
    author_email: Mapped[str] = mapped_column(EncryptedText)
    author_email_hash: Mapped[str] = mapped_column(String(64), index=True, default="")
    author_url: Mapped[str] = mapped_column(String(200), default="")
    author_ip: Mapped[str] = mapped_column(String(45), default="", index=True)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    # Sanitized HTML, produced once on write by cms.html.sanitize.
    content_html: Mapped[str] = mapped_column(Text)
    # words_digest(content_html), kept in step by set_words_digest: what the duplicate
    # check finds equal texts by.
    words_digest: Mapped[str] = mapped_column(
        String(WORDS_DIGEST_LENGTH), default="", server_default=db.text("''")
    )
    status: Mapped[CommentStatus] = mapped_column(
        enum_column(CommentStatus), default=CommentStatus.PENDING
    )
    # The status to return to when a comment leaves spam or trash.
    previous_status: Mapped[CommentStatus | None] = mapped_column(enum_column(CommentStatus))
    # Why the site, not a person, held or filed the comment ("honeypot", "moderation word …").
    held_reason: Mapped[str] = mapped_column(String(200), default="", server_default=db.text("''"))
    # Why the care rules think its writer may be in danger now (cms/care/flags.py): the
    # kind and the words that said it. Health information: never public, never in a
    # feed, a title or a mail subject; exported and erased with the person's data.
    care_reason: Mapped[str] = mapped_column(String(300), default="", server_default=db.text("''"))
    # The commenter ticked "Notify me when my comment is published or answered".
    notify: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when its author withdrew it while approved replies hung under it: its text, name,
    # address and IP are erased, and the thread shows "Withdrawn by its author" in its place.
    withdrawn_at: Mapped[datetime | None]
    # The comment's id on the WordPress site it was imported from (idempotent imports).
    wp_id: Mapped[int | None]
    # What keys an imported comment that has no WordPress id: a digest of its author, date
    # and text, or "disqus:<id>" for a Disqus post.
    import_key: Mapped[str | None] = mapped_column(String(64))
    # WordPress's comment type: "" for a comment, "pingback" or "trackback".
    comment_type: Mapped[str] = mapped_column(String(20), default="", server_default=db.text("''"))

    article: Mapped[Article] = relationship(back_populates="comments")

    @validates("author_email")
    def set_email_hash(self, key: str, value: str) -> str:
        self.author_email_hash = email_digest(value or "")
        return value

    @validates("content_html")
    def set_words_digest(self, key: str, value: str) -> str:
        self.words_digest = words_digest(value or "")
        return value
