"""Category and tag pages: the public posts filed under one topic, paged like the index."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from ..extensions import db
from ..http.caching import public_page
from ..models import Article, Category, Tag
from .listing import list_page
from .publishing import public_posts

bp = Blueprint("topics", __name__)


def get_topic(model: type[Category] | type[Tag], slug: str) -> Category | Tag:
    """Return the category or tag with this slug, or answer 404."""
    topic = db.session.scalar(select(model).where(model.slug == slug))
    if topic is None:
        abort(404)
    return topic


@bp.get("/category/<slug>/", defaults={"number": 1})
@bp.get("/category/<slug>/page/<int:number>/")
@public_page()
def category(slug: str, number: int) -> str:
    """List the public posts filed under one category (not its children), newest first."""
    topic = get_topic(Category, slug)
    query = public_posts().where(Article.categories.any(Category.id == topic.id))
    listing = list_page(query, number, "topics.category", slug=slug)
    return render_template("public/topic.html", kind="Category", topic=topic, listing=listing)


@bp.get("/tag/<slug>/", defaults={"number": 1})
@bp.get("/tag/<slug>/page/<int:number>/")
@public_page()
def tag(slug: str, number: int) -> str:
    """List the public posts tagged with one tag, newest first."""
    topic = get_topic(Tag, slug)
    query = public_posts().where(Article.tags.any(Tag.id == topic.id))
    listing = list_page(query, number, "topics.tag", slug=slug)
    return render_template("public/topic.html", kind="Tag", topic=topic, listing=listing)
