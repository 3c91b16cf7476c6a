"""The articles page (every article, its state, comment counts and switch) and the editor."""

from collections import defaultdict
from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..articles import publishing
from ..articles import saving as authoring
from ..articles.forms import HTML_BODY_NOTE, ArticleForm
from ..comments import discussion
from ..extensions import db
from ..html.sanitize import render_article
from ..models import (
    Article,
    ArticleStatus,
    AuditEvent,
    Comment,
    CommentStatus,
    Permission,
    SourceFormat,
    utcnow,
)
from ..templating import date_time
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
    # Drafts first: they are what an editor is working on.
    rows = db.session.scalars(
        select(Article).order_by(
            (Article.status == ArticleStatus.DRAFT).desc(), Article.published_at.desc()
        )
    ).all()
    return render_template(
        "admin/articles.html",
        articles=rows,
        state_of=state_of,
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


def state_of(article: Article) -> str:
    """Name an article's state as editors think of it: draft, scheduled, published, private."""
    if publishing.is_scheduled(article):
        return "scheduled"
    return article.status.value


def _publish_at(form: ArticleForm) -> datetime | None:
    if form.publish_date.data is None:
        return None
    return datetime.combine(form.publish_date.data, form.publish_time.data or time())


def _stored_values(article: Article) -> dict:
    """Return the form's fields filled from a stored article."""
    # A draft's date is only when it was last saved, unless someone set a later one.
    dated = article.status != ArticleStatus.DRAFT or article.published_at > utcnow()
    return {
        "title": article.title,
        "slug": article.slug,
        "excerpt": article.excerpt,
        "body": article.body_markdown,
        "categories": ", ".join(c.name for c in article.categories),
        "tags": ", ".join(t.name for t in article.tags),
        # An article without a byline (the launch files) gets the editor's, as a new one does.
        "author": article.author_name or current_user.display_name,
        "status": article.status.value,
        "publish_date": article.published_at.date() if dated else None,
        "publish_time": article.published_at.time().replace(microsecond=0) if dated else None,
        "comments_open": article.comments_open,
    }


def _form_for(article: Article | None) -> ArticleForm:
    if article is None:
        defaults = {"author": current_user.display_name, "status": "draft", "comments_open": True}
        return ArticleForm(data=defaults)
    form = ArticleForm(data=_stored_values(article))
    if article.source_format == SourceFormat.HTML:
        # Imported from WordPress: its HTML stays HTML, shown by WordPress's own rules.
        form.body.description = HTML_BODY_NOTE
    return form


def _fields(form: ArticleForm) -> authoring.Fields:
    return authoring.Fields(
        title=form.title.data,
        body_markdown=form.body.data or "",
        excerpt=form.excerpt.data,
        slug=form.slug.data,
        author_name=form.author.data,
        status=ArticleStatus(form.status.data),
        published_at=_publish_at(form),
        comments_open=form.comments_open.data,
        categories=authoring.split_names(form.categories.data),
        tags=authoring.split_names(form.tags.data),
    )


def _preview(form: ArticleForm, article: Article | None) -> Article:
    """Build the article as it would be saved, never added to the session, to show it."""
    source_format = article.source_format if article else SourceFormat.MARKDOWN
    return Article(
        title=form.title.data or "",
        excerpt=form.excerpt.data or "",
        body_html=render_article(form.body.data or "", source_format),
        published_at=_publish_at(form) or utcnow(),
    )


def _slug_is_free(form: ArticleForm, article: Article | None) -> bool:
    problem = form.slug.data and authoring.slug_problem(form.slug.data, article)
    if problem:
        form.slug.errors = [*form.slug.errors, problem]
    return not problem


def _saved_message(article: Article) -> Markup:
    """Say the article is saved, and link to it as readers see it, or to its preview."""
    state = state_of(article)
    if state == "published":
        link = Markup('<a href="{}">See it as readers do</a>.').format(
            url_for("public.article", slug=article.slug)
        )
        return Markup("“{}” is saved and published. {}").format(article.title, link)
    # Not public yet: the public address would answer 404, so the link is to the preview.
    link = Markup('<a href="{}">Preview it</a>.').format(
        url_for("admin.preview_article", article_id=article.id)
    )
    if state == "scheduled":
        when = date_time(article.published_at)
        return Markup("“{}” is saved and scheduled for {}. {}").format(article.title, when, link)
    return Markup("“{}” is saved as {}: readers cannot see it yet. {}").format(
        article.title, "a draft" if state == "draft" else "private", link
    )


def _author(article: Article | None) -> str | Response | tuple[str, int]:
    """Show the article form, preview it, or save it; the one body of new and edit."""
    form = _form_for(article)
    if request.method == "GET":
        return render_template("admin/article_form.html", form=form, article=article)
    valid = form.validate() and _slug_is_free(form, article)
    if "preview" in request.form or not valid:
        preview = _preview(form, article) if "preview" in request.form else None
        page = render_template(
            "admin/article_form.html", form=form, article=article, preview=preview
        )
        return page, 200 if valid else 400
    saved = authoring.save(article or Article(), current_user, _fields(form))
    db.session.commit()
    flash(_saved_message(saved))
    return redirect(url_for("admin.edit_article", article_id=saved.id), code=303)


@bp.route("/articles/new", methods=["GET", "POST"])
@permission_required(Permission.ARTICLES)
def new_article() -> str | Response | tuple[str, int]:
    return _author(None)


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.ARTICLES)
def edit_article(article_id: int) -> str | Response | tuple[str, int]:
    return _author(db.get_or_404(Article, article_id))


@bp.get("/articles/<int:article_id>/preview")
@permission_required(Permission.ARTICLES)
def preview_article(article_id: int) -> str:
    """Show a saved article as its public page will, whatever its state."""
    article = db.get_or_404(Article, article_id)
    return render_template("admin/article_preview.html", article=article, state=state_of(article))
