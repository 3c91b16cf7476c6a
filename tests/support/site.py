"""The site as tests find it: the launch articles, apps on real databases, stored rows."""

import hashlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from cms import create_app
from cms.cli import setup_database
from cms.comments import discussion
from cms.extensions import db
from cms.models import Article, AuditEvent, Comment, CommentStatus, Role, User

HEROIN = "i-relapsed-on-heroin-now-what"


OPIOID = "why-relapse-into-opioid-addiction-is-not-the-end"


EDITOR_EMAIL = "editor@example.org"


EDITOR_PASSWORD = "a long editor password"


PENDING, APPROVED, SPAM, TRASH = (
    CommentStatus.PENDING,
    CommentStatus.APPROVED,
    CommentStatus.SPAM,
    CommentStatus.TRASH,
)


NOON = datetime(2024, 6, 1, 12, 0)


# Every app a test builds, so its connections are closed when the test ends.
built_apps: list[Flask] = []


def make_app(database: Path | str, **overrides: object) -> Flask:
    """Build the app on an SQLite file (a path) or any database (a URL); the anti-spam
    timers and limits are off unless a test turns them on, so helpers can post at machine
    speed."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            # Given, so no test writes a key into the real instance folder.
            "EMAIL_KEY": "test email key",
            "DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
            "COMMENT_MIN_SECONDS": 0,
            "COMMENT_FLOOD_SECONDS": 0,
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKGROUND": False,
            # The test client's host, so absolute URLs read as a browser there would see them.
            "SITE_URL": "http://localhost",
            **overrides,
        }
    )
    built_apps.append(app)
    return app


def fill_template(app: Flask) -> None:
    """Migrate, load the launch articles and create the editor: what every test starts from."""
    with app.app_context():
        setup_database()
        user = User(email=EDITOR_EMAIL, name="Eddie Editor", role=Role.EDITOR)
        user.set_password(EDITOR_PASSWORD)
        db.session.add(user)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def comments_in_db(app: Flask) -> list[Comment]:
    with app.app_context():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        db.session.expunge_all()
        return list(rows)


def article_id(app: Flask, slug: str = HEROIN) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.id).where(Article.slug == slug))


def last_comment_id(app: Flask) -> int:
    return comments_in_db(app)[-1].id


def add_comment(
    app: Flask,
    text: str = "A comment.",
    status: CommentStatus = CommentStatus.PENDING,
    previous: CommentStatus | None = None,
    created_at: datetime = NOON,
    slug: str = HEROIN,
    author_name: str = "Pat",
    author_email: str = "pat@example.net",
    parent: int | None = None,
) -> int:
    """Store a comment in the given status directly, as if it had got there earlier."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        comment = Comment(
            article=article,
            parent_id=parent,
            author_name=author_name,
            author_email=author_email,
            content_html=f"<p>{text}</p>",
            status=status,
            previous_status=previous,
            created_at=created_at,
        )
        db.session.add(comment)
        db.session.commit()
        return comment.id


def status_of(app: Flask, comment_id: int) -> CommentStatus | None:
    """Return the stored status of a comment, or None once it is deleted."""
    with app.app_context():
        return db.session.scalar(select(Comment.status).where(Comment.id == comment_id))


def stored_words(app: Flask, comment_id: int) -> tuple[str, str]:
    """Return a comment's text as the database holds it, and the digest the duplicate check
    would find it by: SHA-256 of that text, its first 16 hex digits, worked out here."""
    with app.app_context():
        query = text("SELECT content_html, words_digest FROM comments WHERE id = :id")
        html, digest = db.session.execute(query, {"id": comment_id}).one()
    assert digest == hashlib.sha256(html.encode()).hexdigest()[:16], f"stale digest of {html!r}"
    return html, digest


def user_id(app: Flask, email: str) -> int:
    """Return the id of the account with this address, which must exist."""
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == email))
    assert found is not None, f"there is no account {email}"
    return found


AUDIT_FIELDS = ("action", "from_status", "to_status", "user_id", "detail")


def audit_rows(
    app: Flask, comment_id: int | None = None, fields: tuple[str, ...] = AUDIT_FIELDS
) -> list[tuple]:
    """Return the audit log oldest first, each entry as a tuple of the named AuditEvent
    columns; only the entries about one comment if ``comment_id`` is given."""
    with app.app_context():
        query = select(*(getattr(AuditEvent, f) for f in fields)).order_by(AuditEvent.id)
        if comment_id is not None:
            query = query.where(AuditEvent.comment_id == comment_id)
        return [tuple(row) for row in db.session.execute(query)]


def set_discussion(app: Flask, **changes: object) -> None:
    """Store discussion settings directly, as an admin saving /admin/settings would."""
    with app.test_request_context():
        discussion.save(replace(discussion.load(), **changes), by=None)
        db.session.commit()
