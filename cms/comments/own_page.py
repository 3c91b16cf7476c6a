"""The private page of one comment (/your-comment/<key>/): its state and text, and the
buttons to change or withdraw it. Opening the link changes nothing; only a button does.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ..extensions import db
from ..html.text import editable_text
from ..models import Comment
from . import discussion, own_comments
from .forms import OwnCommentForm, WithdrawForm

# The address is the key: cms/http/policy.py keeps these pages out of caches, search
# engines and referrer logs (KEYED_BLUEPRINTS), and deploy/nginx.conf out of its logs.
bp = Blueprint("own_comment", __name__, url_prefix="/your-comment")

SAVED = "Your change is saved."
SAVED_AND_HELD = (
    "Your change is saved. Every comment here is read by an editor first, so your comment "
    "is waiting for them again and is hidden until they approve it."
)
SAVED_TO_BE_READ = (
    "Your change is saved. An editor will read it before it is shown again, so until then "
    "your comment is hidden. There is nothing else you need to do."
)
GONE = (
    "Your comment is withdrawn. Its words, your name, your email address and your IP "
    "address are erased from this site."
)
KEPT_PLACE = (
    "Your comment is withdrawn. Its words, your name, your email address and your IP "
    "address are erased; because others replied to it, the thread shows “Withdrawn by its "
    "author” in its place."
)


def _page(token: str, comment: Comment, form: OwnCommentForm, status: int = 200):
    page = render_template(
        "own_comment/show.html",
        comment=comment,
        token=token,
        form=form,
        withdraw_form=WithdrawForm(),
        editable=own_comments.can_edit(comment),
    )
    return page, status


@bp.get("/<token>/")
def show(token: str) -> tuple[str, int]:
    comment = own_comments.comment_of(token)
    form = OwnCommentForm(data={"comment": editable_text(comment.content_html)})
    return _page(token, comment, form)


@bp.post("/<token>/edit")
def edit(token: str) -> Response | tuple[str, int]:
    comment = own_comments.comment_of(token)
    form = OwnCommentForm()
    if not own_comments.can_edit(comment):
        form.comment.errors = [
            "This comment can no longer be changed here. You can still withdraw it below; "
            "here is what you wrote, so you can keep a copy."
        ]
        return _page(token, comment, form, 409)
    if not form.validate():
        return _page(token, comment, form, 400)
    held = own_comments.edit(comment, form.comment.data)
    db.session.commit()
    flash(_saved(held))
    return redirect(url_for(".show", token=token), code=303)


def _saved(held: bool) -> str:
    """Say what happened to a change: shown, or waiting for an editor and why."""
    if not held:
        return SAVED
    return SAVED_AND_HELD if discussion.load().manual_approval else SAVED_TO_BE_READ


@bp.post("/<token>/withdraw")
def withdraw(token: str) -> Response | tuple[str, int]:
    comment = own_comments.comment_of(token)
    if not WithdrawForm().validate():
        return _page(token, comment, OwnCommentForm(), 400)
    kept_place = own_comments.has_replies_shown(comment)
    own_comments.withdraw(comment)
    db.session.commit()
    return render_template(
        "own_comment/withdrawn.html", message=KEPT_PLACE if kept_place else GONE
    ), 200
