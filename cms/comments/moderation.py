"""Comment statuses, the table of moves between them, and the only functions that make them.

``MOVES`` is the one statement of the state machine: the queue's buttons and keys, the
bulk menu, undo, the mailed links and the CLI all read it. Views, the CLI and mailed links
call the functions below; nothing else sets a status. Each function checks its move
against the table and leaves an AuditEvent behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, func, insert, select, update

from ..extensions import db
from ..mail import notifications
from ..models import AuditEvent, Comment, CommentStatus, User

Status = CommentStatus
PENDING, APPROVED, SPAM, TRASH = Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH


# What the record says a permanently deleted comment became; no row is left to hold a status.
DELETED = "deleted"
# Restore's target: the status the comment had before spam or trash (the queue if unknown).
PREVIOUS = "previous"

# Staff may answer what is public or waiting; spam and trash get no replies.
REPLYABLE: tuple[Status, ...] = (PENDING, APPROVED)


@dataclass(frozen=True)
class Mailed:
    """How a one-click link in the editors' mail words a move on the page that confirms it."""

    question: str  # the page's heading, before "by <author> on <article>?"
    button: str


@dataclass(frozen=True)
class Move:
    """One move of the state machine, and every word and key staff meet it by."""

    key: str  # in URLs, the bulk form, tokens' purposes and the audit record
    name: str  # the bulk menu's wording
    sources: frozenset[Status]  # where the queue offers it, and (but for delete) may make it
    target: Status | Literal["previous", "deleted"]
    label: str  # its button in a queue row
    past: str  # "Comment 12 <past>."
    shortcut: str = ""  # the queue's key; "" for none, as deleting for good should be deliberate
    labels: tuple[tuple[Status, str], ...] = ()  # a row's own label where it differs from label
    mail: Mailed | None = None  # how editors' mail offers it; None: never mailed
    command: str = ""  # its `flask comments <key> ID…` command's help; "" for none

    def label_from(self, status: Status) -> str:
        """Return the move's button label in the row of a comment in ``status``."""
        return dict(self.labels).get(status, self.label)

    @property
    def puts_away(self) -> bool:
        """Say whether the move files the comment out of sight (spam, trash, gone)."""
        return self.target in (SPAM, TRASH, DELETED)


# In the order the bulk menu lists them.
MOVES: dict[str, Move] = {
    move.key: move
    for move in (
        Move(
            "approve",
            "Approve",
            frozenset({PENDING}),
            APPROVED,
            "Approve",
            "approved",
            "a",
            mail=Mailed("Approve this comment", "Approve"),
            command="Approve pending comments: make them public.",
        ),
        Move(
            "unapprove", "Unapprove", frozenset({APPROVED}), PENDING, "Unapprove", "unapproved", "u"
        ),
        Move(
            "spam",
            "Mark as spam",
            frozenset({PENDING, APPROVED}),
            SPAM,
            "Spam",
            "marked as spam",
            "s",
            mail=Mailed("Mark this comment as spam", "Mark as spam"),
            command="Mark pending or approved comments as spam.",
        ),
        Move(
            "trash",
            "Move to trash",
            frozenset({PENDING, APPROVED, SPAM}),
            TRASH,
            "Trash",
            "moved to the trash",
            "t",
            mail=Mailed("Move this comment to the trash", "Move to the trash"),
            command="Move comments to the trash.",
        ),
        Move(
            "restore",
            "Restore",
            frozenset({SPAM, TRASH}),
            PREVIOUS,
            "Restore",
            "restored",
            "z",
            labels=((SPAM, "Not spam"),),
        ),
        Move(
            "delete",
            "Delete permanently",
            frozenset({SPAM, TRASH}),
            DELETED,
            "Delete permanently",
            "deleted permanently",
        ),
    )
}
# The moves a one-click link in mail may make; any other is not even a URL.
MAILED: dict[str, Move] = {key: move for key, move in MOVES.items() if move.mail}
# Approve with changes (cms/admin/redact_page.py) starts where approving does, or from a public
# comment, which stays public; spam and trash are restored before their words are changed.
REDACTABLE: frozenset[Status] = MOVES["approve"].sources | {APPROVED}


def offered(status: Status) -> list[Move]:
    """Return the moves a queue row offers a comment in ``status``, in the row's order."""
    # Keeping the comment comes first (Approve, Not spam), putting it away after.
    return sorted((m for m in MOVES.values() if status in m.sources), key=lambda m: m.puts_away)


def target_of(move: Move, comment: Comment) -> Status | None:
    """Return the status ``move`` would give ``comment``; None if it leaves no row."""
    if move.target == DELETED:
        return None
    if move.target == PREVIOUS:
        back = comment.previous_status
        # A comment trashed from spam goes back to the queue, never to spam again.
        return PENDING if back in (None, SPAM, TRASH) else back
    return move.target


def undo_for(old: Status, comment: Comment | None) -> Move | None:
    """Return the move that takes ``comment`` back to ``old``, where it just was, if one does."""
    if comment is None:
        return None  # nothing brings back a deleted comment
    # None after trash from spam: restoring from the trash never returns a comment to spam.
    return next((m for m in offered(comment.status) if target_of(m, comment) == old), None)


class IllegalTransition(ValueError):
    """Raised when a comment cannot make the requested move from its current status."""


# An audit row is written by one INSERT in the caller's transaction, never added to the
# session: nothing reads it back or changes it in the request that writes it, and the unit of
# work cost a post more than the insert itself. created_at is the column's own default.
_AUDIT_INSERT = insert(AuditEvent.__table__)


def audit_row(
    comment_id: int, action: str, old: str, new: str, by: User | None, detail: str = ""
) -> dict[str, object]:
    """Return the columns of one audit entry about a comment, for ``record_all``."""
    return {
        "comment_id": comment_id,
        "user_id": by.id if by else None,
        "action": action,
        "from_status": old,
        "to_status": new,
        "detail": detail,
    }


def record_all(rows: list[dict[str, object]]) -> None:
    """Write audit entries made by ``audit_row``, all in one statement."""
    if rows:
        db.session.connection().execute(_AUDIT_INSERT, rows)


def record(
    comment_id: int, action: str, old: str, new: str, by: User | None, detail: str = ""
) -> None:
    """Write one audit entry about a comment; ``by`` is None when the site itself acted."""
    record_all([audit_row(comment_id, action, old, new, by, detail)])


# Each takes the comment, who acts (None for the site itself) and an optional detail for the
# record, such as "cli" for the command line; filled by @makes, one function per move.
ACTIONS: dict[str, Callable[..., None]] = {}
MoveFunction = Callable[..., None]


def makes(key: str) -> Callable[[MoveFunction], MoveFunction]:
    """Register the decorated function as the one that makes the table's move ``key``."""

    def register(function: MoveFunction) -> MoveFunction:
        if key not in MOVES:
            raise KeyError(f"{key} is not a move in the table")  # at import, not on a click
        ACTIONS[key] = function
        return function

    return register


def _move(comment: Comment, key: str, by: User | None, detail: str = "") -> None:
    """Make a move the table allows from the comment's status, and record it."""
    move, old = MOVES[key], comment.status
    new = target_of(move, comment)
    if old not in move.sources or new is None:
        raise IllegalTransition(f"cannot {key} a comment that is {old.value}")
    # Spam and trash remember where the comment came from, for restore; restore forgets it.
    if new in (SPAM, TRASH):
        comment.previous_status = old
    elif move.target == PREVIOUS:
        comment.previous_status = None
    comment.status = new
    record(comment.id, key, old.value, new.value, by, detail)


@makes("approve")
def approve(comment: Comment, by: User | None, detail: str = "") -> None:
    """Make a pending comment public and queue the mail that announces it."""
    _move(comment, "approve", by, detail)
    notifications.comment_approved(comment)


@makes("unapprove")
def unapprove(comment: Comment, by: User | None, detail: str = "") -> None:
    """Take a public comment back into the queue."""
    _move(comment, "unapprove", by, detail)


@makes("spam")
def mark_spam(comment: Comment, by: User | None, detail: str = "") -> None:
    """File a pending or public comment as spam; it remembers where it came from."""
    _move(comment, "spam", by, detail)


@makes("trash")
def trash(comment: Comment, by: User | None, detail: str = "") -> None:
    """Move a comment to the trash from anywhere but the trash."""
    _move(comment, "trash", by, detail)


@makes("restore")
def restore(comment: Comment, by: User | None, detail: str = "") -> None:
    """Return a spammed or trashed comment to the status it had before."""
    _move(comment, "restore", by, detail)


@makes("delete")
def delete(comment: Comment, by: User | None, detail: str = "") -> None:
    """Erase a comment for good; its replies move up to its own parent, as WordPress does."""
    # From any status, unlike the table's sources (where staff are offered it): erasing a
    # commenter's personal data deletes their comments wherever they are.
    db.session.execute(
        update(Comment).where(Comment.parent_id == comment.id).values(parent_id=comment.parent_id)
    )
    record(comment.id, "delete", comment.status.value, DELETED, by, detail)
    db.session.delete(comment)


def send_back(comment: Comment, action: str, detail: str = "") -> None:
    """Return a public comment its author just changed to the queue, recording ``action``."""
    # Off the table, as no editor presses it: the site acts when the author changes a public
    # comment and editors approve by hand (own_comments.edit). It starts where unapprove does.
    old = comment.status
    if old not in MOVES["unapprove"].sources:
        raise IllegalTransition(f"cannot send back a comment that is {old.value}")
    comment.status = PENDING
    record(comment.id, action, old.value, PENDING.value, None, detail)


def status_counts(*criteria: ColumnElement[bool]) -> dict[Status, int]:
    """Count comments in each status (among those meeting ``criteria``), zero for none."""
    rows = db.session.execute(
        select(Comment.status, func.count()).where(*criteria).group_by(Comment.status)
    )
    counts = dict.fromkeys(Status, 0)
    counts.update({status: n for status, n in rows})
    return counts
