"""One page of a list of public posts, with each post's approved comment count."""

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer, selectinload

from ..comments.visible import visible_clause
from ..extensions import db
from ..models import Article, Comment


@dataclass(frozen=True)
class Listing:
    """A page of posts, their comment counts, and how to reach the pages around it."""

    pagination: Pagination
    counts: dict[int, int]
    endpoint: str
    args: dict[str, Any]

    @property
    def articles(self) -> list[Article]:
        return list(self.pagination.items)

    def url(self, number: int) -> str:
        """Return the address of another page of this list (page 1 has no /page/1/)."""
        return url_for(self.endpoint, **self.args, number=number)


def approved_counts(article_ids: list[int]) -> dict[int, int]:
    """Count the approved comments of these articles in one grouped query."""
    if not article_ids:
        return {}
    rows = db.session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(article_ids), visible_clause())
        .group_by(Comment.article_id)
    )
    return {article_id: count for article_id, count in rows}


def list_page(query: Select, number: int, endpoint: str, **args: Any) -> Listing:
    """Return page ``number`` of the posts ``query`` selects, or answer 404 past the end."""
    # Categories come in one extra query for the whole page, not one per post; the bodies,
    # which a list never shows, stay in the database.
    pagination = db.paginate(
        query.options(
            selectinload(Article.categories),
            defer(Article.body_markdown, raiseload=True),
            defer(Article.body_html, raiseload=True),
        ),
        page=number,
        per_page=current_app.config["ARTICLES_PER_PAGE"],
        max_per_page=None,
        error_out=True,
    )
    counts = approved_counts([article.id for article in pagination.items])
    return Listing(pagination, counts, endpoint, args)
