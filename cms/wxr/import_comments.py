"""Bring an export's comments in: as WordPress moderated them, each under its parent.

No spam rules run and no mail is sent; the HTML is cleaned like any visitor's. A reply names
its parent by WordPress id, and the parent may come in a later batch or not at all: replies
are linked at the end of each batch, the rest at the end of the run, and a cycle of parents
in the file is broken so that every thread has a head.
"""

from sqlalchemy import select, update

from ..comments import filing
from ..comments.authors import is_web_address
from ..extensions import db
from ..html.sanitize import clean_comment
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
# Replies linked per query at the end.
LINK_CHUNK = 500


class CommentImport:
    """The comments of one run: added item by item, filed and linked batch by batch."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        # This batch's new comments with the WordPress id of the comment they answer.
        self.replies: list[tuple[Comment, int]] = []
        # Ids only (no rows held): replies whose parent was not stored yet, for the end.
        self.unlinked: list[tuple[int, int]] = []
        # Every reply this run linked, by id, to its parent's: checked for cycles at the end.
        # Only this run's comments can form one (older ones never point at a new id).
        self.links: dict[int, int] = {}

    def add(self, article: Article, entries: list[WxrComment]) -> None:
        """Add an item's comments, but those of other types and those already here."""
        known = set()
        if wp_ids := [entry.wp_id for entry in entries if entry.wp_id]:
            query = select(Comment.wp_id).where(Comment.wp_id.in_(wp_ids))
            known = set(db.session.scalars(query))
        for entry in entries:
            self._comment(article, entry, known)

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
        """File this batch's comments and link its replies; then let them go."""
        # Filed together: the whole batch costs one flush and its audit rows one insert.
        filing.file_new([comment for comment, _ in self.replies], filing.IMPORTED)
        wanted = {parent for _, parent in self.replies if parent}
        query = select(Comment.wp_id, Comment.id).where(Comment.wp_id.in_(wanted))
        ids = {wp_id: id_ for wp_id, id_ in db.session.execute(query)} if wanted else {}
        for comment, parent in self.replies:
            comment.parent_id = ids.get(parent)
            if comment.parent_id is not None:
                self.links[comment.id] = comment.parent_id
            if parent and comment.parent_id is None:
                self.unlinked.append((comment.id, parent))
        self.replies = []

    def finish(self) -> None:
        """Link the replies whose parent came in a later batch, then break cycles; no commit."""
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

    def _break_cycles(self) -> None:
        """Make one comment of each cycle of parents start a thread of its own; no commit."""
        rerooted = cycle_breakers(self.links)
        for start in range(0, len(rerooted), LINK_CHUNK):
            chunk = rerooted[start : start + LINK_CHUNK]
            db.session.execute(update(Comment).where(Comment.id.in_(chunk)).values(parent_id=None))
        self.summary.rerooted = len(rerooted)
        self.links = {}
