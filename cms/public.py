"""Readers' pages: the article list, an article with its thread, and the comment form."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from . import comments as commenting
from . import discussion
from .extensions import csrf, db
from .forms import CommentForm
from .models import Article, Comment, CommentStatus
from .moderation import visible_comments
from .threads import build_thread

bp = Blueprint("public", __name__)

EXPIRED_FORM = (
    "This form had expired (the page was open a long time, or cookies are off), so your "
    "comment was not posted. Everything you typed is below: please send it again."
)


def get_article(slug: str) -> Article:
    """Return the published article with this slug, or answer 404."""
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        abort(404)
    return article


@bp.get("/")
def index() -> str:
    articles = db.session.scalars(select(Article).order_by(Article.published_at.desc())).all()
    counts = dict(
        db.session.execute(
            select(Comment.article_id, func.count())
            .where(Comment.status == CommentStatus.APPROVED)
            .group_by(Comment.article_id)
        ).all()
    )
    return render_template("public/index.html", articles=articles, counts=counts)


def show_article(article: Article, form: CommentForm, status: int = 200) -> tuple[str, int]:
    """Render an article with the comments this reader may see and the given form."""
    shown = db.session.scalars(visible_comments(article.id, commenting.own_pending_ids())).all()
    reply_id = form.comment_parent.data or request.args.get("replytocom", type=int)
    reply_to = commenting.approved_parent(article, reply_id) if reply_id else None
    # A form sent back for correction must not keep pointing at a parent it cannot answer.
    form.comment_parent.data = reply_to.id if reply_to else 0
    approved = sum(c.status == CommentStatus.APPROVED for c in shown)
    depth = discussion.load().thread_depth
    html = render_template(
        "public/article.html",
        article=article,
        thread=build_thread(list(shown), depth),
        approved_count=approved,
        form=form,
        reply_to=reply_to,
        max_depth=depth,
        comments_open=discussion.comments_open(article),
    )
    return html, status


@bp.get("/<slug>/")
def article(slug: str) -> tuple[str, int]:
    article = get_article(slug)
    form = CommentForm(data=commenting.saved_commenter(request))
    form.remember.data = bool(request.cookies.get(commenting.COMMENTER_COOKIE))
    return show_article(article, form)


# The form checks its own CSRF token, so that an expired token costs nobody their text.
@bp.post("/<slug>/comments")
@csrf.exempt
def post_comment(slug: str) -> Response | tuple[str, int]:
    article = get_article(slug)
    form = CommentForm()
    if not discussion.comments_open(article):
        form.comment.errors = ["Comments are closed on this article."]
        return show_article(article, form, 403)
    if not (form.validate() and commenting.check_parent(form, article)):
        if form.csrf_token.errors:
            form.csrf_token.errors = [EXPIRED_FORM]
        return show_article(article, form, 400)
    comment = commenting.create_comment(article, form, request)
    target = url_for("public.article", slug=article.slug, _anchor=f"comment-{comment.id}")
    response = redirect(target, code=303)
    commenting.update_commenter_cookie(response, form)
    return response
