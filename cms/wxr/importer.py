"""Bring a WordPress export into the site: topics, posts and pages, then their comments.

Keyed by WordPress ids (articles, comments) and slugs (topics), so running it again adds only
what is new. The comments and the links of replies to their parents live in import_comments,
the account of what a run did in import_summary.
"""

import gc
from collections.abc import Iterable

from sqlalchemy import select

from ..articles.saving import RESERVED_SLUGS
from ..articles.slugs import MAX_LENGTH, slugify
from ..extensions import db
from ..html.sanitize import render_article
from ..models import Article, ArticleKind, ArticleStatus, Category, Tag, utcnow
from .import_comments import CommentImport
from .import_summary import Summary
from .reader import Document, Item, Term

KINDS = {"post": ArticleKind.POST, "page": ArticleKind.PAGE}
# A future post is published with its date still to come: scheduled, public by itself then.
ARTICLE_STATUSES = {
    "publish": ArticleStatus.PUBLISHED,
    "future": ArticleStatus.PUBLISHED,
    "draft": ArticleStatus.DRAFT,
    "pending": ArticleStatus.DRAFT,
    "auto-draft": ArticleStatus.DRAFT,
    "private": ArticleStatus.PRIVATE,
}
# Column lengths, so a long WordPress value is cut rather than refused by the database.
TITLE_LENGTH, NAME_LENGTH = 300, 245
# Items stored per transaction.
BATCH_SIZE = 500


class Importer:
    """One run over one export; call import_topics, then import_item for each item, then
    finish, then commit."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.summary = Summary()
        self.taken_slugs = set(db.session.scalars(select(Article.slug)))
        self.categories = {c.slug: c for c in db.session.scalars(select(Category))}
        self.tags = {t.slug: t for t in db.session.scalars(select(Tag))}
        self.comments = CommentImport(self.summary)

    def import_topics(self) -> None:
        """Add the categories (with their parents) and tags the export defines."""
        for term in self.document.categories:
            self._topic(Category, self.categories, term, "categories", defined=True)
        for term in self.document.categories:
            child = self.categories[_topic_slug(term, "category")]
            parent = self.categories.get(slugify(term.parent))
            if parent is not None and parent is not child and child.parent_id is None:
                child.parent_id = self._id_of(parent)
        for term in self.document.tags:
            self._topic(Tag, self.tags, term, "tags", defined=True)

    def _id_of(self, topic: Category) -> int:
        if topic.id is None:
            db.session.flush()
        return topic.id

    def _topic(
        self,
        model: type[Category] | type[Tag],
        known: dict,
        term: Term,
        kind: str,
        defined: bool = False,
    ) -> Category | Tag:
        """Return the topic with this slug, adding it (and counting it) when it is new."""
        slug = _topic_slug(term, model.__name__.lower())
        if slug in known:
            # Only the export's own definitions count; items name the same topics again.
            if defined:
                self.summary.existing[kind] += 1
            return known[slug]
        topic = model(slug=slug, name=term.name or slug, description=term.description)
        db.session.add(topic)
        known[slug] = topic
        # WordPress makes the topics posts name but the file does not define; counted apart,
        # so the totals match what the file defines.
        self.summary.imported[kind if defined else f"undefined {kind}"] += 1
        return topic

    def import_item(self, item: Item) -> None:
        """Add one post or page with its comments; count anything else as skipped."""
        kind = KINDS.get(item.post_type)
        status = ARTICLE_STATUSES.get(item.status)
        if kind is None:
            self._skip(item, f"{item.post_type or 'untyped'} (not a post or page)")
            return
        if status is None:
            self._skip(item, f"{item.post_type} with status {item.status!r}")
            return
        noun = f"{kind.value}s"
        article = db.session.scalar(select(Article).where(Article.wp_id == item.wp_id))
        if article is None:
            article = self._article(item, kind, status)
            self.summary.imported[noun] += 1
        else:
            self.summary.existing[noun] += 1
        self.comments.add(article, item.comments)

    def _skip(self, item: Item, reason: str) -> None:
        self.summary.skipped[reason] += 1
        if item.comments:
            self.summary.skipped[f"comment on a skipped {item.post_type or 'item'}"] += len(
                item.comments
            )

    def _article(self, item: Item, kind: ArticleKind, status: ArticleStatus) -> Article:
        article = Article(
            wp_id=item.wp_id,
            kind=kind,
            status=status,
            title=item.title[:TITLE_LENGTH],
            slug=self._free_slug(item),
            author_name=self.document.authors.get(item.creator, item.creator)[:NAME_LENGTH],
            excerpt=item.excerpt,
            # WordPress content is HTML, which Markdown passes through; blank lines become
            # paragraphs as wpautop makes them, and the article allow-list cleans the rest.
            body_markdown=item.content,
            body_html=render_article(item.content),
            published_at=item.date or utcnow(),
            comments_open=item.comments_open,
        )
        article.categories = _unique(
            self._topic(Category, self.categories, t, "categories") for t in item.categories
        )
        article.tags = _unique(self._topic(Tag, self.tags, t, "tags") for t in item.tags)
        db.session.add(article)
        return article

    def _free_slug(self, item: Item) -> str:
        """Keep the WordPress slug when it is free, else add -2, -3…; make one if empty."""
        base = slugify(item.slug) or slugify(item.title) or f"untitled-{item.wp_id}"
        candidate, number = base, 1
        while candidate in self.taken_slugs or candidate in RESERVED_SLUGS:
            number += 1
            suffix = f"-{number}"
            candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self.taken_slugs.add(candidate)
        return candidate

    def end_batch(self) -> None:
        """Store this batch and file its comments, linked to their parents; then let it go."""
        self.comments.end_batch()

    def finish(self) -> Summary:
        """Link the replies whose parent came in a later batch; say what the run did; no commit."""
        self.comments.finish()
        return self.summary


def _topic_slug(term: Term, fallback: str) -> str:
    return slugify(term.slug) or slugify(term.name) or fallback


def _unique(topics: Iterable) -> list:
    """Drop repeats, keeping order: an item may name a topic twice."""
    seen: dict[int, object] = {}
    for topic in topics:
        seen.setdefault(id(topic), topic)
    return list(seen.values())


def import_document(
    document: Document, items: Iterable[Item] | None = None, batch_size: int = BATCH_SIZE
) -> Summary:
    """Import a whole export (``items`` may wrap document.items in a progress bar).

    Commits every ``batch_size`` items, so memory stays flat however long the file; an import
    cut short keeps the batches done, and running it again adds only the rest.
    """
    importer = Importer(document)
    importer.import_topics()
    for count, item in enumerate(document.items if items is None else items, 1):
        importer.import_item(item)
        if count % batch_size == 0:
            importer.end_batch()
            db.session.commit()
            # An article and its comments refer to each other; only the cycle collector
            # frees them, and waiting for it would let a long file's batches pile up.
            gc.collect()
    summary = importer.finish()
    db.session.commit()
    return summary
