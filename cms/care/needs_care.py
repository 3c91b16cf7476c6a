"""What a care flag does to a comment: held for a person whatever the other rules say,
marked with its reason, seen first, and its editors told at once in words that say nothing
of health or of the text.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, text, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import AuditEvent, Comment, CommentStatus
from .flags import flag_for

HELD = "needs care"
# A flagged comment, written as the partial index ix_comments_care_waiting says it, so the
# planner uses that index (a bound parameter in its place would not match it).
FLAGGED = text("comments.care_reason != ''")
# Flagged comments shown at the top of the pending tab; the "Needs care" tab has them all.
FIRST = 20


def mark(comment: Comment, text: str, caught: bool) -> None:
    """Flag a new comment whose words signal danger now, and hold it for an editor.

    Never auto-approved, and never filed away by a word list: a person must read it. Only
    the honeypot, which no person fills, keeps its spam verdict.
    """
    if caught:
        return
    # A reason of the site's own, kept beside the flag; otherwise the flag is the reason.
    other_reason = comment.status == CommentStatus.PENDING and comment.held_reason
    if flag(comment, text):
        comment.held_reason = other_reason or HELD
        comment.status = CommentStatus.PENDING


def flag(comment: Comment, text: str) -> bool:
    """Mark the comment with why its words signal danger now, if they do; say whether.

    Its status is the caller's: a new comment is held as it is filed, a changed public one
    goes back to the queue through moderation.py.
    """
    found = flag_for(text)
    if found is None:
        return False
    comment.care_reason = found.reason[:300]
    comment.held_reason = HELD
    return True


def forget(comments: Sequence[Comment]) -> None:
    """Remove the flag from these comments and from their audit rows.

    A flag is health information about the person who wrote the comment: when their data
    is erased, it goes with it, from the comment and from the record of its arrival alike.
    """
    for comment in comments:
        comment.care_reason = ""
        if comment.held_reason == HELD:
            comment.held_reason = ""
    ids = [comment.id for comment in comments]
    if ids:
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.comment_id.in_(ids), AuditEvent.detail == HELD)
            .values(detail="")
        )


def needs_care(comment: Comment) -> bool:
    return bool(comment.care_reason) and comment.status == CommentStatus.PENDING


def waiting_count(most: int) -> int:
    """Count the flagged comments still waiting, up to ``most`` and one more."""
    waiting = select(Comment.id).where(Comment.status == CommentStatus.PENDING, FLAGGED)
    found = waiting.limit(most + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) or 0


def oldest_waiting() -> datetime | None:
    """Return when the oldest flagged comment still waiting was posted, however old."""
    return db.session.scalar(
        select(func.min(Comment.created_at)).where(Comment.status == CommentStatus.PENDING, FLAGGED)
    )


def waiting_first(criteria: list[ColumnElement[bool]]) -> list[Comment]:
    """Return the oldest flagged comments still waiting, among those ``criteria`` select."""
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.status == CommentStatus.PENDING, FLAGGED, *criteria)
            .options(joinedload(Comment.article))
            .order_by(Comment.created_at, Comment.id)
            .limit(FIRST)
        )
    )
