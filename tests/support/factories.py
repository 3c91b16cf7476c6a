"""Articles stored directly, as an editor or an import would have left them."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from html import escape

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, ArticleKind, ArticleStatus, Category, Tag

PUBLISHED, DRAFT, PRIVATE = ArticleStatus.PUBLISHED, ArticleStatus.DRAFT, ArticleStatus.PRIVATE
POST, PAGE = ArticleKind.POST, ArticleKind.PAGE
# Later than the launch articles (2024), so stored articles list before them.
JAN_2025 = datetime(2025, 1, 1, 9, 0)

# Articles the public must never see listed: (status, kind, days from now).
HIDDEN_ARTICLES = [
    pytest.param(DRAFT, POST, -1, id="draft"),
    pytest.param(PUBLISHED, POST, 1, id="scheduled"),
    pytest.param(PRIVATE, POST, -1, id="private"),
    pytest.param(PUBLISHED, PAGE, -1, id="page"),
]


def _topics(model: type[Category] | type[Tag], names: Iterable[str]) -> list:
    """Return the categories or tags with these names (slug: the name in lowercase)."""
    found = []
    for name in names:
        slug = name.lower().replace(" ", "-")
        topic = db.session.scalar(select(model).where(model.slug == slug))
        if topic is None:
            topic = model(slug=slug, name=name)
            db.session.add(topic)
        found.append(topic)
    return found


def add_article(
    app: Flask,
    title: str,
    published_at: datetime = JAN_2025,
    status: ArticleStatus = PUBLISHED,
    kind: ArticleKind = POST,
    categories: Iterable[str] = (),
    tags: Iterable[str] = (),
    author_name: str = "",
    excerpt: str = "",
    slug: str | None = None,
    day: int = 0,
) -> int:
    """Store an article filed under the named topics (created when missing); return its id.

    It is published at ``published_at``, moved on by ``day`` days.
    """
    with app.app_context():
        article = Article(
            slug=slug or title.lower().replace(" ", "-"),
            title=title,
            status=status,
            kind=kind,
            author_name=author_name,
            excerpt=excerpt or f"What {title} is about.",
            body_markdown=f"The body of {title}.",
            # As the sanitizer would store it: the title as text.
            body_html=f"<p>The body of {escape(title)}.</p>",
            published_at=published_at + timedelta(days=day),
        )
        article.categories = _topics(Category, categories)
        article.tags = _topics(Tag, tags)
        db.session.add(article)
        db.session.commit()
        return article.id


def add_topic(app: Flask, model: type[Category] | type[Tag], name: str, **fields: object) -> None:
    """Store a category or tag with no articles."""
    with app.app_context():
        db.session.add(model(slug=name.lower().replace(" ", "-"), name=name, **fields))
        db.session.commit()
