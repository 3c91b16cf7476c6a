"""The pages behind one-click links in mail: moderate a comment, confirm, unsubscribe.

No login is needed: the signed link is the key. Opening a link changes nothing; only the
button on its page does, with a POST, so mail scanners that follow links are harmless.
"""

from typing import Any

from flask import Blueprint, current_app, render_template, request

from .. import tokens
from ..comments import moderation
from ..extensions import csrf, db
from ..html.text import comment_text
from ..models import Comment, Permission, Subscription, User
from . import notifications

# The address is the key: cms/http/policy.py keeps these pages out of caches, search
# engines and referrer logs (KEYED_BLUEPRINTS).
bp = Blueprint("maillinks", __name__, url_prefix="/mail")


class LinkGone(tokens.LinkError):
    status = 410
    title = "Nothing left to do"
    message = "What this link was about no longer exists. It may have been deleted."


class LinkRefused(tokens.LinkError):
    status = 403
    title = "This link no longer works for you"
    message = "The account this link was sent to is disabled or may no longer moderate comments."


class LinkConflict(tokens.LinkError):
    status = 409
    title = "Nothing was changed"

    def __init__(self, comment: Comment, action: str) -> None:
        super().__init__()
        self.message = (
            f"This comment is {comment.status.value} now, so it cannot be "
            f"{moderation.MAILED[action].past}. "
            "Someone may have moderated it already."
        )


def _read(purpose: str, token: str) -> dict[str, Any]:
    return tokens.read(purpose, token, current_app.config["MAIL_LINK_MAX_AGE"])


def _done(title: str, message: str, queue: bool = False) -> str:
    return render_template("maillinks/done.html", title=title, message=message, queue=queue)


def _moderation_target(action: str, token: str) -> tuple[dict[str, Any], Comment, User]:
    claims = _read(action, token)
    tokens.check_unused(claims)
    comment = db.session.get(Comment, claims.get("comment"))
    if comment is None:
        raise LinkGone()
    user = db.session.get(User, claims.get("user"))
    if user is None or not user.is_active or not user.can(Permission.COMMENTS):
        raise LinkRefused()
    return claims, comment, user


# Only the table's mailed moves are addresses at all; any other action is a plain 404.
@bp.route(f"/comment/<any({', '.join(moderation.MAILED)}):action>/<token>", methods=["GET", "POST"])
def moderate(action: str, token: str) -> str:
    move = moderation.MAILED[action]
    assert move.mail is not None  # MAILED holds only the moves mail offers
    claims, comment, user = _moderation_target(action, token)
    if request.method == "GET":
        if comment.status == moderation.target_of(move, comment):
            raise LinkConflict(comment, action)
        return render_template(
            "maillinks/moderate.html",
            question=move.mail.question,
            button=move.mail.button,
            comment=comment,
            text=comment_text(comment.content_html),
        )
    try:
        moderation.ACTIONS[action](comment, user)
    except moderation.IllegalTransition as error:
        raise LinkConflict(comment, action) from error
    tokens.commit_use(claims)
    return _done("Done", f"The comment by {comment.author_name} was {move.past}.", queue=True)


def _subscription(claims: dict[str, Any]) -> Subscription:
    subscription = db.session.get(Subscription, claims.get("subscription"))
    if subscription is None:
        raise LinkGone()
    return subscription


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> str:
    claims = _read("confirm", token)
    tokens.check_unused(claims)
    subscription = _subscription(claims)
    if request.method == "GET":
        return render_template("maillinks/confirm.html")
    notifications.confirm(subscription)
    tokens.commit_use(claims)
    return _done(
        "Notifications confirmed",
        "Thank you. We will email you when your comment is published or someone replies to it.",
    )


# RFC 8058 one-click unsubscribe: mail clients POST here without a form or a session, so
# the signed link, not a CSRF token, authorizes it. It never expires and may be reused:
# leaving must always work, and it can only ever mean less mail.
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str) -> str:
    subscription = _subscription(tokens.read("unsubscribe", token, max_age=None))
    if request.method == "GET":
        return render_template("maillinks/unsubscribe.html")
    notifications.unsubscribe(subscription)
    db.session.commit()
    return _done(
        "You are unsubscribed",
        "We will not email you about comments any more. You can ask again when you next comment.",
    )
