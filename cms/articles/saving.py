"""The one way an article is saved: rendered, revised, re-addressed, filed and recorded.

The admin form calls ``save`` and ``restore``; each keeps the version it replaces as a
Revision, keeps an old address answering through a SlugRedirect, and writes an audit row.
Nothing here commits: the caller does, so a save is one transaction with its records.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select

from ..extensions import db
from ..html.sanitize import render_article
from ..models import (
    Article,
    ArticleStatus,
    AuditEvent,
    Category,
    Revision,
    SlugRedirect,
    Tag,
    User,
    utcnow,
)
from .slugs import MAX_LENGTH, slugify

# First path segments the site's own pages use: an article there would hide them, or they it.
RESERVED_SLUGS = frozenset(
    {"admin", "category", "comments", "favicon.ico", "feed", "mail", "page", "robots.txt", "search",
     "sitemap.xml", "static", "tag"}
)  # fmt: skip
FALLBACK_SLUG = "article"


@dataclass
class Fields:
    """What an author sets on an article; a blank slug is made from the title."""

    title: str
    body_markdown: str
    excerpt: str = ""
    slug: str = ""
    author_name: str = ""
    status: ArticleStatus = ArticleStatus.DRAFT
    # None means "now"; a future date with status published makes the article scheduled.
    published_at: datetime | None = None
    comments_open: bool = True
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    """Split comma-separated topic names, dropping blanks and repeats (ignoring case)."""
    names: dict[str, str] = {}
    for name in text.split(","):
        names.setdefault(" ".join(name.split()).lower(), " ".join(name.split()))
    return [name for key, name in names.items() if key]


def slug_owner(slug: str, article: Article | None = None) -> Article | None:
    """Return the other article that already has this slug, if any."""
    query = select(Article).where(Article.slug == slug)
    if article is not None and article.id is not None:
        query = query.where(Article.id != article.id)
    return db.session.scalar(query)


def slug_problem(slug: str, article: Article | None = None) -> str | None:
    """Say why an author's chosen slug cannot be used, or None when it can."""
    if slug in RESERVED_SLUGS:
        return f"The address “{slug}” is used by the site itself. Please choose another."
    if slug_owner(slug, article) is not None:
        return (
            f"Another article already uses the address “{slug}”. Please choose another, "
            "or leave it blank to make one from the title."
        )
    return None


def unique_slug(title: str, article: Article | None = None) -> str:
    """Make a free slug from a title, adding -2, -3… when another article has it."""
    base = slugify(title) or FALLBACK_SLUG
    candidate, number = base, 1
    while candidate in RESERVED_SLUGS or slug_owner(candidate, article) is not None:
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _keep_revision(article: Article, by: User | None) -> None:
    """Store the article's current text as a revision, before a save replaces it."""
    db.session.add(
        Revision(
            article_id=article.id,
            title=article.title,
            excerpt=article.excerpt,
            body_markdown=article.body_markdown,
            user_id=by.id if by else None,
        )
    )


def _text_changes(article: Article, title: str, excerpt: str, body: str) -> bool:
    return (article.title, article.excerpt, article.body_markdown) != (title, excerpt, body)


def _set_text(article: Article, title: str, excerpt: str, body: str) -> None:
    """Set the text and render its HTML once, here, so no page renders Markdown per request."""
    article.title, article.excerpt, article.body_markdown = title, excerpt, body
    article.body_html = render_article(body, article.source_format)


def _move_slug(article: Article, new_slug: str) -> None:
    """Give the article a new slug, leaving its old one to answer with a redirect."""
    old_slug = article.slug
    if old_slug == new_slug:
        return
    # A redirect from the new address would now be shadowed by the article itself.
    db.session.execute(delete(SlugRedirect).where(SlugRedirect.old_slug == new_slug))
    if article.id is not None and old_slug:
        db.session.add(SlugRedirect(old_slug=old_slug, article_id=article.id))
    article.slug = new_slug


def topic_named(model: type[Category] | type[Tag], name: str) -> Category | Tag:
    """Return the category or tag with this name (ignoring case), creating it if missing."""
    found = db.session.scalar(
        select(model).where(func.lower(model.name) == name.lower()).order_by(model.id)
    )
    if found is not None:
        return found
    base = slugify(name) or model.__name__.lower()
    slug, number = base, 1
    while db.session.scalar(select(model.id).where(model.slug == slug)) is not None:
        number += 1
        slug = f"{base[: MAX_LENGTH - 8]}-{number}"
    topic = model(name=name, slug=slug)
    db.session.add(topic)
    db.session.flush()
    return topic


def _file_under(article: Article, categories: list[str], tags: list[str]) -> None:
    article.categories = [topic_named(Category, name) for name in categories]
    article.tags = [topic_named(Tag, name) for name in tags]


def _record(action: str, article: Article, by: User | None) -> None:
    db.session.add(
        AuditEvent(
            comment_id=None, user_id=by.id if by else None, action=action, detail=article.slug
        )
    )


def save(article: Article, by: User | None, fields: Fields) -> Article:
    """Create or update ``article`` from ``fields``; the caller commits."""
    creating = article.id is None
    if not creating and _text_changes(article, fields.title, fields.excerpt, fields.body_markdown):
        _keep_revision(article, by)
    _set_text(article, fields.title, fields.excerpt, fields.body_markdown)
    _move_slug(article, fields.slug or unique_slug(fields.title, article))
    article.author_name = fields.author_name
    article.status = fields.status
    article.published_at = fields.published_at or utcnow()
    article.comments_open = fields.comments_open
    if creating:
        article.author_id = by.id if by else None
        db.session.add(article)
    _file_under(article, fields.categories, fields.tags)
    db.session.flush()
    _record("article-create" if creating else "article-edit", article, by)
    return article


def restore(article: Article, revision: Revision, by: User | None) -> None:
    """Bring back a revision's text; the text it replaces becomes a revision itself."""
    if revision.article_id != article.id:
        raise ValueError("the revision belongs to another article")
    if _text_changes(article, revision.title, revision.excerpt, revision.body_markdown):
        _keep_revision(article, by)
        _set_text(article, revision.title, revision.excerpt, revision.body_markdown)
    _record("article-restore", article, by)
    db.session.flush()
