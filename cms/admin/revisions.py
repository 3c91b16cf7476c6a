"""An article's earlier versions: the list, a difference between two, and restoring one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..articles import saving as authoring
from ..articles.diffs import line_diff
from ..extensions import db
from ..http.bounds import whole_number
from ..models import Article, Permission, Revision, User
from . import bp

# How the compare form names the article as it is now, beside revision ids.
CURRENT = "current"


def _revisions(article: Article) -> list[Revision]:
    """Return the article's revisions, newest first."""
    query = (
        select(Revision)
        .where(Revision.article_id == article.id)
        .order_by(Revision.created_at.desc(), Revision.id.desc())
    )
    return list(db.session.scalars(query))


def _names(revisions: list[Revision]) -> dict[int, str]:
    """Name who made each save, by user id, for the list."""
    ids = {r.user_id for r in revisions if r.user_id is not None}
    users = db.session.scalars(select(User).where(User.id.in_(ids))) if ids else []
    return {user.id: user.display_name for user in users}


def _version(article: Article, key: str) -> Article | Revision:
    """Return the article itself for "current", else its revision with that id, or 404."""
    if key == CURRENT:
        return article
    revision_id = whole_number(key)
    revision = db.session.get(Revision, revision_id) if revision_id else None
    if revision is None or revision.article_id != article.id:
        abort(404)
    return revision


@bp.get("/articles/<int:article_id>/revisions")
@permission_required(Permission.ARTICLES)
def revisions(article_id: int) -> str:
    article = db.get_or_404(Article, article_id)
    found = _revisions(article)
    return render_template(
        "admin/revisions.html", article=article, revisions=found, names=_names(found)
    )


@bp.get("/articles/<int:article_id>/revisions/compare")
@permission_required(Permission.ARTICLES)
def compare_revisions(article_id: int) -> str | Response:
    """Show what changed between two versions; by default the newest revision and now."""
    article = db.get_or_404(Article, article_id)
    found = _revisions(article)
    if not found:
        flash(f"“{article.title}” has no earlier versions yet.")
        return redirect(url_for("admin.revisions", article_id=article.id))
    old_key = request.args.get("old", str(found[0].id))
    new_key = request.args.get("new", CURRENT)
    old, new = _version(article, old_key), _version(article, new_key)
    diffs = [
        ("Title", line_diff(old.title, new.title)),
        ("Excerpt", line_diff(old.excerpt, new.excerpt)),
        ("Body", line_diff(old.body_markdown, new.body_markdown)),
    ]
    return render_template(
        "admin/compare.html",
        article=article,
        revisions=found,
        names=_names(found),
        old_key=old_key,
        new_key=new_key,
        diffs=diffs,
    )


@bp.post("/articles/<int:article_id>/restore")
@permission_required(Permission.ARTICLES)
def restore_revision(article_id: int) -> Response:
    """Bring back the revision the form names; what it replaces becomes a revision."""
    article = db.get_or_404(Article, article_id)
    key = request.form.get("revision", "")
    if not key.isdigit():
        abort(400)
    revision = _version(article, key)
    when = f"{revision.created_at:%Y-%m-%d %H:%M}"
    authoring.restore(article, revision, current_user)
    db.session.commit()
    flash(f"Restored the version of “{article.title}” replaced on {when} UTC.")
    return redirect(url_for("admin.revisions", article_id=article.id), code=303)
