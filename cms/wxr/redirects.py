"""WordPress's old addresses (?p=ID, ?page_id=ID, /YYYY/MM/DD/slug/) answering 301 to ours.

Links and search results pointing at the old site keep working after an import. Only public
articles are found, so an old address never reveals a draft, a private or a scheduled post.
"""

from flask import Blueprint, abort, redirect, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..articles import publishing
from ..extensions import db
from ..http.bounds import query_number
from ..models import Article

bp = Blueprint("wxr", __name__)

# The query arguments WordPress answers on its front page with one post or page.
ID_ARGUMENTS = ("p", "page_id")


def _public(condition: object) -> Article:
    article = db.session.scalar(select(Article).where(condition, publishing.is_public_clause()))
    if article is None:
        abort(404)
    return article


def _moved(article: Article) -> Response:
    return redirect(url_for("public.article", slug=article.slug), code=301)


# Registered by the factory for every request: the front page's view never sees these.
def old_id_address() -> Response | None:
    """Send /?p=ID and /?page_id=ID on to the article; leave every other request alone."""
    if request.path != "/" or request.method not in ("GET", "HEAD"):
        return None
    for name in ID_ARGUMENTS:
        if name in request.args:
            wp_id = query_number(name)
            if wp_id is None:
                abort(404)
            return _moved(_public(Article.wp_id == wp_id))
    return None


@bp.get("/<int:year>/<int:month>/<int:day>/<slug>/")
def dated_address(year: int, month: int, day: int, slug: str) -> Response:
    """Send WordPress's dated permalink on to the article's own address."""
    return _moved(_public(Article.slug == slug))
