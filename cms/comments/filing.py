"""File a new comment: its first status, its audit row, the mail it sets off.

A comment comes in four ways: a visitor posts it, the WordPress or the Disqus import brings
it, or staff reply from the queue. Each way decides the first status itself (the spam checks
and rules, the old site's own moderation, a reply published as it is written); ``file_new``
is the one place that stores it in that status, with the record of how it came and the mail
it calls for.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..http import freshness
from ..mail import notifications
from ..models import Comment, User
from . import moderation


@dataclass(frozen=True)
class Arrival:
    """One way a comment comes in: what its audit row says, and the mail it calls for."""

    action: str
    # Queues the mail in the caller's transaction; None for a way in that sends none.
    announce: Callable[[Comment], None] | None
    # The audit row's detail when the status comes with no reason of its own.
    detail: str = ""


# Editors hear of it as the discussion settings ask; approved at once, its parent's author too.
POSTED = Arrival("post", notifications.comment_posted)
# A staff reply is public as it is written, so it sets off what an approval does.
REPLIED = Arrival("reply", notifications.comment_approved)
# WordPress announced these long ago: an import sends no mail.
IMPORTED = Arrival("import", None, "WordPress import")
# Disqus did too; the record says which export a comment came from.
DISQUS_IMPORTED = Arrival("import", None, "Disqus import")

_INSERT = insert(Comment.__table__)
# Every column but the id, by the attribute that holds it: what one INSERT gives a new row.
_COLUMNS = tuple(
    (attribute.key, attribute.columns[0])
    for attribute in inspect(Comment).column_attrs
    if not attribute.columns[0].primary_key
)


def file_new(comments: Sequence[Comment], arrival: Arrival, by: User | None = None) -> None:
    """Store new comments in the first status each was given, with audit rows and mail.

    Each way in gives a comment its status (and, when the site held or filed it, the reason
    why) before it comes here; the audit row reads both from the comment, so it always says
    what was stored. ``by`` is the staff member who wrote them, None for a visitor or an
    import. No commit.
    """
    # An import adds its batch to the session as it reads (its lookups must find a comment
    # twice in one file), so the batch is already there: one flush stores it all. A post or
    # a reply comes alone, and one INSERT costs it far less than the unit of work would.
    if any(inspect(comment).pending for comment in comments):
        db.session.flush()
    inserted = [_insert(comment) for comment in comments if inspect(comment).transient]
    freshness.comments_inserted(db.session, inserted)
    rows = [
        moderation.audit_row(
            comment.id,
            arrival.action,
            "",
            comment.status.value,
            by,
            comment.held_reason or arrival.detail,
        )
        for comment in comments
    ]
    moderation.record_all(rows)
    if arrival.announce is not None:
        for comment in comments:
            arrival.announce(comment)


def _insert(comment: Comment) -> Comment:
    """Store a comment not yet in the session by one INSERT, then put it there as loaded.

    Every column gets what a flush would give it: the value set on the comment, else (for
    None too, as the flush leaves None out) the column's default, the same callables
    (``created_at`` is ``utcnow()``), else NULL; the column types encrypt the address as
    they do on a flush. The comment then holds the same values, so nothing is read back.
    """
    state = inspect(comment)
    values: dict[str, object] = {}
    for key, column in _COLUMNS:
        if state.dict.get(key) is not None or (key in state.dict and column.default is None):
            values[column.key] = state.dict[key]
            continue
        default = column.default
        value = None if default is None else default.arg
        if default is not None and default.is_callable:
            value = default.arg(None)  # type: ignore[operator]
        values[column.key] = value
        set_committed_value(comment, key, value)
    if values["article_id"] is None and comment.article is not None:
        # Given as an article, not its id: the flush would have copied the id across.
        values["article_id"] = comment.article.id
        set_committed_value(comment, "article_id", comment.article.id)
    connection = db.session.connection()  # the session's transaction, without its overhead
    (comment_id,) = connection.execute(_INSERT, values).inserted_primary_key
    set_committed_value(comment, "id", comment_id)
    make_transient_to_detached(comment)
    db.session.add(comment)
    return comment
