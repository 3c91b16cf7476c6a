"""WordPress's old addresses (?p=ID, ?page_id=ID, /YYYY/MM/DD/slug/, /YYYY/MM/slug/)
answering 301 to ours; a plain /slug/ WordPress served that changed is a SlugRedirect.

Links and search results pointing at the old site keep working after an import. Only public
articles are found, so an old address never reveals a draft, a private or a scheduled post.
"""

from flask import Blueprint, abort, redirect, request, url_for
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from ..articles import publishing
from ..extensions import db
from ..http.bounds import query_number
from ..models import Article, SlugRedirect

bp = Blueprint("wxr", __name__)

# The query arguments WordPress answers on its front page with one post or page.
ID_ARGUMENTS = ("p", "page_id")
# Articles a dated address may match by slug: ours, WordPress's, and an old one.
MOST_CANDIDATES = 3


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
@bp.get("/<int:year>/<int:month>/<slug>/")
def dated_address(year: int, month: int, slug: str, day: int = 0) -> Response:
    """Send WordPress's dated permalinks (day and name, month and name) on to the article's
    own address, by its slug or by the slug WordPress gave it where that had to change."""
    renamed = select(SlugRedirect.article_id).where(SlugRedirect.old_slug == slug)
    found = db.session.scalars(
        select(Article)
        .where(
            or_(Article.slug == slug, Article.wp_slug == slug, Article.id.in_(renamed)),
            publishing.is_public_clause(),
        )
        .limit(MOST_CANDIDATES)
    ).all()
    # Two articles may answer to one slug (WordPress's, and ours): the date tells them apart.
    dated = [a for a in found if _is_dated(a, year, month, day)]
    if not found:
        abort(404)
    return _moved((dated or found)[0])


def _is_dated(article: Article, year: int, month: int, day: int) -> bool:
    published = article.published_at
    return (published.year, published.month) == (year, month) and day in (0, published.day)
