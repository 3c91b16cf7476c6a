"""Editing a comment's text and author fields, and replying to a comment from the queue."""

from flask import flash, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..comments import filing, moderation
from ..comments.forms import CommentEditForm, QueueReplyForm
from ..extensions import db
from ..html.sanitize import clean_comment
from ..html.text import editable_text
from ..http.client import client_ip
from ..models import Comment, CommentStatus, Permission
from ..privacy import personal_data
from . import bp
from .queue import QueueView, back_to_queue

# Which fields an edit may change, as the audit record names them.
EDITABLE = {
    "content_html": "text",
    "author_name": "name",
    "author_email": "email",
    "author_url": "website",
}


def _changes(comment: Comment, form: CommentEditForm) -> dict[str, str]:
    """Return the new value of each field the form changes, by column name."""
    new = {
        "content_html": clean_comment(form.comment.data),
        "author_name": form.author.data,
        "author_email": form.email.data,
        "author_url": form.url.data or "",
    }
    return {name: value for name, value in new.items() if getattr(comment, name) != value}


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.COMMENTS)
def edit_comment(comment_id: int) -> str | Response | tuple[str, int]:
    view = QueueView.from_args(request.args)
    comment = db.get_or_404(Comment, comment_id)
    form = CommentEditForm(
        data={
            "comment": editable_text(comment.content_html),
            "author": comment.author_name,
            "email": comment.author_email,
            "url": comment.author_url,
        }
    )
    if not form.validate_on_submit():
        page = render_template("admin/edit_comment.html", form=form, comment=comment, view=view)
        return (page, 400) if form.errors else page
    changes = _changes(comment, form)
    if not changes:
        flash(f"Comment {comment_id} was not changed.")
        return back_to_queue()
    old_address = comment.author_email
    for name, value in changes.items():
        setattr(comment, name, value)
    if "author_email" in changes:
        db.session.flush()
        personal_data.follow_corrected_address(old_address, comment.author_email)
    # Names of fields only: the record must not become a second copy of anyone's address.
    detail = "changed " + ", ".join(EDITABLE[name] for name in changes)
    status = comment.status.value
    moderation.record(comment.id, "edit", status, status, current_user, detail)
    db.session.commit()
    flash(f"Comment {comment_id} updated.")
    return back_to_queue()


def _reply_to(parent: Comment, text: str) -> Comment:
    """File the logged-in staff member's reply, public at once, under ``parent``."""
    reply = Comment(
        article_id=parent.article_id,
        parent_id=parent.id,
        user_id=current_user.id,
        author_name=current_user.display_name,
        author_email=current_user.email,
        author_ip=client_ip(),
        user_agent=request.user_agent.string[:255],
        content_html=clean_comment(text),
        status=CommentStatus.APPROVED,
    )
    filing.file_new([reply], filing.REPLIED, current_user)
    return reply


@bp.post("/comments/<int:comment_id>/reply")
@permission_required(Permission.COMMENTS)
def reply(comment_id: int) -> Response:
    QueueView.from_args(request.args)
    parent = db.get_or_404(Comment, comment_id)
    form = QueueReplyForm()
    if not form.validate():
        reason = " ".join(form.comment.errors)
        flash(f"Your reply to comment {comment_id} was not posted: {reason}", "error")
        return back_to_queue()
    if parent.status not in moderation.REPLYABLE:
        flash(f"Comment {comment_id} is {parent.status.value}: restore it to reply.", "error")
        return back_to_queue()
    approving = parent.status == CommentStatus.PENDING
    if approving:
        # An answered comment is public, as in WordPress: the reply would be orphaned otherwise.
        moderation.approve(parent, current_user)
    _reply_to(parent, form.comment.data)
    db.session.commit()
    done = "approved and replied to" if approving else "replied to"
    flash(f"Comment {comment_id} {done}; your reply is published.")
    return back_to_queue()
