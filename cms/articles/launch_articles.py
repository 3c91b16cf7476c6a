"""The launch articles the project ships as Markdown files with front matter."""

from datetime import datetime
from pathlib import Path

import frontmatter
from sqlalchemy import select

from ..extensions import db
from ..html.sanitize import render_article
from ..models import Article, Category, Tag
from .saving import topic_named

ARTICLES_DIR = Path(__file__).parents[1] / "content" / "articles"


def read_article_file(path: Path) -> tuple[Article, frontmatter.Post]:
    """Build an unsaved Article from one Markdown file; return it with the parsed file."""
    post = frontmatter.load(path)
    published = post["date"]
    if not isinstance(published, datetime):
        published = datetime.fromisoformat(str(published))
    article = Article(
        slug=post["slug"],
        title=post["title"],
        excerpt=post.get("excerpt", ""),
        body_markdown=post.content,
        body_html=render_article(post.content),
        published_at=published.replace(tzinfo=None),
        comments_open=post.get("comments_open", True),
    )
    return article, post


def file_under_topics(article: Article, post: frontmatter.Post) -> None:
    """File an article under the categories and tags its front matter lists."""
    article.categories = [topic_named(Category, name) for name in post.get("categories", [])]
    article.tags = [topic_named(Tag, name) for name in post.get("tags", [])]


def load_articles(directory: Path = ARTICLES_DIR) -> list[Article]:
    """Add each shipped article whose slug the database lacks; edited articles are left alone.

    A launch article loaded before it had topics (an older site) is filed under them, once:
    one that already has a category or tag is the editors' to change.
    """
    files = [read_article_file(path) for path in sorted(directory.glob("*.md"))]
    slugs = [article.slug for article, _ in files]
    stored = {a.slug: a for a in db.session.scalars(select(Article).where(Article.slug.in_(slugs)))}
    added = []
    for article, post in files:
        existing = stored.get(article.slug)
        if existing is None:
            db.session.add(article)
            file_under_topics(article, post)
            added.append(article)
        elif not existing.categories and not existing.tags:
            file_under_topics(existing, post)
    db.session.commit()
    return added
