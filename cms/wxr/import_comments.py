"""Bring an export's comments in: as WordPress moderated them, each under its parent.

No spam rules run and no mail is sent; the HTML is cleaned like any visitor's. A reply names
its parent by WordPress id, and the parent may come in a later batch or not at all: replies
are linked at the end of each batch, the rest at the end of the run, and a cycle of parents
in the file is broken so that every thread has a head.
"""

import hashlib
from datetime import datetime
from html import unescape

from sqlalchemy import select, update

from ..comments import filing
from ..comments.authors import is_web_address
from ..extensions import db
from ..html.sanitize import clean_comment
from ..http.bounds import whole_number
from ..models import Article, Comment, CommentStatus, utcnow
from .cycles import cycle_breakers
from .import_summary import Summary
from .reader import WxrComment

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
NAME_LENGTH, EMAIL_LENGTH, URL_LENGTH, IP_LENGTH = 245, 100, 200, 45
# Where our own export keeps what a comment was keyed by here, when its number in the file
# is not that: an import key (Disqus posts, comments that had no id), or its WordPress id.
KEY_META, ID_META = "_recovery_notes_import_key", "_recovery_notes_wp_id"
KEY_LENGTH = 64
# Replies linked per query at the end.
LINK_CHUNK = 500


class CommentImport:
    """The comments of one run: added item by item, filed and linked batch by batch."""

    def __init__(self, summary: Summary, arrival: filing.Arrival = filing.IMPORTED) -> None:
        self.summary = summary
        # How the record says these comments came: from WordPress, or from Disqus.
        self.arrival = arrival
        # This batch's new comments with the key of the comment they answer: a WordPress id
        # (an int) or an import key (a str, as Disqus posts and id-less comments have).
        self.replies: list[tuple[Comment, int | str]] = []
        # Ids only (no rows held): replies whose parent was not stored yet, for the end, as
        # (comment, its article, the parent's WordPress id).
        self.unlinked: list[tuple[int, int, int | str]] = []
        # Every reply this run linked, by id, to its parent's: checked for cycles at the end.
        # Only this run's comments can form one (older ones never point at a new id).
        self.links: dict[int, int] = {}

    def add(self, article: Article, entries: list[WxrComment]) -> None:
        """Add an item's comments, but those of other types and those already here.

        WordPress ids are one site's, so comments are keyed within their article: by id, or
        where a converter left the id out, by author, date and text. A comment written on
        this site has neither: coming back in its own export, it is known, as WordPress's
        importer knows one, by its author and second. Our own export renumbers comments so
        that no two share an id, and says in a comment meta what each was keyed by; that key
        is used, so a move between sites of ours and back adds nothing.
        """
        known: set = set()
        if article.id is not None:
            query = select(
                Comment.wp_id, Comment.import_key, Comment.author_name, Comment.created_at
            ).where(Comment.article_id == article.id)
            for wp_id, key, author, created in db.session.execute(query):
                known |= {wp_id, key} - {None} if wp_id or key else {(author, created)}
        # A reply names its parent by the file's number; that is the parent's key here.
        numbers = {entry.wp_id: comment_key(entry) for entry in entries if entry.wp_id}
        for entry in entries:
            self._comment(article, entry, known, numbers)

    def _comment(self, article: Article, entry: WxrComment, known: set, numbers: dict) -> None:
        if entry.type not in COMMENT_TYPES:
            self.summary.skipped[f"comment of type {entry.type!r}"] += 1
            return
        key = comment_key(entry)
        # Pingbacks name the linking page's title, entities and all ("&raquo; Blog").
        author = unescape(entry.author)[:NAME_LENGTH]
        if key in known or (entry.date and (author, entry.date) in known):
            self.summary.existing["comments"] += 1
            return
        comment = imported_comment(
            article,
            author=author,
            email=entry.email,
            url=entry.url,
            ip=entry.ip,
            html=entry.content,
            # An unknown WordPress status stays hidden until someone looks at it.
            status=COMMENT_STATUSES.get(entry.approved, CommentStatus.PENDING),
            created=entry.date,
        )
        comment.wp_id = key if isinstance(key, int) else None
        comment.import_key = key if isinstance(key, str) else None
        comment.comment_type = "" if entry.type == "comment" else entry.type
        known.add(key)
        self.keep(comment, numbers.get(entry.parent, entry.parent))

    def keep(self, comment: Comment, parent: int | str) -> None:
        """Add a new comment, to be filed with its batch and linked under ``parent``."""
        db.session.add(comment)
        self.summary.imported["comments"] += 1
        self.replies.append((comment, parent))

    def end_batch(self) -> None:
        """File this batch's comments and link its replies; then let them go."""
        # Filed together: the whole batch costs one flush and its audit rows one insert.
        filing.file_new([comment for comment, _ in self.replies], self.arrival)
        wanted = {(c.article_id, parent) for c, parent in self.replies if parent}
        ids = _comment_ids(wanted)
        for comment, parent in self.replies:
            comment.parent_id = ids.get((comment.article_id, parent))
            if comment.parent_id is not None:
                self.links[comment.id] = comment.parent_id
            if parent and comment.parent_id is None:
                self.unlinked.append((comment.id, comment.article_id, parent))
        self.replies = []

    def finish(self) -> None:
        """Link the replies whose parent came in a later batch, then break cycles; no commit."""
        self.end_batch()
        for start in range(0, len(self.unlinked), LINK_CHUNK):
            chunk = self.unlinked[start : start + LINK_CHUNK]
            ids = _comment_ids({(a, parent) for _, a, parent in chunk})
            for comment_id, article, parent in chunk:
                # A reply to a comment not in the file (skipped, or deleted there) stands alone.
                if (article, parent) in ids:
                    db.session.get_one(Comment, comment_id).parent_id = ids[article, parent]
                    self.links[comment_id] = ids[article, parent]
        self._break_cycles()

    def _break_cycles(self) -> None:
        """Make one comment of each cycle of parents start a thread of its own; no commit."""
        rerooted = cycle_breakers(self.links)
        for start in range(0, len(rerooted), LINK_CHUNK):
            chunk = rerooted[start : start + LINK_CHUNK]
            db.session.execute(update(Comment).where(Comment.id.in_(chunk)).values(parent_id=None))
        self.summary.rerooted = len(rerooted)
        self.links = {}


def imported_comment(
    article: Article,
    *,
    author: str,
    email: str,
    url: str,
    ip: str,
    html: str,
    status: CommentStatus,
    created: datetime | None,
) -> Comment:
    """Make a comment another site showed, its fields cut to their columns and cleaned."""
    return Comment(
        article=article,
        author_name=author[:NAME_LENGTH],
        author_email=email[:EMAIL_LENGTH],
        # The form's own http(s) rule: a javascript: or data: website is not kept.
        author_url=url[:URL_LENGTH] if is_web_address(url[:URL_LENGTH]) else "",
        author_ip=ip[:IP_LENGTH],
        # The old site showed the markup its comments held: tags not allowed here keep
        # their text and lose the tag, rather than showing as typed tags.
        content_html=clean_comment(html, strip=True),
        status=status,
        created_at=created or utcnow(),
    )


def comment_key(entry: WxrComment) -> int | str:
    """Return what keys a comment within its article: the key our own export recorded
    (an import key, or the WordPress id it had before the export renumbered it), else its
    WordPress id, else a key made of what it is."""
    if key := entry.meta.get(KEY_META, "").strip()[:KEY_LENGTH]:
        return key
    return whole_number(entry.meta.get(ID_META, "").strip()) or entry.wp_id or import_key(entry)


def import_key(entry: WxrComment) -> str:
    """Key a comment that has no WordPress id by what it is: its author, date and text."""
    date = entry.date.isoformat() if entry.date else ""
    return hashlib.sha256(f"{entry.author}\n{date}\n{entry.content}".encode()).hexdigest()


def _comment_ids(wanted: set[tuple[int, int | str]]) -> dict:
    """Return our ids of comments by (article, key): a WordPress id or an import key."""
    found = {}
    for column, kind in ((Comment.wp_id, int), (Comment.import_key, str)):
        keys = {key for _, key in wanted if isinstance(key, kind)}
        if not keys:
            continue
        query = select(Comment.article_id, column, Comment.id).where(
            Comment.article_id.in_({article for article, _ in wanted}), column.in_(keys)
        )
        found |= {(a, k): i for a, k, i in db.session.execute(query) if (a, k) in wanted}
    return found
