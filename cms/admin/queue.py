"""The moderation queue: filters, counts, paging, and the actions on listed comments."""

import html
from collections.abc import Mapping
from dataclasses import dataclass, replace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from .. import moderation
from ..auth import permission_required
from ..crypto import email_digest
from ..extensions import db
from ..forms import BulkForm
from ..models import Article, Comment, CommentStatus, Permission
from . import bp

PAST_TENSE = {
    "approve": "approved",
    "unapprove": "unapproved",
    "spam": "marked as spam",
    "trash": "moved to the trash",
    "restore": "restored",
    "delete": "deleted permanently",
}


def _whole_number(value: str) -> int | None:
    """Read a small whole number from the query string; anything else counts as absent."""
    # A length cap keeps absurd numbers out of the database's integer range.
    return int(value) if value.isdecimal() and len(value) <= 9 else None


@dataclass(frozen=True)
class QueueView:
    """What an editor is looking at: a status tab, maybe one article, a search, a page."""

    status: CommentStatus = CommentStatus.PENDING
    article: int | None = None
    q: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "QueueView":
        """Read the view from a query string; an unknown status is a page that does not exist."""
        try:
            status = CommentStatus(args.get("status") or CommentStatus.PENDING.value)
        except ValueError:
            abort(404)
        return cls(
            status=status,
            article=_whole_number(args.get("article", "")),
            q=args.get("q", "").strip()[:200],
            page=max(_whole_number(args.get("page", "")) or 1, 1),
        )

    def args(self, **changes: object) -> dict[str, object]:
        """Return the query string for this view (or a changed copy), leaving out defaults."""
        view = replace(self, **changes)
        args = {"status": view.status.value, "article": view.article, "q": view.q}
        args["page"] = view.page if view.page > 1 else None
        return {key: value for key, value in args.items() if value}

    def criteria(self) -> list[ColumnElement[bool]]:
        """Return the article and search conditions, which the counts per status share."""
        where = []
        if self.article:
            where.append(Comment.article_id == self.article)
        if self.q:
            # Text is stored as sanitized HTML, where & < > are entities: look for both forms.
            texts = {self.q, html.escape(self.q, quote=False)}
            columns = (Comment.author_name, Comment.author_url, Comment.author_ip)
            matches = [column.icontains(self.q, autoescape=True) for column in columns]
            # Addresses are encrypted: an email is found whole (any case), by its keyed hash.
            matches.append(Comment.author_email_hash == email_digest(self.q))
            matches += [Comment.content_html.icontains(t, autoescape=True) for t in texts]
            where.append(or_(*matches))
        return where


def queue_url(view: QueueView) -> str:
    return url_for("admin.comments", **view.args())


def back_to_queue() -> Response:
    """Return to the queue as the editor left it: the filters travel in the query string."""
    return redirect(queue_url(QueueView.from_args(request.args)))


def counts_for(view: QueueView) -> dict[CommentStatus, int]:
    """Count comments in each status under the view's article and search filters."""
    return moderation.status_counts(*view.criteria())


def page_of(view: QueueView, size: int) -> list[Comment]:
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.status == view.status, *view.criteria())
            .options(joinedload(Comment.article))
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(size)
            .offset((view.page - 1) * size)
        )
    )


@bp.get("/")
@permission_required(Permission.COMMENTS)
def dashboard() -> Response:
    return redirect(url_for("admin.comments"))


@bp.get("/comments")
@permission_required(Permission.COMMENTS)
def comments() -> str:
    view = QueueView.from_args(request.args)
    size = current_app.config["QUEUE_PAGE_SIZE"]
    counts = counts_for(view)
    pages = max((counts[view.status] + size - 1) // size, 1)
    # After the last comments of the last page are moved away, show the page before it.
    view = replace(view, page=min(view.page, pages))
    return render_template(
        "admin/comments.html",
        comments=page_of(view, size),
        view=view,
        counts=counts,
        pages=pages,
        articles=db.session.execute(
            select(Article.id, Article.title).order_by(Article.title)
        ).all(),
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


@bp.post("/comments/<int:comment_id>/<action>")
@permission_required(Permission.COMMENTS)
def act(comment_id: int, action: str) -> Response:
    if action not in moderation.ACTIONS:
        abort(404)
    QueueView.from_args(request.args)  # An unknown status answers 404 before anything changes.
    comment = db.get_or_404(Comment, comment_id)
    if _apply(action, comment):
        db.session.commit()
        flash(f"Comment {comment_id} {PAST_TENSE[action]}.")
    return back_to_queue()


@bp.post("/comments/bulk")
@permission_required(Permission.COMMENTS)
def bulk() -> Response:
    QueueView.from_args(request.args)
    form = BulkForm()
    ids = request.form.getlist("ids", type=int)
    if not form.validate() or not ids:
        flash("Choose an action and at least one comment.", "error")
        return back_to_queue()
    chosen = db.session.scalars(select(Comment).where(Comment.id.in_(ids))).all()
    done = sum(_apply(form.action.data, comment) for comment in chosen)
    db.session.commit()
    flash(f"{done} comment{'s' if done != 1 else ''} {PAST_TENSE[form.action.data]}.")
    return back_to_queue()
