"""The moderation queue and the actions on it."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from .. import moderation
from ..auth import permission_required
from ..extensions import db
from ..forms import BulkForm
from ..models import Comment, CommentStatus, Permission
from . import bp

PAST_TENSE = {
    "approve": "approved",
    "unapprove": "unapproved",
    "spam": "marked as spam",
    "trash": "moved to the trash",
    "restore": "restored",
    "delete": "deleted permanently",
}


@bp.get("/")
@permission_required(Permission.COMMENTS)
def dashboard() -> Response:
    return redirect(url_for("admin.comments"))


def _status_arg() -> CommentStatus:
    try:
        return CommentStatus(request.args.get("status", CommentStatus.PENDING.value))
    except ValueError:
        abort(404)


@bp.get("/comments")
@permission_required(Permission.COMMENTS)
def comments() -> str:
    status = _status_arg()
    size = current_app.config["QUEUE_PAGE_SIZE"]
    page = max(request.args.get("page", 1, type=int), 1)
    counts = moderation.status_counts()
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.status == status)
        .options(joinedload(Comment.article))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return render_template(
        "admin/comments.html",
        comments=rows,
        status=status,
        counts=counts,
        page=page,
        pages=max((counts[status] + size - 1) // size, 1),
        bulk_form=BulkForm(),
    )


def _apply(action: str, comment: Comment) -> bool:
    """Run one moderation action; report an illegal move instead of failing."""
    try:
        moderation.ACTIONS[action](comment, current_user)
    except moderation.IllegalTransition as error:
        flash(f"Comment {comment.id}: {error}.", "error")
        return False
    return True


def _back() -> Response:
    status = request.args.get("status") or request.form.get("status") or "pending"
    return redirect(url_for("admin.comments", status=status))


@bp.post("/comments/<int:comment_id>/<action>")
@permission_required(Permission.COMMENTS)
def act(comment_id: int, action: str) -> Response:
    if action not in moderation.ACTIONS:
        abort(404)
    comment = db.get_or_404(Comment, comment_id)
    if _apply(action, comment):
        db.session.commit()
        flash(f"Comment {comment_id} {PAST_TENSE[action]}.")
    return _back()


@bp.post("/comments/bulk")
@permission_required(Permission.COMMENTS)
def bulk() -> Response:
    form = BulkForm()
    ids = request.form.getlist("ids", type=int)
    if not form.validate() or not ids:
        flash("Choose an action and at least one comment.", "error")
        return _back()
    chosen = db.session.scalars(select(Comment).where(Comment.id.in_(ids))).all()
    done = sum(_apply(form.action.data, comment) for comment in chosen)
    db.session.commit()
    flash(f"{done} comment{'s' if done != 1 else ''} {PAST_TENSE[form.action.data]}.")
    return _back()
