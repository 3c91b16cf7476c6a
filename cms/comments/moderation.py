"""Comment statuses and the only functions that change them.

Views, the CLI and mailed links all call these; nothing else sets a status. Each
transition checks that the move is legal and leaves an AuditEvent behind it.
"""

from collections.abc import Callable

from sqlalchemy import ColumnElement, func, select, update

from ..extensions import db
from ..mail import notifications
from ..models import AuditEvent, Comment, CommentStatus, User

Status = CommentStatus


# What the record says a permanently deleted comment became; no row is left to hold a status.
DELETED = "deleted"

# Staff may answer what is public or waiting; spam and trash get no replies.
REPLYABLE: tuple[Status, ...] = (Status.PENDING, Status.APPROVED)


class IllegalTransition(ValueError):
    """Raised when a comment cannot make the requested move from its current status."""


def record(
    comment_id: int, action: str, old: str, new: str, by: User | None, detail: str = ""
) -> None:
    """Write one audit entry about a comment; ``by`` is None when the site itself acted."""
    db.session.add(
        AuditEvent(
            comment_id=comment_id,
            user_id=by.id if by else None,
            action=action,
            from_status=old,
            to_status=new,
            detail=detail,
        )
    )


def _move(
    comment: Comment,
    action: str,
    allowed: set[Status],
    new: Status,
    by: User | None,
    detail: str = "",
) -> None:
    old = comment.status
    if old not in allowed:
        raise IllegalTransition(f"cannot {action} a comment that is {old.value}")
    if new in (Status.SPAM, Status.TRASH):
        comment.previous_status = old
    comment.status = new
    record(comment.id, action, old.value, new.value, by, detail)


def approve(comment: Comment, by: User | None, detail: str = "") -> None:
    """Make a pending comment public and queue the mail that announces it."""
    _move(comment, "approve", {Status.PENDING}, Status.APPROVED, by, detail)
    notifications.comment_approved(comment)


def unapprove(comment: Comment, by: User | None, detail: str = "") -> None:
    """Take a public comment back into the queue."""
    _move(comment, "unapprove", {Status.APPROVED}, Status.PENDING, by, detail)


def mark_spam(comment: Comment, by: User | None, detail: str = "") -> None:
    """File a pending or public comment as spam; it remembers where it came from."""
    _move(comment, "spam", {Status.PENDING, Status.APPROVED}, Status.SPAM, by, detail)


def trash(comment: Comment, by: User | None, detail: str = "") -> None:
    """Move a comment to the trash from anywhere but the trash."""
    allowed = {Status.PENDING, Status.APPROVED, Status.SPAM}
    _move(comment, "trash", allowed, Status.TRASH, by, detail)


def restore(comment: Comment, by: User | None, detail: str = "") -> None:
    """Return a spammed or trashed comment to the status it had before."""
    target = comment.previous_status
    if target in (None, Status.SPAM, Status.TRASH):
        # A comment trashed from spam goes back to the queue, never to spam again.
        target = Status.PENDING
    _move(comment, "restore", {Status.SPAM, Status.TRASH}, target, by, detail)
    comment.previous_status = None


def delete(comment: Comment, by: User | None, detail: str = "") -> None:
    """Erase a comment for good; its replies move up to its own parent, as WordPress does."""
    db.session.execute(
        update(Comment).where(Comment.parent_id == comment.id).values(parent_id=comment.parent_id)
    )
    record(comment.id, "delete", comment.status.value, DELETED, by, detail)
    db.session.delete(comment)


# Each takes the comment, who acts (None for the site itself) and an optional detail for the
# record, such as "cli" for the command line.
ACTIONS: dict[str, Callable[..., None]] = {
    "approve": approve,
    "unapprove": unapprove,
    "spam": mark_spam,
    "trash": trash,
    "restore": restore,
    "delete": delete,
}


def status_counts(*criteria: ColumnElement[bool]) -> dict[Status, int]:
    """Count comments in each status (among those meeting ``criteria``), zero for none."""
    rows = db.session.execute(
        select(Comment.status, func.count()).where(*criteria).group_by(Comment.status)
    )
    counts = dict.fromkeys(Status, 0)
    counts.update({status: n for status, n in rows})
    return counts
