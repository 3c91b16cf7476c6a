"""Approve with changes: an editor takes a fragment out of a comment and approves the rest,
or trashes it, and may give the commenter a reason from the list admins keep."""

from flask import flash, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..comments import discussion, moderation, redaction
from ..comments.forms import RedactForm
from ..extensions import db
from ..mail import notifications
from ..models import Comment, CommentStatus, Permission
from . import bp
from .queue import QueueView, back_to_queue

APPROVE, TRASH = "approve", "trash"
NOTHING_FOUND = (
    "None of those words are in the comment, so nothing was changed or approved. Copy them "
    "from the comment above exactly, one piece a line."
)


def _form() -> RedactForm:
    form = RedactForm()
    reasons = discussion.load().removal_reasons
    form.reason.choices = [("", "No reason")] + [(r, r) for r in reasons]
    return form


def _page(comment: Comment, form: RedactForm, status: int = 200) -> tuple[str, int]:
    view = QueueView.from_args(request.args)
    page = render_template("admin/redact_comment.html", comment=comment, form=form, view=view)
    return page, status


def _refusal(comment: Comment) -> str:
    """Say why a comment in this status cannot be approved with changes."""
    starts = " or ".join(s.value for s in CommentStatus if s in moderation.REDACTABLE)
    return (
        f"Comment {comment.id} is {comment.status.value}: only {starts} comments can be "
        "approved with changes. Nothing was changed."
    )


@bp.route("/comments/<int:comment_id>/redact", methods=["GET", "POST"])
@permission_required(Permission.COMMENTS)
def redact_comment(comment_id: int) -> Response | tuple[str, int]:
    comment = db.get_or_404(Comment, comment_id)
    if comment.status not in moderation.REDACTABLE:
        # The queue offers no link here; a stale page or a typed URL is told why, not a 500.
        flash(_refusal(comment), "error")
        return back_to_queue()
    form = _form()
    if request.method == "GET":
        return _page(comment, form)
    if not form.validate():
        return _page(comment, form, 400)
    decision = request.form.get("decision")
    reason = form.reason.data or ""
    if decision == TRASH:
        moderation.trash(comment, current_user, detail=f"reason: {reason}" if reason else "")
        notifications.decision_told(comment, "trashed", reason)
        message = f"Comment {comment_id} moved to the trash."
    else:
        pieces = redaction.fragments(form.pieces.data or "")
        if not redaction.redact(comment, pieces, current_user, reason):
            form.pieces.errors = [NOTHING_FOUND]
            return _page(comment, form, 400)
        if comment.status != CommentStatus.APPROVED:
            moderation.approve(comment, current_user)
        notifications.decision_told(comment, "changed", reason)
        message = f"Comment {comment_id} approved with your changes."
    db.session.commit()
    flash(message)
    return back_to_queue()
