"""Bring a Disqus export's comments in, under the articles their threads' addresses name.

Threads usually come before their posts in the file, but not always: all are read while the
file is counted and each is matched once (disqus_threads) before any post; the ones no
article here answers to are listed in the summary with how many comments they held, never
guessed. Posts keep their threading, author, email (encrypted like any), IP, date and
state: deleted ones go to the trash, spam to spam, the rest approved unless the export says
they were waiting. Keyed by Disqus id within the article, so running it again adds nothing.
No mail is sent and no spam rule runs, as for a WordPress import.
"""

import gc
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..comments import filing
from ..extensions import db
from ..models import Article, Comment, CommentStatus
from .disqus_reader import DisqusExport, Post, Thread
from .disqus_threads import ThreadMatcher
from .import_comments import CommentImport, imported_comment
from .import_summary import Summary, plural

# Posts stored per transaction.
BATCH_SIZE = 500
# Unmatched threads named in the summary; the rest are counted.
MOST_LISTED = 20
ANONYMOUS = "Anonymous"


@dataclass
class DisqusSummary(Summary):
    """What a Disqus import did, and the threads it could not place."""

    # Unmatched thread addresses, with how many comments each held.
    unmatched: Counter = field(default_factory=Counter)
    articles: set[int] = field(default_factory=set)

    def lines(self) -> list[str]:
        imported = self.imported["comments"]
        lines = [
            f"Imported {plural(imported, 'comments')} under "
            f"{plural(len(self.articles), 'articles')}."
            if imported
            else "Nothing new to import: every comment this site can place is already here."
        ]
        if self.existing["comments"]:
            lines.append(f"Already here: {plural(self.existing['comments'], 'comments')}.")
        if self.unmatched:
            held = sum(self.unmatched.values())
            lines.append(
                f"Not imported: {plural(held, 'comments')} on "
                f"{plural(len(self.unmatched), 'threads')} whose address no article here has. "
                "Import the WordPress export first, or check the addresses:"
            )
            for link, count in self.unmatched.most_common(MOST_LISTED):
                lines.append(f"  {link or '(no address)'}: {plural(count, 'comments')}")
            if len(self.unmatched) > MOST_LISTED:
                lines.append(f"  and {len(self.unmatched) - MOST_LISTED} more.")
        return lines + self.skipped_lines() + self.rerooted_lines()


def _status(post: Post) -> CommentStatus:
    if post.deleted:
        return CommentStatus.TRASH
    if post.spam:
        return CommentStatus.SPAM
    return CommentStatus.PENDING if post.approved is False else CommentStatus.APPROVED


def key_of(dsq_id: str) -> str:
    return f"disqus:{dsq_id}"


class DisqusImport:
    """One run over one Disqus export."""

    def __init__(self) -> None:
        self.summary = DisqusSummary()
        self.matcher = ThreadMatcher()
        self.comments = CommentImport(self.summary, arrival=filing.DISQUS_IMPORTED)
        # Disqus thread id → our article id, or None when no article answers.
        self.threads: dict[str, int | None] = {}
        self.links: dict[str, str] = {}

    def thread(self, thread: Thread) -> None:
        self.threads[thread.dsq_id] = self.matcher.article_id(thread)
        if self.threads[thread.dsq_id] is None:
            self.links[thread.dsq_id] = thread.link

    def post(self, post: Post) -> None:
        if not post.dsq_id:
            self.summary.skipped["post without a Disqus id"] += 1
            return
        article_id = self.threads.get(post.thread)
        if article_id is None:
            self.summary.unmatched[self.links.get(post.thread, "")] += 1
            return
        key = key_of(post.dsq_id)
        known = select(Comment.id).where(
            Comment.article_id == article_id, Comment.import_key == key
        )
        # Autoflush stores this batch first, so a post twice in one file is known too.
        if db.session.scalar(known) is not None:
            self.summary.existing["comments"] += 1
            return
        comment = imported_comment(
            db.session.get_one(Article, article_id),
            author=post.name or ANONYMOUS,
            email=post.email,
            url="",
            ip=post.ip,
            html=post.message,
            status=_status(post),
            created=post.created,
        )
        comment.import_key = key
        self.summary.articles.add(article_id)
        self.comments.keep(comment, key_of(post.parent) if post.parent else "")

    def end_batch(self) -> None:
        self.comments.end_batch()

    def finish(self) -> DisqusSummary:
        self.comments.finish()
        return self.summary


def import_disqus(
    export: DisqusExport,
    records: Iterable[Thread | Post] | None = None,
    batch_size: int = BATCH_SIZE,
) -> DisqusSummary:
    """Import a whole Disqus export (``records`` may wrap export.records in a progress bar);
    commits every ``batch_size`` posts, so memory stays flat and a rerun adds the rest."""
    run = DisqusImport()
    # Matched before any post: a thread may come after its posts in the file.
    for thread in export.threads.values():
        run.thread(thread)
    posts = 0
    for record in export.records if records is None else records:
        if isinstance(record, Thread):
            if record.dsq_id not in run.threads:
                run.thread(record)
            continue
        run.post(record)
        posts += 1
        if posts % batch_size == 0:
            run.end_batch()
            db.session.commit()
            gc.collect()
    summary = run.finish()
    db.session.commit()
    return summary
