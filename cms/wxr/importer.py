"""Bring a WordPress export into the site: topics, posts, pages and their comments.

Keyed by WordPress ids (articles, comments) and slugs (topics), so running it again adds only
what is new. Comments go in as they were moderated there: no spam rules run and no mail is
sent, and their HTML is cleaned like any visitor's.
"""

import gc
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, update

from ..articles.saving import RESERVED_SLUGS
from ..articles.slugs import MAX_LENGTH, slugify
from ..comments import moderation
from ..comments.authors import is_web_address
from ..extensions import db
from ..html.sanitize import clean_comment, render_article
from ..models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Category,
    Comment,
    CommentStatus,
    Tag,
    utcnow,
)
from .cycles import cycle_breakers
from .reader import Document, Item, Term, WxrComment

IMPORT_DETAIL = "WordPress import"
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
COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}
# Pingbacks and trackbacks are comments in WordPress, listed in the thread; the export's
# comment count includes them, so they come over as comments.
COMMENT_TYPES = frozenset({"", "comment", "pingback", "trackback"})
# Column lengths, so a long WordPress value is cut rather than refused by the database.
TITLE_LENGTH, NAME_LENGTH, EMAIL_LENGTH, URL_LENGTH, IP_LENGTH = 300, 245, 100, 200, 45
CONTENT_TYPES = ("posts", "pages", "comments", "categories", "tags")
# Items stored per transaction, and replies linked per query at the end.
BATCH_SIZE = 500
LINK_CHUNK = 500


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun if n != 1 else noun.rstrip('s')}"


@dataclass
class Summary:
    """What one import added, found already there, and skipped (by reason)."""

    imported: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    # Replies whose parents went round in a circle, now each the start of a thread.
    rerooted: int = 0

    def lines(self) -> list[str]:
        """Say what happened, in a few lines for the command's output."""
        counts = ", ".join(_plural(self.imported[k], k) for k in CONTENT_TYPES)
        lines = [f"Imported {counts}."]
        if not sum(self.imported.values()):
            lines = ["Nothing new to import: everything in this file is already here."]
        if extra := [
            _plural(self.imported[f"undefined {k}"], k)
            for k in ("categories", "tags")
            if self.imported[f"undefined {k}"]
        ]:
            lines.append(f"Also added {' and '.join(extra)} that posts use but the file omits.")
        if self.existing:
            already = ", ".join(_plural(self.existing[k], k) for k in CONTENT_TYPES)
            lines.append(f"Already here: {already}.")
        if self.skipped:
            reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            lines.append(f"Skipped {sum(self.skipped.values())}: {reasons}.")
        if self.rerooted:
            lines.append(
                f"Re-rooted {_plural(self.rerooted, 'comments')} whose parents went round in a "
                "circle in the file: each now starts a thread of its own."
            )
        return lines


class Importer:
    """One run over one export; call import_topics, then import_item for each item, then
    finish, then commit."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.summary = Summary()
        self.taken_slugs = set(db.session.scalars(select(Article.slug)))
        self.categories = {c.slug: c for c in db.session.scalars(select(Category))}
        self.tags = {t.slug: t for t in db.session.scalars(select(Tag))}
        # This batch's new comments with the WordPress id of the comment they answer.
        self.replies: list[tuple[Comment, int]] = []
        # Ids only (no rows held): replies whose parent was not stored yet, for the end.
        self.unlinked: list[tuple[int, int]] = []
        # Every reply this run linked, by id, to its parent's: checked for cycles at the end.
        # Only this run's comments can form one (older ones never point at a new id).
        self.links: dict[int, int] = {}

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
        known = set()
        if wp_ids := [entry.wp_id for entry in item.comments if entry.wp_id]:
            query = select(Comment.wp_id).where(Comment.wp_id.in_(wp_ids))
            known = set(db.session.scalars(query))
        for entry in item.comments:
            self._comment(article, entry, known)

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

    def _comment(self, article: Article, entry: WxrComment, known: set[int]) -> None:
        if entry.type not in COMMENT_TYPES:
            self.summary.skipped[f"comment of type {entry.type!r}"] += 1
            return
        if entry.wp_id in known:
            self.summary.existing["comments"] += 1
            return
        comment = Comment(
            article=article,
            wp_id=entry.wp_id or None,
            author_name=entry.author[:NAME_LENGTH],
            author_email=entry.email[:EMAIL_LENGTH],
            # The form's own http(s) rule: a javascript: or data: website is not kept.
            author_url=entry.url[:URL_LENGTH] if is_web_address(entry.url[:URL_LENGTH]) else "",
            author_ip=entry.ip[:IP_LENGTH],
            content_html=clean_comment(entry.content),
            # An unknown WordPress status stays hidden until someone looks at it.
            status=COMMENT_STATUSES.get(entry.approved, CommentStatus.PENDING),
            created_at=entry.date or utcnow(),
        )
        db.session.add(comment)
        known.add(entry.wp_id)
        self.summary.imported["comments"] += 1
        self.replies.append((comment, entry.parent))

    def end_batch(self) -> None:
        """Store this batch, link its replies and record its comments; then let it go."""
        db.session.flush()
        wanted = {parent for _, parent in self.replies if parent}
        query = select(Comment.wp_id, Comment.id).where(Comment.wp_id.in_(wanted))
        ids = {wp_id: id_ for wp_id, id_ in db.session.execute(query)} if wanted else {}
        for comment, parent in self.replies:
            comment.parent_id = ids.get(parent)
            if comment.parent_id is not None:
                self.links[comment.id] = comment.parent_id
            if parent and comment.parent_id is None:
                self.unlinked.append((comment.id, parent))
            moderation.record(comment.id, "import", "", comment.status.value, None, IMPORT_DETAIL)
        self.replies = []

    def finish(self) -> Summary:
        """Link the replies whose parent came in a later batch; no commit."""
        self.end_batch()
        for start in range(0, len(self.unlinked), LINK_CHUNK):
            chunk = {parent for _, parent in self.unlinked[start : start + LINK_CHUNK]}
            query = select(Comment.wp_id, Comment.id).where(Comment.wp_id.in_(chunk))
            ids = {wp_id: id_ for wp_id, id_ in db.session.execute(query)}
            for comment_id, parent in self.unlinked[start : start + LINK_CHUNK]:
                # A reply to a comment not in the file (skipped, or deleted there) stands alone.
                if parent in ids:
                    db.session.get_one(Comment, comment_id).parent_id = ids[parent]
                    self.links[comment_id] = ids[parent]
        self._break_cycles()
        return self.summary

    def _break_cycles(self) -> None:
        """Make one comment of each cycle of parents start a thread of its own; no commit."""
        rerooted = cycle_breakers(self.links)
        for start in range(0, len(rerooted), LINK_CHUNK):
            chunk = rerooted[start : start + LINK_CHUNK]
            db.session.execute(update(Comment).where(Comment.id.in_(chunk)).values(parent_id=None))
        self.summary.rerooted = len(rerooted)
        self.links = {}


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
