"""The one rule for which comments readers may see: approved ones, and nothing else.

Every public query of comments (an article's thread and its pages, the comment counts of
the index, the comments feed, the parent a reply may answer, the dashboard's most-commented
list) reads it here, as articles read ``publishing.is_public_clause``. A query that spans
articles pairs it with that rule; one that serves an article's own page has checked the
article already. A commenter's own pending comment is shown to them by its id, never by
this rule. A withdrawn comment stays visible as a placeholder that keeps its thread whole;
where readers meet its words rather than its place (a feed, a Reply link), ``readable_clause``
and ``is_readable`` leave it out. When moderation gains a state readers see (an edit
awaiting a second look), it changes here.
"""

from typing import Any

from sqlalchemy import ColumnElement, and_

from ..models import Comment, CommentStatus

# The status whose comments are public: one status, so the clause is a plain equality that
# the status index serves. ``cms/http/freshness.py`` names it without importing comments: a
# change to such a comment is what makes cached pages stale.
VISIBLE = CommentStatus.APPROVED


def visible_clause(comment: Any = Comment) -> ColumnElement[bool]:
    """Return the SQL condition for a comment readers may see; ``comment`` may be an alias."""
    return comment.status == VISIBLE


def is_visible(comment: Comment) -> bool:
    """Say whether readers may see this loaded comment."""
    return comment.status == VISIBLE


def readable_clause(comment: Any = Comment) -> ColumnElement[bool]:
    """Return the SQL condition for a comment whose words readers see: visible, not withdrawn."""
    # A withdrawn comment's placeholder holds its place in a thread; with no thread (a feed)
    # it has no place to hold.
    return and_(visible_clause(comment), comment.withdrawn_at.is_(None))


def is_readable(comment: Comment) -> bool:
    """Say whether readers see this loaded comment's words, not a withdrawn placeholder."""
    return is_visible(comment) and comment.withdrawn_at is None
