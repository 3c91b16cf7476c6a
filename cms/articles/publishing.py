"""What the public may see of articles: the one rule every page, feed and search obeys.

An article is public when it is published and its publication time has come. A scheduled
article is simply a published one with a future date, so it appears by itself at its time,
checked on every read, with no job to run.
"""

from sqlalchemy import ColumnElement, Select, select

from ..models import Article, ArticleKind, ArticleStatus, utcnow


def is_public_clause(now: ColumnElement | None = None) -> ColumnElement[bool]:
    """Return the SQL condition for an article (post or page) readers may open.

    ``now`` may be a bound parameter, for a statement built once and run many times.
    """
    moment = utcnow() if now is None else now
    return (Article.status == ArticleStatus.PUBLISHED) & (Article.published_at <= moment)


def is_scheduled(article: Article) -> bool:
    return article.status == ArticleStatus.PUBLISHED and article.published_at > utcnow()


def front_page_posts() -> Select:
    """Select the public posts for the index: sticky ones first, as WordPress's front page
    shows them (feeds and topic pages keep plain date order)."""
    return (
        public_posts()
        .order_by(None)
        .order_by(Article.sticky.desc(), Article.published_at.desc(), Article.id.desc())
    )


def public_posts() -> Select:
    """Select the public posts (not pages), newest first: the index, feeds and topics."""
    return (
        select(Article)
        .where(is_public_clause(), Article.kind == ArticleKind.POST)
        .order_by(Article.published_at.desc(), Article.id.desc())
    )
