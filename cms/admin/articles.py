"""The articles page: each article's comment counts and its "comments open" switch."""

from collections import defaultdict

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from .. import discussion
from ..auth import permission_required
from ..extensions import db
from ..models import Article, AuditEvent, Comment, CommentStatus, Permission
from . import bp


def _none_yet() -> dict[CommentStatus, int]:
    return dict.fromkeys(CommentStatus, 0)


def _counts() -> dict[int, dict[CommentStatus, int]]:
    """Count each article's comments per status."""
    rows = db.session.execute(
        select(Comment.article_id, Comment.status, func.count()).group_by(
            Comment.article_id, Comment.status
        )
    )
    counts: dict[int, dict[CommentStatus, int]] = defaultdict(_none_yet)
    for article_id, status, n in rows:
        counts[article_id][status] = n
    return counts


@bp.get("/articles")
@permission_required(Permission.ARTICLES)
def articles() -> str:
    rows = db.session.scalars(select(Article).order_by(Article.published_at.desc())).all()
    return render_template(
        "admin/articles.html",
        articles=rows,
        counts=_counts(),
        # What readers get: the switch, then the age rule that may close it anyway.
        open_now={a.id: discussion.comments_open(a) for a in rows},
        rules=discussion.load(),
    )


@bp.post("/articles/<int:article_id>/comments")
@permission_required(Permission.ARTICLES)
def set_comments_open(article_id: int) -> Response:
    article = db.get_or_404(Article, article_id)
    # The form says which state it wants, so a double click cannot undo the first one.
    wanted = request.form.get("open")
    if wanted not in ("1", "0"):
        abort(400)
    opened = wanted == "1"
    if article.comments_open != opened:
        article.comments_open = opened
        action = "comments-open" if opened else "comments-closed"
        db.session.add(AuditEvent(user_id=current_user.id, action=action, detail=article.slug))
        db.session.commit()
    state = "open" if opened else "closed"
    flash(f"Comments on “{article.title}” are {state}.")
    return redirect(url_for("admin.articles"))
