"""Anti-spam without third-party services: honeypot, form timing, flood, duplicates, rate limit.

Refusals (flood, duplicate, rate limit) send the form back with what was typed, so a person
who trips one loses nothing. Catches (honeypot, timing) store the comment as spam with the
reason, so an editor can rescue a false positive; nothing caught vanishes silently.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Request, current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from .crypto import email_digest
from .extensions import db
from .models import Article, Comment, CommentStatus, utcnow
from .rules import Verdict

if TYPE_CHECKING:
    from .forms import CommentForm

FLOOD_MESSAGE = "You are posting comments too quickly. Slow down."
DUPLICATE_MESSAGE = "Duplicate comment detected; it looks as though you've already said that!"
RATE_LIMIT_MESSAGE = (
    "You have posted a lot of comments in a short time, so this one was not posted. "
    "Please wait a while and send it again; everything you typed is kept below."
)
ATTEMPT_LIMIT_MESSAGE = (
    "This comment form has been sent from your connection many times in a short while, so "
    "this comment was not posted. Please wait a few minutes and send it again; everything "
    "you typed is kept below."
)
FORGED_STAMP = "form timestamp missing or forged"
HONEYPOT = "honeypot"
# Its own salt, so no other signed value of the site can pass for a form timestamp.
STAMP_SALT = "comment-form-shown"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=STAMP_SALT)


def stamp() -> str:
    """Return a signed timestamp of now, to put in a freshly shown comment form."""
    return _serializer().dumps(0)


def seconds_since(token: str) -> float | None:
    """Return how long ago a form stamp was signed, or None if it is not one of ours."""
    try:
        _, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        return None
    # No maximum age: people may keep a page open for a day while they find their words.
    elapsed = (utcnow() - signed_at.replace(tzinfo=None)).total_seconds()
    return max(elapsed, 0.0)


def timing_reason(form: CommentForm) -> str | None:
    """Say why the form came back too fast to be a person's, or None when it did not."""
    minimum = current_app.config["COMMENT_MIN_SECONDS"]
    if not minimum:
        return None
    # raw_data, not data: a missing field would otherwise fall back to a fresh default stamp.
    raw = form.shown.raw_data
    elapsed = seconds_since(raw[0]) if raw else None
    if elapsed is None:
        return FORGED_STAMP
    if elapsed < minimum:
        return f"posted {int(elapsed)} s after the form was shown"
    return None


def caught(form: CommentForm) -> Verdict | None:
    """Return a spam verdict when the honeypot is filled or the form came back too soon."""
    if form.subject.data:
        return Verdict(CommentStatus.SPAM, HONEYPOT)
    if reason := timing_reason(form):
        return Verdict(CommentStatus.SPAM, reason)
    return None


def is_flooding(email: str, ip: str) -> bool:
    """Say whether the same IP address or email posted within COMMENT_FLOOD_SECONDS."""
    window = current_app.config["COMMENT_FLOOD_SECONDS"]
    if not window:
        return False
    same_author = Comment.author_email_hash == email_digest(email)
    # An unknown address is not one address: it must not tie strangers together.
    same_source = or_(same_author, Comment.author_ip == ip) if ip else same_author
    since = utcnow() - timedelta(seconds=window)
    recent = select(Comment.id).where(same_source, Comment.created_at >= since).limit(1)
    return db.session.scalar(recent) is not None


def is_duplicate(article: Article, name: str, email: str, content_html: str) -> bool:
    """Say whether this author already said exactly this on this article (trash aside)."""
    same_author = or_(Comment.author_name == name, Comment.author_email_hash == email_digest(email))
    query = select(Comment.id).where(
        Comment.article_id == article.id,
        same_author,
        Comment.content_html == content_html,
        # As WordPress does: what was thrown away may be said again.
        Comment.status != CommentStatus.TRASH,
    )
    return db.session.scalar(query.limit(1)) is not None


def refusal(
    article: Article, form: CommentForm, request: Request, content_html: str
) -> tuple[str, int] | None:
    """Return the message and status refusing this post, or None when it may be stored."""
    if is_flooding(form.email.data, request.remote_addr or ""):
        return FLOOD_MESSAGE, 429
    if is_duplicate(article, form.author.data, form.email.data, content_html):
        return DUPLICATE_MESSAGE, 409
    return None


def rate_limit() -> str:
    """Return the per-IP limit on posting comments, e.g. "10 per 10 minutes;40 per day"."""
    return current_app.config["COMMENT_RATE_LIMIT"]


def counts_toward_rate_limit(response: Response) -> bool:
    """Count only posts that stored a comment (caught ones too), not forms sent back."""
    # A post sent back for correction answers 303 too, to the form as typed (#respond);
    # attempt_limit counts those, more generously.
    location = response.headers.get("Location", "")
    return response.status_code == 303 and not location.endswith("#respond")


def attempt_limit() -> str:
    """Return the per-IP limit on sending the comment form at all, stored or refused."""
    # Refusals cost the site work too (parsing, a token, the database): without this a
    # client could send duplicates or bad tokens forever, each refused for free.
    return current_app.config["COMMENT_ATTEMPT_LIMIT"]
