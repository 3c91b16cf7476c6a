"""An article's comment pages: the one place that says what a reader may see, and where.

Pages count approved threads (a top-level comment with its replies), oldest first: page 1
holds the oldest threads whatever order a page is shown in, so a comment keeps its address.
With threading off every comment is its own thread, shown flat.

A reply is shown under its parent only when it is newer than that parent (by time, then
id). Every reply a person posts is; but an import, or a row changed by hand, can store a
comment that is its own parent, or two that answer each other. Following only edges that go
back in time, every walk up or down a thread ends, and the comment whose edge closes a
cycle heads a thread of its own (shown at the top level), with no recursive query needed.
"""

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from math import ceil
from typing import Any

from flask import url_for
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Bundle, aliased

from ..extensions import db
from ..models import Article, Comment, CommentStatus
from . import discussion
from .visible import is_visible, visible_clause

PENDING = CommentStatus.PENDING
# What laying out a page reads of each comment, and nothing it shows (no words to load, no
# address to decrypt): a copy of a page spliced from the shared one renders only the threads
# holding the visitor's own comments, and loads those whole (cms/articles/pages.py).
PLACE = Bundle("place", Comment.id, Comment.parent_id, Comment.created_at, Comment.status)


@dataclass(frozen=True)
class Paging:
    """How an article's comments fall into pages for the current settings."""

    article: Article
    threaded: bool
    # Threads per page, or None when paging is off and one page holds them all.
    per_page: int | None
    pages: int
    # The page the article's own address shows.
    default: int
    # Every approved comment of the article, for the "N responses" heading.
    approved: int

    def url(self, number: int, **params: Any) -> str:
        """Return the address of comment page ``number``; the default page is the article's."""
        if number == self.default:
            return url_for("public.article", slug=self.article.slug, **params)
        return url_for("public.comment_page", slug=self.article.slug, page=number, **params)


# Made once: building an alias costs more than the query it serves (it runs on every post).
_PARENT = aliased(Comment, name="parent")


def answers(reply: Any, parent: Any) -> ColumnElement[bool]:
    """Say whether ``reply`` is shown under ``parent``: it names it and is the newer one."""
    newer = or_(
        reply.created_at > parent.created_at,
        and_(reply.created_at == parent.created_at, reply.id > parent.id),
    )
    return and_(parent.id == reply.parent_id, visible_clause(parent), newer)


def heads_thread(threaded: bool) -> ColumnElement[bool]:
    """Say whether a comment starts a thread: it answers nothing the public can see."""
    if not threaded:
        return literal(True)
    return ~exists().where(answers(Comment, _PARENT))


# Built once per shape of query (threading on or off, what is selected), the article and the
# ids bound at each run: an article page or a post ran them as new statements, and building
# (and compiling) them cost more than running them.
_ARTICLE = bindparam("article")
_HEADS = bindparam("heads", expanding=True)
_OWN = bindparam("own", expanding=True)


@cache
def approved_threads(threaded: bool, shape: Any = Comment) -> Select:
    """Select the approved thread heads of the article bound as ``article``, oldest first,
    as ``shape`` (the comments or their PLACE)."""
    return (
        select(shape)
        .where(Comment.article_id == _ARTICLE, visible_clause())
        .where(heads_thread(threaded))
        .order_by(Comment.created_at, Comment.id)
    )


@cache
def _counts(threaded: bool) -> Select:
    """Select how many approved comments, and threads, the article bound as ``article`` has."""
    return select(func.count(), func.count(case((heads_thread(threaded), 1)))).where(
        Comment.article_id == _ARTICLE, visible_clause()
    )


def paging_for(article: Article) -> Paging:
    """Count the article's approved comments and threads, and lay out its pages."""
    rules = discussion.load()
    threaded = rules.threading
    approved, threads = db.session.execute(_counts(threaded), {"article": article.id}).one()
    per_page = max(rules.per_page, 1) if rules.paginate else None
    pages = max(ceil(threads / per_page), 1) if per_page else 1
    default = pages if rules.default_page == "newest" else 1
    return Paging(article, threaded, per_page, pages, default, approved)


def _window(paging: Paging, number: int, shape: Any) -> tuple[Any, list[Any], Any]:
    """Return the thread heads of a page, with the last of the page before and first after."""
    query, article = approved_threads(paging.threaded, shape), {"article": paging.article.id}
    if paging.per_page is None:
        return None, list(db.session.scalars(query, article)), None
    start = (number - 1) * paging.per_page
    query = query.offset(max(start - 1, 0)).limit(paging.per_page + (2 if start else 1))
    rows = list(db.session.scalars(query, article))
    before = rows.pop(0) if start and rows else None
    heads, after = rows[: paging.per_page], rows[paging.per_page :]
    return before, heads, after[0] if after else None


@cache
def _replies_and_own_query(threaded: bool, heads: bool, own: bool, shape: Any) -> Select | None:
    """Build the query of _replies_and_own, for pages with or without heads and own comments."""
    tree = select(Comment.id).where(Comment.id.in_(_HEADS)).cte("tree", recursive=True)
    child = aliased(Comment)
    parent = aliased(Comment)
    tree = tree.union_all(
        select(child.id).where(
            parent.id == tree.c.id, visible_clause(child), answers(child, parent)
        )
    )
    wanted: list[ColumnElement[bool]] = []
    if threaded and heads:
        wanted.append(and_(Comment.id.in_(select(tree.c.id)), Comment.id.not_in(_HEADS)))
    if own:
        # Pending comments only ever show to the session that posted them.
        wanted.append(
            and_(Comment.id.in_(_OWN), Comment.status == PENDING, Comment.article_id == _ARTICLE)
        )
    if not wanted:
        return None
    return select(shape, heads_thread(threaded)).where(or_(*wanted))


def _replies_and_own(
    paging: Paging, heads: list[Any], own: list[int], shape: Any
) -> list[tuple[Any, bool]]:
    """Load the approved replies under ``heads`` and the reader's own pending comments.

    Each comes with whether it heads a thread of its own.
    """
    head_ids = [c.id for c in heads]
    query = _replies_and_own_query(paging.threaded, bool(head_ids), bool(own), shape)
    if query is None:
        return []
    # Only the values the query binds (as _replies_and_own_query put it together).
    values: dict[str, Any] = {"heads": head_ids} if paging.threaded and head_ids else {}
    if own:
        values.update(own=own, article=paging.article.id)
    return [(comment, bool(head)) for comment, head in db.session.execute(query, values)]


def _key(comment: Any) -> tuple[Any, int]:
    return (comment.created_at, comment.id)


def page_comments(paging: Paging, number: int, own: list[int], shape: Any = Comment) -> list[Any]:
    """Return everything shown on comment page ``number``, oldest first, as ``shape`` (the
    comments, or only their PLACE).

    The reader's own pending comment shows where it will stand once approved: under its
    parent, or among the threads of the page its date falls in (the last page at most).
    """
    before, heads, after = _window(paging, number, shape)

    def dated_here(comment: Any) -> bool:
        return (before is None or _key(comment) > _key(before)) and (
            after is None or _key(comment) < _key(after)
        )

    extra = _replies_and_own(paging, heads, own, shape)
    shown = {c.id for c in heads} | {c.id for c, _ in extra if is_visible(c)}
    # A reply goes where its parent is; a thread head where its date falls.
    kept = [c for c, head in extra if (dated_here(c) if head else c.parent_id in shown)]
    return sorted(heads + kept, key=_key)


def whole(ids: Collection[int]) -> list[Comment]:
    """Return these comments loaded whole, to be shown, oldest first."""
    if not ids:
        return []
    query = select(Comment).where(Comment.id.in_(ids)).order_by(Comment.created_at, Comment.id)
    return list(db.session.scalars(query))


def _thread_head(comment: Comment, threaded: bool) -> tuple[Any, int]:
    """Return the (created_at, id) of the thread head a comment is shown under."""
    if not threaded or comment.parent_id is None:
        return _key(comment)
    # Each step goes strictly back in time (answers), so the walk ends even on a cycle.
    me, first = aliased(Comment), aliased(Comment)
    up = (
        select(first.id, first.parent_id, first.created_at, literal(1).label("level"))
        .where(me.id == comment.id, answers(me, first))
        .cte("up", recursive=True)
    )
    parent, child = aliased(Comment), aliased(Comment)
    up = up.union_all(
        select(parent.id, parent.parent_id, parent.created_at, up.c.level + 1).where(
            child.id == up.c.id, answers(child, parent)
        )
    )
    top = db.session.execute(
        select(up.c.created_at, up.c.id).order_by(up.c.level.desc()).limit(1)
    ).first()
    return (top.created_at, top.id) if top else _key(comment)


def page_of(paging: Paging, comment: Comment) -> int:
    """Return the number of the page a comment is shown on (or will be, once approved)."""
    if paging.per_page is None:
        return 1
    created_at, head_id = _thread_head(comment, paging.threaded)
    older = select(func.count()).where(
        Comment.article_id == paging.article.id,
        visible_clause(),
        heads_thread(paging.threaded),
        or_(
            Comment.created_at < created_at,
            and_(Comment.created_at == created_at, Comment.id < head_id),
        ),
    )
    return min(db.session.scalar(older) // paging.per_page + 1, paging.pages)


def comment_url(comment: Comment) -> str:
    """Return the address of a comment: the page that shows it, and its anchor."""
    anchor = f"comment-{comment.id}"
    if not discussion.load().paginate:
        # One page holds every comment: no need to count them to know which.
        return url_for("public.article", slug=comment.article.slug, _anchor=anchor)
    layout = paging_for(comment.article)
    return layout.url(page_of(layout, comment), _anchor=anchor)
