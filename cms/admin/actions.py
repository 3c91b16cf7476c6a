"""Moderation actions on listed comments, one at a time or in bulk, as a page or as JSON.

The queue's script asks for JSON (``Accept: application/json``) to update a row in place;
without the script the same buttons POST and come back to the queue as the editor left it.
"""

from flask import abort, flash, get_template_attribute, jsonify, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..comments import moderation
from ..comments.forms import BulkForm
from ..extensions import db
from ..http.bounds import whole_number
from ..models import Comment, CommentStatus, Permission
from . import bp
from .queue import QueueView, back_to_queue, count_text, counts_for


def wants_json() -> bool:
    """Say whether the caller is the queue's script; a browser's own form post prefers HTML."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def refused(answer: dict[str, object], status: int) -> Response:
    """Answer the script with why nothing (or not everything) was done."""
    response = jsonify(answer)
    response.status_code = status
    return response


def _apply(action: str, comment: Comment) -> str | None:
    """Run one moderation action; return why the move is illegal instead of failing."""
    try:
        moderation.ACTIONS[action](comment, current_user)
    except moderation.IllegalTransition as error:
        return f"Comment {comment.id}: {error}."
    return None


def _counts(view: QueueView) -> dict[str, int]:
    return {status.value: n for status, n in counts_for(view).items()}


def _count_fields(view: QueueView) -> dict[str, object]:
    """Return the tab counts as numbers and as the tabs show them ("10,000+" past the cap)."""
    counts = _counts(view)
    pending = _pending_total(view, counts)
    return {
        "counts": counts,
        "count_texts": {status: count_text(n) for status, n in counts.items()},
        "pending_total": pending,
        "pending_text": count_text(pending),
    }


def _pending_total(view: QueueView, counts: dict[str, int]) -> int:
    """Count every pending comment, for the header badge, whatever the view's filters."""
    if not view.criteria():
        return counts[CommentStatus.PENDING.value]
    return _counts(QueueView())[CommentStatus.PENDING.value]


def _row_html(comment: Comment, view: QueueView) -> str:
    queue_row = get_template_attribute("admin/_queue_row.html", "queue_row")
    return str(queue_row(comment, view, moderation))


def _answer(comment_id: int, action: str, old: CommentStatus, view: QueueView) -> Response:
    """Describe a done action for the script: the new status, the counts, the row to show."""
    comment = db.session.get(Comment, comment_id)
    answer: dict[str, object] = {
        "ok": True,
        "id": comment_id,
        "status": comment.status.value if comment else moderation.DELETED,
        "message": f"Comment {moderation.MOVES[action].past}.",
        **_count_fields(view),
    }
    if comment is not None:
        answer["row_html"] = _row_html(comment, view)
    if undo := moderation.undo_for(old, comment):
        answer["undo"] = {
            "action": undo.key,
            "url": url_for("admin.act", comment_id=comment_id, action=undo.key, **view.args()),
        }
    return jsonify(answer)


@bp.post("/comments/<int:comment_id>/<action>")
@permission_required(Permission.COMMENTS)
def act(comment_id: int, action: str) -> Response:
    """Run one action on one comment; answer the script in JSON, a browser with the queue."""
    if action not in moderation.MOVES:
        abort(404)
    view = QueueView.from_args(request.args)  # An unknown status is 404 before any change.
    comment = db.get_or_404(Comment, comment_id)
    old = comment.status
    problem = _apply(action, comment)
    if problem is None:
        db.session.commit()
    if wants_json():
        if problem:
            answer = {"ok": False, "id": comment_id, "status": old.value, "message": problem}
            return refused(answer, 409)
        return _answer(comment_id, action, old, view)
    if problem:
        flash(problem, "error")
    else:
        flash(f"Comment {comment_id} {moderation.MOVES[action].past}.")
    return back_to_queue()


def _bulk_answer(done: list[int], message: str, view: QueueView) -> Response:
    """Describe a bulk action for the script: where each comment went, and the counts."""
    found = db.session.scalars(select(Comment).where(Comment.id.in_(done))).all()
    statuses = {c.id: c.status.value for c in found}
    results = [{"id": i, "status": statuses.get(i, moderation.DELETED)} for i in done]
    answer = {"ok": True, "message": message, "results": results}
    return jsonify({**answer, **_count_fields(view)})


@bp.post("/comments/bulk")
@permission_required(Permission.COMMENTS)
def bulk() -> Response:
    """Run one action on every chosen comment; answer as ``act`` does."""
    view = QueueView.from_args(request.args)
    form = BulkForm()
    ids = [n for value in request.form.getlist("ids") if (n := whole_number(value))]
    if not form.validate() or not ids:
        message = "Choose an action and at least one comment."
        if wants_json():
            return refused({"ok": False, "message": message}, 400)
        flash(message, "error")
        return back_to_queue()
    action = form.action.data
    chosen = db.session.scalars(select(Comment).where(Comment.id.in_(ids))).all()
    done, problems = [], []
    for comment in chosen:
        problem = _apply(action, comment)
        done += [comment.id] if problem is None else []
        problems += [problem] if problem else []
    db.session.commit()
    past = moderation.MOVES[action].past
    message = f"{len(done)} comment{'s' if len(done) != 1 else ''} {past}."
    if wants_json():
        return _bulk_answer(done, " ".join([message, *problems]), view)
    for problem in problems:
        flash(problem, "error")
    flash(message)
    return back_to_queue()
