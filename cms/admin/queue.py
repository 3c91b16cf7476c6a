"""The moderation queue: filters, counts and paging (the actions on it are in actions.py)."""

import html
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from flask import abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..care import needs_care
from ..comments import moderation
from ..comments.forms import BulkForm
from ..comments.visible import is_visible
from ..extensions import db
from ..html.text import links_as_text
from ..http.bounds import whole_number
from ..models import Article, Comment, CommentStatus, Permission
from ..privacy.crypto import email_digest
from . import bp

# The most of a stored comment's HTML one queue row reads and shows, in characters: any
# comment the form takes, however much of it is markup; the rest is on its edit page.
ROW_CHARS = 80_000


def queue_body(comment: Comment) -> Markup:
    """Show a comment's HTML in its queue row, with work bounded whatever is stored."""
    html = comment.content_html
    if is_visible(comment) and len(html) <= ROW_CHARS:
        # Already public, and stored by the sanitizer: shown as readers see it, unparsed.
        return Markup(html)
    # Links as text so nobody follows one unread; one linear pass over at most ROW_CHARS.
    return Markup(links_as_text(html, limit=ROW_CHARS))


def cut_in_queue(comment: Comment) -> bool:
    """Say whether the queue row shows only the start of this comment."""
    return len(comment.content_html) > ROW_CHARS


# The status tabs count exactly up to this many comments, then show "10,000+".
COUNT_LIMIT = 10_000

# Where a queue page starts or ends: a comment's (created_at, id), the order the queue uses.
Key = tuple[datetime, int]


def _key_text(place: Key) -> str:
    """Write a place in the queue for a paging link: "2024-06-01T12:00:00.000000_17"."""
    return f"{place[0].isoformat(timespec='microseconds')}_{place[1]}"


def _key(value: str) -> Key | None:
    """Read a place in the queue from the query string; anything else counts as absent."""
    stamp, _, number = value.partition("_")
    try:
        created_at = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    comment_id = whole_number(number)
    if comment_id is None or created_at.tzinfo is not None:
        return None
    return created_at, comment_id


@dataclass(frozen=True)
class QueueView:
    """What an editor is looking at: a status tab, maybe one article, a search, a page."""

    status: CommentStatus = CommentStatus.PENDING
    article: int | None = None
    q: str = ""
    # Keyset paging: show the comments just older than ``before``, or just newer than
    # ``after``; neither is the first page. Unlike an offset, a key still points at the same
    # place when new comments arrive between clicks, and the database finds it by index.
    before: Key | None = None
    after: Key | None = None
    # Only the comments the care rules flagged (the "Needs care" tab).
    care: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "QueueView":
        """Read the view from a query string; an unknown status is a page that does not exist."""
        try:
            status = CommentStatus(args.get("status") or CommentStatus.PENDING.value)
        except ValueError:
            abort(404)
        return cls(
            status=status,
            article=whole_number(args.get("article", "")),
            # NUL, which PostgreSQL cannot compare, is no part of any search.
            q=args.get("q", "").replace("\x00", "").strip()[:200],
            before=_key(args.get("before", "")),
            after=_key(args.get("after", "")),
            care=args.get("care") == "1",
        )

    def args(self, **changes: object) -> dict[str, object]:
        """Return the query string for this view (or a changed copy), leaving out defaults."""
        view = replace(self, **changes)
        args = {"status": view.status.value, "article": view.article, "q": view.q}
        args["care"] = "1" if view.care else None
        for name in ("before", "after"):
            if place := getattr(view, name):
                args[name] = _key_text(place)
        return {key: value for key, value in args.items() if value}

    def criteria(self) -> list[ColumnElement[bool]]:
        """Return the article and search conditions, which the counts per status share."""
        where = []
        if self.article:
            where.append(Comment.article_id == self.article)
        if self.q:
            # Text is stored as sanitized HTML, where & < > are entities: look for both forms.
            texts = {self.q, html.escape(self.q, quote=False)}
            columns = (Comment.author_name, Comment.author_url, Comment.author_ip)
            matches = [column.icontains(self.q, autoescape=True) for column in columns]
            # Addresses are encrypted: an email is found whole (any case), by its keyed hash.
            matches.append(Comment.author_email_hash == email_digest(self.q))
            matches += [Comment.content_html.icontains(t, autoescape=True) for t in texts]
            where.append(or_(*matches))
        if self.care:
            where.append(needs_care.FLAGGED)
        return where

    def listed(self) -> list[ColumnElement[bool]]:
        """Return the conditions of the listed rows: on the pending tab, the flagged ones are
        shown first, in a table of their own, and not again below."""
        if self.status == CommentStatus.PENDING and not self.care:
            return [*self.criteria(), Comment.care_reason == ""]
        return self.criteria()


def needing_care(view: QueueView) -> list[Comment]:
    """Return the flagged comments the pending tab's first page shows before the rest."""
    if view.status != CommentStatus.PENDING or view.care or view.before or view.after:
        return []
    return needs_care.waiting_first(view.criteria())


def queue_url(view: QueueView) -> str:
    return url_for("admin.comments", **view.args())


def back_to_queue() -> Response:
    """Return to the queue as the editor left it: the filters travel in the query string."""
    return redirect(queue_url(QueueView.from_args(request.args)))


def counts_for(view: QueueView) -> dict[CommentStatus, int]:
    """Count comments in each status under the view's filters, stopping past COUNT_LIMIT."""
    # Not moderation.status_counts: counting every row costs a site with 100,000 approved
    # comments more than the rest of the page. Each count walks the (status, created_at)
    # index and stops one past the limit, so the tabs cost the same at any size.
    capped = [
        select(func.count())
        .select_from(
            select(Comment.id)
            .where(Comment.status == status, *view.criteria())
            .limit(COUNT_LIMIT + 1)
            .subquery()
        )
        .scalar_subquery()
        for status in CommentStatus
    ]
    return dict(zip(CommentStatus, db.session.execute(select(*capped)).one(), strict=True))


def count_text(count: int) -> str:
    """Show a tab's count, or that there are more than COUNT_LIMIT."""
    return f"{COUNT_LIMIT:,}+" if count > COUNT_LIMIT else f"{count:,}"


@dataclass(frozen=True)
class QueuePage:
    """The comments on one queue page, newest first, and where the pages beside it start."""

    comments: list[Comment]
    # The keys the "Newer" and "Older" links carry, or None where there is no such page.
    newer: Key | None
    older: Key | None


def _place(comment: Comment) -> Key:
    return comment.created_at, comment.id


def _beyond(place: Key, older: bool) -> list[ColumnElement[bool]]:
    """Select the comments older (or newer) than ``place`` in the queue's order."""
    created_at, comment_id = place
    if older:
        # The first condition is a range on the (status, created_at) index; the second only
        # breaks ties between comments posted in the same microsecond.
        return [
            Comment.created_at <= created_at,
            or_(Comment.created_at < created_at, Comment.id < comment_id),
        ]
    return [
        Comment.created_at >= created_at,
        or_(Comment.created_at > created_at, Comment.id > comment_id),
    ]


def _rows(
    view: QueueView, size: int, newest_first: bool, *where: ColumnElement[bool]
) -> list[Comment]:
    """Fetch one more row than a page holds, which says whether another page follows."""
    order = (Comment.created_at, Comment.id)
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.status == view.status, *view.listed(), *where)
            .options(joinedload(Comment.article))
            .order_by(*(column.desc() if newest_first else column for column in order))
            .limit(size + 1)
        )
    )


def _first(view: QueueView, size: int) -> QueuePage:
    rows = _rows(view, size, True)
    shown = rows[:size]
    return QueuePage(shown, None, _place(shown[-1]) if len(rows) > size else None)


def _oldest(view: QueueView, size: int) -> QueuePage:
    rows = _rows(view, size, False)
    shown = rows[:size][::-1]
    return QueuePage(shown, _place(shown[0]) if len(rows) > size else None, None)


def _older(view: QueueView, size: int, place: Key) -> QueuePage | None:
    rows = _rows(view, size, True, *_beyond(place, older=True))
    if not rows:
        return None
    shown = rows[:size]
    return QueuePage(shown, _place(shown[0]), _place(shown[-1]) if len(rows) > size else None)


def _newer(view: QueueView, size: int, place: Key) -> QueuePage | None:
    rows = _rows(view, size, False, *_beyond(place, older=False))
    if len(rows) < size:
        return None
    shown = rows[:size][::-1]
    return QueuePage(shown, _place(shown[0]) if len(rows) > size else None, _place(shown[-1]))


def page_of(view: QueueView, size: int) -> QueuePage:
    """Return the queue page the view points at, found by key: no page costs more than the first."""
    if view.after:
        # Fewer newer comments than a page holds: that is the start of the queue, shown full.
        return _newer(view, size, view.after) or _first(view, size)
    if view.before:
        # The older comments have all moved away (approved, say): show the oldest page left.
        return _older(view, size, view.before) or _oldest(view, size)
    return _first(view, size)


@bp.get("/comments")
@permission_required(Permission.COMMENTS)
def comments() -> str:
    view = QueueView.from_args(request.args)
    size = current_app.config["QUEUE_PAGE_SIZE"]
    listed = page_of(view, size)
    return render_template(
        "admin/comments.html",
        comments=listed.comments,
        paging=listed,
        view=view,
        counts=counts_for(replace(view, care=False)),
        needing_care=needing_care(view),
        care_count=needs_care.waiting_count(COUNT_LIMIT),
        count_text=count_text,
        articles=db.session.execute(
            select(Article.id, Article.title).order_by(Article.title)
        ).all(),
        bulk_form=BulkForm(),
        moderation=moderation,  # the table of moves that each row's buttons come from
        pending=CommentStatus.PENDING,
    )
