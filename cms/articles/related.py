"""The articles an article ends with: the public posts sharing most of its topics."""

from sqlalchemy import func, literal, select, union_all

from ..extensions import db
from ..models import Article
from ..models.taxonomy import article_categories, article_tags
from .publishing import public_posts

# A shared category counts for more than a shared tag: categories are the site's sections,
# tags mere keywords.
CATEGORY_WEIGHT = 2
TAG_WEIGHT = 1
RELATED_LIMIT = 3


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """Return up to ``limit`` public posts sharing topics with this one, best match first."""
    own_categories = select(article_categories.c.category_id).where(
        article_categories.c.article_id == article.id
    )
    own_tags = select(article_tags.c.tag_id).where(article_tags.c.article_id == article.id)
    shared = union_all(
        select(
            article_categories.c.article_id.label("article_id"),
            literal(CATEGORY_WEIGHT).label("weight"),
        ).where(article_categories.c.category_id.in_(own_categories)),
        select(article_tags.c.article_id, literal(TAG_WEIGHT)).where(
            article_tags.c.tag_id.in_(own_tags)
        ),
    ).subquery()
    score = func.sum(shared.c.weight)
    query = (
        public_posts()
        .join(shared, shared.c.article_id == Article.id)
        .where(Article.id != article.id)
        .group_by(Article.id)
        # Best match first, then the newest, as public_posts() orders them.
        .order_by(None)
        .order_by(score.desc(), Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
