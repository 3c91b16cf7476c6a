"""A commenter's own comment, reached by its private link: its state, changing it, taking it
back. No account is needed: the signed link is the key, one per comment.

Withdrawing erases what the comment held (text, name, address, website, IP, browser) from
the database and the outbox. A comment with approved replies under it stays as a
placeholder, so the thread still reads; any other is deleted. Every change is audited,
never with the words.
"""

from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import delete, exists, func, select

from .. import tokens
from ..care import needs_care
from ..extensions import db
from ..html.sanitize import clean_comment
from ..mail import notifications
from ..models import AuditEvent, Comment, CommentStatus, OutboxMail, Subscription, utcnow
from . import discussion, moderation, rules
from .visible import visible_clause

PURPOSE = "own-comment"
# Audit actions: what the author did, in their own words nowhere.
EDITED, WITHDRAWN = "author-edit", "author-withdraw"


def token_for(comment: Comment) -> str:
    """Return a new key to the comment's private page."""
    return tokens.make(PURPOSE, comment=comment.id)


def link_for(comment: Comment) -> str:
    """Return the path of the comment's private page (its key is in it)."""
    return url_for("own_comment.show", token=token_for(comment))


def comment_of(token: str) -> Comment:
    """Return the comment a private link names, or raise a LinkError for the page to show."""
    claims = tokens.read(PURPOSE, token, max_age=None)
    comment = db.session.get(Comment, claims.get("comment", 0))
    if comment is None:
        raise Withdrawn()
    return comment


class Withdrawn(tokens.LinkError):
    status = 410
    title = "This comment is gone"
    message = (
        "This comment was withdrawn or deleted, and nothing of it is kept. There is nothing "
        "more to do here."
    )


def can_edit(comment: Comment) -> bool:
    """Say whether its author may still change it: pending, or within the window after."""
    if comment.withdrawn_at is not None:
        return False
    if comment.status == CommentStatus.PENDING:
        return True
    if comment.status != CommentStatus.APPROVED:
        return False
    window = timedelta(minutes=discussion.load().edit_minutes)
    return utcnow() - approved_at(comment) <= window


def approved_at(comment: Comment) -> datetime:
    """Return when the comment was last approved: its audit record says, else its posting
    (a comment published at once, or imported)."""
    when = db.session.scalar(
        select(func.max(AuditEvent.created_at)).where(
            AuditEvent.comment_id == comment.id,
            AuditEvent.to_status == CommentStatus.APPROVED.value,
        )
    )
    return when or comment.created_at


def edit(comment: Comment, text: str) -> bool:
    """Store the author's new text; return True when it went back to the queue for it.

    New words are read as a new comment's are: words that signal danger now, or that the
    site's rules hold, send a public comment back for a person to read (never to spam: the
    author is a person the site already heard from), and editors hear of a flag at once.
    """
    comment.content_html = clean_comment(text)
    reason = _held_for(comment, text)
    if comment.status == CommentStatus.APPROVED and (reason or discussion.load().manual_approval):
        moderation.send_back(comment, EDITED, reason)
        held = True
    else:
        status = comment.status.value
        moderation.record(comment.id, EDITED, status, status, None, reason)
        held = False
    if comment.care_reason and reason == needs_care.HELD:
        notifications.comment_flagged(comment)
    return held


def _held_for(comment: Comment, text: str) -> str:
    """Return why the changed words need a person to read them first, or "" if nothing."""
    if needs_care.flag(comment, text):
        return needs_care.HELD
    verdict = rules.verdict_for(comment, text, vouched=False)
    if verdict.status in (CommentStatus.SPAM, CommentStatus.TRASH) or verdict.reason:
        comment.held_reason = verdict.reason
        return verdict.reason
    return ""


def has_replies_shown(comment: Comment) -> bool:
    replies = select(Comment.id).where(Comment.parent_id == comment.id, visible_clause())
    return db.session.scalar(select(exists(replies))) or False


def withdraw(comment: Comment) -> None:
    """Erase the comment, keeping a placeholder where approved replies hang under it."""
    digest = comment.author_email_hash if comment.author_email else None
    _forget_mail(comment)
    needs_care.forget([comment])
    if has_replies_shown(comment):
        old = comment.status.value
        comment.author_name = comment.author_email = comment.author_url = ""
        comment.author_ip = comment.user_agent = comment.held_reason = ""
        comment.content_html = comment.care_reason = ""
        comment.notify = False
        comment.withdrawn_at = utcnow()
        moderation.record(comment.id, WITHDRAWN, old, comment.status.value, None)
    else:
        moderation.delete(comment, None, detail=WITHDRAWN)
    db.session.flush()
    if digest:
        _forget_subscription_if_unused(digest)


def _forget_mail(comment: Comment) -> None:
    """Delete the mail that told of it, and the reply notices its author got about it."""
    replies = select(Comment.id).where(Comment.parent_id == comment.id)
    db.session.execute(delete(OutboxMail).where(OutboxMail.comment_id == comment.id))
    if comment.author_email:
        db.session.execute(
            delete(OutboxMail).where(
                OutboxMail.comment_id.in_(replies),
                OutboxMail.to_hash == comment.author_email_hash,
            )
        )


def _forget_subscription_if_unused(digest: str) -> None:
    """Drop the address's notification subscription once no comment of theirs is left."""
    if db.session.scalar(select(exists().where(Comment.author_email_hash == digest))):
        return
    db.session.execute(delete(Subscription).where(Subscription.email_hash == digest))
