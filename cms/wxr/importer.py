"""Bring a WordPress export into the site: topics, posts and pages, then their comments.

Keyed by WordPress ids (articles, comments) and slugs (topics), so running it again adds only
what is new. The comments and the links of replies to their parents live in import_comments,
the account of what a run did in import_summary.
"""

import gc
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import or_, select

from ..articles.slugs import slugify
from ..extensions import db
from ..html.sanitize import render_article
from ..http.bounds import whole_number
from ..models import Article, ArticleKind, ArticleStatus, Category, SourceFormat, Tag, utcnow
from .import_comments import CommentImport
from .import_slugs import ImportSlugs
from .import_summary import Summary
from .reader import Document, Item, Term
from .sites import is_file_key

KINDS = {"post": ArticleKind.POST, "page": ArticleKind.PAGE}
# A future post is published with its date still to come: scheduled, public by itself then.
ARTICLE_STATUSES = {
    "publish": ArticleStatus.PUBLISHED,
    "future": ArticleStatus.PUBLISHED,
    "draft": ArticleStatus.DRAFT,
    "pending": ArticleStatus.DRAFT,
    "private": ArticleStatus.PRIVATE,
}
# What WordPress saves while an editor opens "Add New": never written, never shown.
NEVER_WRITTEN = "auto-draft"
# Where our own export keeps an article's Markdown (content:encoded holds its HTML).
MARKDOWN_META = "_recovery_notes_markdown"
# Where our own export names the site and WordPress id an article first came with, when
# they are not this export's: a move between sites of ours keeps WordPress's keys.
SOURCE_SITE_META, SOURCE_ID_META = "_recovery_notes_source_site", "_recovery_notes_wp_id"
# Column lengths, so a long WordPress value is cut rather than refused by the database.
TITLE_LENGTH, NAME_LENGTH, PASSWORD_LENGTH, SITE_LENGTH = 300, 245, 255, 200
# Items stored per transaction.
BATCH_SIZE = 500


class Importer:
    """One run over one export; call import_topics, then import_item for each item, then
    finish, then commit."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.summary = Summary()
        self.slugs = ImportSlugs()
        # Pages under a parent page, by the parent's WordPress id: linked at the end.
        self.children: list[tuple[Article, int]] = []
        # The key (WordPress id, site) of items whose number in the file is not their key.
        self.numbers: dict[int, tuple[int, str]] = {}
        self.categories = {c.slug: c for c in db.session.scalars(select(Category))}
        self.tags = {t.slug: t for t in db.session.scalars(select(Tag))}
        self.comments = CommentImport(self.summary)
        if is_file_key(document.site):
            self.summary.keyed_by_file = Path(str(document.source)).name

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
        if item.status == NEVER_WRITTEN:
            self._skip(item, "auto-draft (a blank WordPress made, never written)")
            return
        if status is None:
            self._skip(item, f"{item.post_type} with status {item.status!r}")
            return
        noun = f"{kind.value}s"
        article = self._existing(item)
        if article is None:
            article = self._article(item, kind, status)
            self.summary.imported[noun] += 1
        else:
            self.summary.existing[noun] += 1
        self.comments.add(article, item.comments)

    def key(self, item: Item) -> tuple[int, str]:
        """Return the item's WordPress id and site: the export's, or where our own export
        says the article first came from."""
        # Written by our export as it was stored: already a key (a file's one has no host).
        site = item.meta.get(SOURCE_SITE_META, "").strip()[:SITE_LENGTH] or self.document.site
        wp_id = whole_number(item.meta.get(SOURCE_ID_META, "").strip()) or item.wp_id
        if (wp_id, site) != (item.wp_id, self.document.site):
            self.numbers[item.wp_id] = wp_id, site
        return wp_id, site

    def _existing(self, item: Item) -> Article | None:
        """Return the article this item already is here, if any.

        Keyed by its site and WordPress id; else the same slug and title in an article with
        no WordPress id (the launch articles, or one first written on another site of ours)
        or with no site (imported before sites were recorded).
        """
        wp_id, site = self.key(item)
        keyed = Article.wp_id == wp_id, Article.source_site == site
        if article := db.session.scalar(select(Article).where(*keyed)):
            return article
        title = item.title[:TITLE_LENGTH]
        unkeyed = or_(
            Article.wp_id.is_(None) & (Article.slug == self.slugs.wanted(item)),
            (Article.wp_id == wp_id) & (Article.source_site == ""),
        )
        article = db.session.scalar(select(Article).where(unkeyed, Article.title == title).limit(1))
        if article is not None:
            article.wp_id, article.source_site = wp_id, site
        return article

    def _skip(self, item: Item, reason: str) -> None:
        self.summary.skipped[reason] += 1
        if item.comments:
            self.summary.skipped[f"comment on a skipped {item.post_type or 'item'}"] += len(
                item.comments
            )

    def _article(self, item: Item, kind: ArticleKind, status: ArticleStatus) -> Article:
        if item.password:
            # No password form here: kept from readers, and its password kept for the export.
            status = ArticleStatus.PRIVATE
            self.summary.protected[f"{kind.value}s"] += 1
        markdown = item.meta.get(MARKDOWN_META)
        source_format = SourceFormat.HTML if markdown is None else SourceFormat.MARKDOWN
        source = item.content if markdown is None else markdown
        wp_id, site = self.key(item)
        article = Article(
            wp_id=wp_id,
            source_site=site,
            kind=kind,
            status=status,
            title=item.title[:TITLE_LENGTH],
            author_name=self.document.authors.get(item.creator, item.creator)[:NAME_LENGTH],
            excerpt=item.excerpt,
            source_format=source_format,
            body_markdown=source,
            body_html=render_article(source, source_format),
            post_password=item.password[:PASSWORD_LENGTH],
            sticky=item.sticky,
            published_at=item.date or utcnow(),
            comments_open=item.comments_open,
        )
        self.slugs.give(item, article, public=status == ArticleStatus.PUBLISHED)
        self.summary.renamed += bool(article.wp_slug) and status == ArticleStatus.PUBLISHED
        if item.parent and kind == ArticleKind.PAGE:
            self.children.append((article, item.parent))
        article.categories = _unique(
            self._topic(Category, self.categories, t, "categories") for t in item.categories
        )
        article.tags = _unique(self._topic(Tag, self.tags, t, "tags") for t in item.tags)
        db.session.add(article)
        return article

    def end_batch(self) -> None:
        """Store this batch and file its comments, linked to their parents; then let it go."""
        self.comments.end_batch()
        self.slugs.keep_old_addresses()

    def finish(self) -> Summary:
        """Link replies and pages whose parent came in a later batch; say what the run did."""
        self.end_batch()
        self.comments.finish()
        self._link_pages()
        return self.summary

    def _link_pages(self) -> None:
        # A page names its parent by the parent's number in the file.
        keys = {n: self.numbers.get(n, (n, self.document.site)) for _, n in self.children}
        query = select(Article.wp_id, Article.source_site, Article.id).where(
            Article.wp_id.in_({wp_id for wp_id, _ in keys.values()}),
            Article.source_site.in_({site for _, site in keys.values()}),
        )
        ids = {(w, s): i for w, s, i in db.session.execute(query)} if keys else {}
        for page, parent in self.children:
            found = ids.get(keys[parent])
            if found not in (None, page.id):
                page.parent_id = found
        self.children = []


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
