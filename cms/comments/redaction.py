"""Editors redact instead of rejecting: a fragment taken out of a comment (a phone number,
a surname, a staff member's name) and the rest approved. The removed words are replaced
by "[removed by the editors]" and kept nowhere: not in the comment, not in the record,
not in the mail waiting about it.
"""

from html import escape

from sqlalchemy import delete, or_

from ..extensions import db
from ..html.sanitize import clean_comment
from ..html.text import editable_text
from ..models import Comment, OutboxMail, User
from . import moderation

REMOVED = "[removed by the editors]"
REDACTED = "redact"


def fragments(typed: str) -> list[str]:
    """Return the pieces an editor listed, one a line, blanks dropped."""
    return [line.strip() for line in typed.splitlines() if line.strip()]


def redact(comment: Comment, pieces: list[str], by: User, reason: str) -> int:
    """Take each piece out of the comment's text; return how many places changed."""
    text, changed = editable_text(comment.content_html), 0
    for piece in pieces:
        # As the editor typed it, or as the stored text escapes it ("&" is "&amp;" there).
        for form in dict.fromkeys((piece, escape(piece, quote=False))):
            changed += text.count(form)
            text = text.replace(form, REMOVED)
    if changed:
        comment.content_html = clean_comment(text)
        # The notices already queued quote the old words; what waits for the author names
        # no words (their private link), and they wrote them.
        db.session.execute(
            delete(OutboxMail).where(
                OutboxMail.comment_id == comment.id,
                or_(OutboxMail.to_hash.is_(None), OutboxMail.to_hash != comment.author_email_hash),
            )
        )
        status = comment.status.value
        detail = f"{changed} removed" + (f"; reason: {reason}" if reason else "")
        moderation.record(comment.id, REDACTED, status, status, by, detail)
    return changed
