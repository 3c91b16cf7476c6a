"""File a new comment: its first status, its audit row, the mail it sets off.

A comment comes in four ways: a visitor posts it, the WordPress or the Disqus import brings
it, or staff reply from the queue. Each way decides the first status itself (the spam checks
and rules, the old site's own moderation, a reply published as it is written); ``file_new``
is the one place that stores it in that status, with the record of how it came and the mail
it calls for.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..extensions import db
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


def file_new(comments: Sequence[Comment], arrival: Arrival, by: User | None = None) -> None:
    """Store new comments in the first status each was given, with audit rows and mail.

    Each way in gives a comment its status (and, when the site held or filed it, the reason
    why) before it comes here; the audit row reads both from the comment, so it always says
    what was stored. ``by`` is the staff member who wrote them, None for a visitor or an
    import. Several at once cost one flush: an import files a whole batch. No commit.
    """
    db.session.add_all(comments)
    # The audit row names the comment by id, which only the database gives.
    db.session.flush()
    for comment in comments:
        detail = comment.held_reason or arrival.detail
        moderation.record(comment.id, arrival.action, "", comment.status.value, by, detail)
        if arrival.announce is not None:
            arrival.announce(comment)
