"""The launch articles the project ships as Markdown files with front matter."""

from datetime import datetime
from pathlib import Path

import frontmatter
from sqlalchemy import select

from .extensions import db
from .models import Article
from .sanitize import render_article

ARTICLES_DIR = Path(__file__).parent / "content" / "articles"


def read_article_file(path: Path) -> Article:
    """Build an unsaved Article from one Markdown file."""
    post = frontmatter.load(path)
    published = post["date"]
    if not isinstance(published, datetime):
        published = datetime.fromisoformat(str(published))
    return Article(
        slug=post["slug"],
        title=post["title"],
        excerpt=post.get("excerpt", ""),
        body_markdown=post.content,
        body_html=render_article(post.content),
        published_at=published.replace(tzinfo=None),
        comments_open=post.get("comments_open", True),
    )


def load_articles(directory: Path = ARTICLES_DIR) -> list[Article]:
    """Add each shipped article whose slug the database lacks; edited articles are left alone."""
    existing = set(db.session.scalars(select(Article.slug)))
    added = []
    for path in sorted(directory.glob("*.md")):
        article = read_article_file(path)
        if article.slug not in existing:
            db.session.add(article)
            added.append(article)
    db.session.commit()
    return added
