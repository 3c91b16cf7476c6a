"""The comment form's POST: check it, refuse it with the text kept, or file the comment."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_limiter import RateLimitExceeded
from markupsafe import Markup
from werkzeug.wrappers import Response

from .. import tokens
from ..articles.pages import get_article, show_article
from ..extensions import csrf, db, limiter
from ..html.sanitize import clean_comment
from ..mail import notifications
from ..mail import outbox as mail
from ..models import Article, Comment, CommentStatus
from ..privacy import retention
from . import antispam, discussion, form_token, own_comments, second_look
from . import drafts as comment_drafts
from . import pages as comment_pages
from . import posting as commenting
from .forms import CommentForm
from .visible import is_visible

bp = Blueprint("comments", __name__)

HELD_FOR_REVIEW = "Thank you. Your comment is held for review."
PUBLISHED_WITH_LINK = (
    'Thank you: your comment is published. <a href="{url}">Your comment\'s private page</a> '
    "lets you change or withdraw it: bookmark it, or keep its address somewhere safe."
)
# The name of the form's second button: show the comment as it will look, post nothing.
PREVIEW = "preview"
# The second look's buttons: the field's name, and its two answers.
SECOND_LOOK, REMOVE, KEEP = "second_look", "remove", "keep"
EXPIRED_FORM = (
    "This form had expired (the page was open a long time, or cookies are off), so your "
    "comment was not posted. Everything you typed is below: please send it again."
)


def sent_back(article: Article, form: CommentForm, status: int) -> Response | tuple[str, int]:
    """Answer a refused post with a redirect to the form as typed, so a reload sends nothing.

    The article shows the draft once, with its messages, as a 200; ``status`` is what the
    form is answered with when no draft can be kept (cms/comments/drafts.py says when).
    """
    response = redirect(url_for("public.article", slug=article.slug, _anchor="respond"), 303)
    if not comment_drafts.keep(form, article.id, response):
        return show_article(article, form, status)
    retention.prune_now_and_then()
    return response


# The form checks its own token (cms/comments/form_token.py), so an expired one costs no text.
# Two per-IP limits: a tight one on stored comments, and a generous one on every post, so
# a person fixing a typo a few times goes on while a client retrying forever is stopped.
@bp.post("/<slug>/comments")
@csrf.exempt
@limiter.limit(
    antispam.rate_limit,
    deduct_when=antispam.counts_toward_rate_limit,
    error_message=antispam.RATE_LIMIT_MESSAGE,
)
@limiter.limit(
    antispam.attempt_limit, scope="comment-attempts", error_message=antispam.ATTEMPT_LIMIT_MESSAGE
)
def post_comment(slug: str) -> Response | tuple[str, int]:
    article = get_article(slug)
    form = CommentForm()
    if not discussion.comments_open(article):
        form.comment.errors = ["Comments are closed on this article."]
        return show_article(article, form, 403)
    if not form_token.is_same_origin(request):
        form.form_errors.append(form_token.REFUSED_ORIGIN)
        return show_article(article, form, 403)
    valid = form.validate()
    if not form_token.is_valid(form.csrf_token.data, article.id):
        form.csrf_token.errors = [EXPIRED_FORM]
        valid = False
    if not (valid and commenting.check_parent(form, article)):
        return sent_back(article, form, 400)
    if (looked := _second_look(article, form)) is not None:
        return looked
    # Cleaned once: the duplicate check compares, and the comment stores, the same HTML.
    content_html = clean_comment(form.comment.data)
    if PREVIEW in request.form:
        # Shown as it will be once approved; nothing is stored, checked for floods or mailed.
        return show_article(article, form, preview=commenting.preview(form, content_html))
    if refused := antispam.refusal(article, form, request, content_html):
        message, status = refused
        form.form_errors.append(message)
        return sent_back(article, form, status)
    comment = commenting.create_comment(article, form, request, content_html)
    # Read before the commit, which expires the comment: reading after would load it again.
    comment_id, caught = comment.id, comment.status in (CommentStatus.SPAM, CommentStatus.TRASH)
    if caught:
        # Neutral on purpose: a caught comment is never shown, and a robot learns nothing.
        message, target = Markup(HELD_FOR_REVIEW), url_for("public.article", slug=article.slug)
    else:
        message, target = _hand_over_own_link(comment), comment_pages.comment_url(comment)
    # One commit for the comment, its audit row and the mail it sets off.
    db.session.commit()
    if message:
        flash(message)
    # After the commit, so old IPs are cut now and then without risking the comment itself.
    retention.prune_now_and_then()
    response = redirect(target, code=303)
    commenting.update_commenter_cookie(response, form)
    commenting.vouch_for_author(response, request, comment_id)
    return response


def _second_look(article: Article, form: CommentForm) -> tuple[str, int] | None:
    """Show what could identify someone before storing it, or apply the commenter's choice.

    Never a refusal: the page comes back with the findings marked and two buttons, and
    whichever the commenter presses, the comment goes on. A preview shows it as written.
    """
    choice = request.form.get(SECOND_LOOK)
    if choice == REMOVE:
        form.comment.data, form.author.data = second_look.cleared(
            form.comment.data, form.author.data
        )
        return None
    if choice == KEEP or PREVIEW in request.form:
        return None
    found = second_look.look(form.comment.data, form.author.data)
    return show_article(article, form, second_look=found) if found else None


def _hand_over_own_link(comment: Comment) -> Markup | None:
    """Give its author the private link: by mail to an address they confirmed before, and
    on the page (the message returned) when it is published at once; a pending one shows it
    on its preview. No commit: the mail goes in the post's own transaction."""
    published = is_visible(comment)
    if not (published or mail.can_send()):
        return None  # signing a key nobody will be given costs a post for nothing
    token = own_comments.token_for(comment)
    notifications.own_link(comment, tokens.external_url("own_comment.show", token=token))
    if not published:
        return None
    return Markup(PUBLISHED_WITH_LINK).format(url=url_for("own_comment.show", token=token))


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> tuple[str, int]:
    """Send the article back with the comment form as typed, saying why it was not posted."""
    form = CommentForm()
    form.form_errors.append(error.description)  # which limit: each names its own message
    return show_article(get_article(request.view_args["slug"]), form, 429)
