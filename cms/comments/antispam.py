"""Anti-spam without third-party services: honeypot, form timing, flood, duplicates, rate limit.

Refusals (flood, duplicate, rate limit) send the form back with what was typed, so a person
who trips one loses nothing. Only the honeypot files a comment as spam: a person never sees
it, so only a robot fills it in. Checks a person can trip (a form sent back within seconds,
pasted or autofilled; a missing stamp) hold the comment for an editor with the reason, and
its author sees the usual preview; a robot gains nothing, it still only reaches the queue.

No answer here depends on an email address: duplicates and floods are judged by what the
poster controls (their IP, this browser session, the text), so nobody can learn from the
form whether an address wrote something or commented lately.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Request, current_app, g, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Select, and_, bindparam, case, false, func, or_, select
from sqlalchemy.sql import ColumnElement
from werkzeug.wrappers import Response

from .. import tokens
from ..extensions import db
from ..http.client import client_ip
from ..models import Article, Comment, CommentStatus, utcnow
from ..models.content import words_digest
from .rules import Verdict, joined, link_count

if TYPE_CHECKING:
    from .forms import CommentForm

DUPLICATE_MESSAGE = (
    "You already sent this same comment here, so it was not posted a second time. If you "
    "meant to add something, change the text and send it again; everything you typed is kept "
    "below."
)
# Far past any person's list of links; a wall of short ones ("a.co a.co …") grows twelvefold
# once linked, so 65 KB typed became 770 KB stored and a 250 KB mail to every editor.
COMMENT_MAX_LINKS = 200
TOO_MANY_LINKS_MESSAGE = (
    "This comment has {links:,} links, and {most:,} is the most the site takes in one comment, "
    "so it was not posted. Please take some out and send it again; everything you typed is "
    "kept below."
)
RATE_LIMIT_MESSAGE = (
    "You have posted a lot of comments in a short time, so this one was not posted. "
    "Please wait a while and send it again; everything you typed is kept below."
)
ATTEMPT_LIMIT_MESSAGE = (
    "This comment form has been sent from your connection many times in a short while, so "
    "this comment was not posted. Please wait a few minutes and send it again; everything "
    "you typed is kept below."
)
FORGED_STAMP = "sent without the page's time stamp (missing or forged)"
HONEYPOT = "honeypot"
# Its own salt (cms/tokens.py), so no other signed value of the site can pass for a form
# timestamp.
STAMP_PURPOSE = "comment-shown"
STAMP_SALT = tokens.SALTS[STAMP_PURPOSE]
# The ids of the comments this browser session posted, newest last, for the checks above.
POSTED_KEY = "posted_comments"


def flood_message(seconds: int) -> str:
    """Say kindly how long to wait before sending the comment again."""
    wait = "a second" if seconds <= 1 else f"about {seconds} seconds"
    return (
        f"You sent a comment a moment ago. Please wait {wait} and send this one again; "
        "everything you typed is kept below."
    )


def _serializer() -> URLSafeTimedSerializer:
    return tokens.serializer(STAMP_PURPOSE)


def stamp() -> str:
    """Return a signed timestamp of now, to put in a freshly shown comment form."""
    return tokens.signed_this_second(STAMP_PURPOSE, 0)


def stamp_window() -> int:
    """Return which FORM_STAMP_SECONDS window now falls in (0 when stamps need none)."""
    seconds = current_app.config["FORM_STAMP_SECONDS"]
    # Only a shared cache can hand out an old stamp, and only the timing check reads one.
    if not (seconds and current_app.config["PUBLIC_CACHE_SECONDS"]):
        return 0
    if not current_app.config["COMMENT_MIN_SECONDS"]:
        return 0
    return int(utcnow().timestamp()) // seconds


def seconds_since(token: str) -> float | None:
    """Return how long ago a form stamp was signed, or None if it is not one of ours."""
    try:
        _, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        return None
    # No maximum age: people may keep a page open for a day while they find their words.
    elapsed = (utcnow() - signed_at.replace(tzinfo=None)).total_seconds()
    return max(elapsed, 0.0)


def timing_reason(form: CommentForm) -> str | None:
    """Say why the form came back too fast to be sure it is a person's, or None."""
    minimum = current_app.config["COMMENT_MIN_SECONDS"]
    if not minimum:
        return None
    # raw_data, not data: a missing field would otherwise fall back to a fresh default stamp.
    raw = form.shown.raw_data
    elapsed = seconds_since(raw[0]) if raw else None
    if elapsed is None:
        return FORGED_STAMP
    if elapsed < minimum:
        return f"sent {int(elapsed)} s after the page was shown"
    return None


def caught(form: CommentForm) -> Verdict | None:
    """Return a spam verdict when the honeypot is filled: the one check no person trips."""
    if form.subject.data:
        return Verdict(CommentStatus.SPAM, HONEYPOT)
    return None


def held(verdict: Verdict, form: CommentForm, comment: Comment) -> Verdict:
    """Hold for an editor a comment whose form came back too soon or without its stamp, or
    that repeats what someone else on this IP already said here."""
    reason = timing_reason(form) or repeat_reason(comment)
    # Spam and trash stay where the rules filed them; only a comment that would be public
    # or pending is held, so a quick writer always lands in the pending queue.
    if reason is None or verdict.status not in (CommentStatus.APPROVED, CommentStatus.PENDING):
        return verdict
    return Verdict(CommentStatus.PENDING, joined(verdict.reason, reason))


def repeat_reason(comment: Comment) -> str | None:
    """Say so when this name on this IP already said exactly this on this article.

    Held, never refused: another browser on a shared IP (a library, a carrier's NAT, Tor)
    must get the answer anyone gets, or the refusal would tell it who wrote what.
    """
    if not comment.author_ip:
        return None
    found = same_words(comment.article.id, comment.content_html, comment.author_name).from_ip
    return "the same words as an earlier comment from this IP address" if found else None


@dataclass(frozen=True)
class SameWords:
    """Whether the words of a post were said on its article before: by this browser session
    (a duplicate, refused), and by this name on this IP (a repeat, held)."""

    own: bool
    from_ip: bool


@functools.lru_cache(maxsize=64)
def _same_words_query(posted: int) -> Select:
    """Return the statement for a session that posted this many comments, built once each.

    One bound parameter per id, not an expanding one: SQLAlchemy rewrites an expanding IN
    into new SQL on every execution, which cost a post more than the rest of the query.
    """
    own = Comment.id.in_([bindparam(f"posted_{i}") for i in range(posted)]) if posted else false()
    from_ip = and_(Comment.author_ip == bindparam("ip"), Comment.author_name == bindparam("name"))
    return select(func.max(case((own, 1), else_=0)), func.max(case((from_ip, 1), else_=0))).where(
        # ix_comments_article_words: only the comments with these words are read, however
        # many the article (or one poster) has; the text itself settles a shared digest.
        Comment.article_id == bindparam("article"),
        Comment.words_digest == bindparam("digest"),
        Comment.content_html == bindparam("text"),
        # As WordPress does: what was thrown away may be said again.
        Comment.status != CommentStatus.TRASH,
        or_(own, from_ip),
    )


def same_words(article_id: int, content_html: str, name: str) -> SameWords:
    """Look once per post for the same words on the article, for both checks at once."""
    ip, posted = client_ip(), posted_here()
    key = (article_id, content_html, name, ip, tuple(posted))
    known = g.get("same_words")
    if known is not None and known[0] == key:
        return known[1]
    values = {
        **{f"posted_{i}": comment_id for i, comment_id in enumerate(posted)},
        # An unknown address is not one address: it must not tie strangers together, so it
        # is matched as an address no comment has.
        "ip": ip or None,
        "name": name,
        "article": article_id,
        "digest": words_digest(content_html),
        "text": content_html,
    }
    # On the session's connection, not through the ORM's execution, which cost a post more
    # than the query: it reads plain numbers, and nothing of a post waits to be flushed
    # before it (filing.file_new stores the comment by INSERT, after the checks).
    row = db.session.connection().execute(_same_words_query(len(posted)), values).one()
    found = SameWords(own=bool(row[0]), from_ip=bool(row[1]))
    g.same_words = (key, found)
    return found


def posted_here() -> list[int]:
    """Return the ids of the comments this browser session posted."""
    return [i for i in session.get(POSTED_KEY, []) if isinstance(i, int)]


def remember_posted(comment_id: int) -> None:
    """Note in this session that it posted the comment, for the flood and duplicate checks."""
    limit = current_app.config["PENDING_PREVIEW_LIMIT"]
    session[POSTED_KEY] = (posted_here() + [comment_id])[-limit:]


def _from_here(ip: str) -> ColumnElement[bool]:
    """Match comments from this IP address or posted by this browser session."""
    mine = Comment.id.in_(posted_here())
    # An unknown address is not one address: it must not tie strangers together.
    return or_(Comment.author_ip == ip, mine) if ip else mine


def flood_wait(ip: str) -> int:
    """Return how many seconds this poster must still wait, 0 when they may post now."""
    window = current_app.config["COMMENT_FLOOD_SECONDS"]
    if not window:
        return 0
    since = utcnow() - timedelta(seconds=window)
    latest = db.session.scalar(
        select(func.max(Comment.created_at)).where(_from_here(ip), Comment.created_at >= since)
    )
    if latest is None:
        return 0
    return max(math.ceil(window - (utcnow() - latest).total_seconds()), 1)


def is_duplicate(article: Article, content_html: str, name: str) -> bool:
    """Say whether this browser session already said exactly this here.

    Only its own comments: a refusal naming what another poster wrote would tell whoever
    guessed the words who wrote them (repeat_reason holds those instead).
    """
    return same_words(article.id, content_html, name).own


def refusal(
    article: Article, form: CommentForm, request: Request, content_html: str
) -> tuple[str, int] | None:
    """Return the message and status refusing this post, or None when it may be stored."""
    ip = client_ip()
    if (links := link_count(content_html)) > COMMENT_MAX_LINKS:
        return TOO_MANY_LINKS_MESSAGE.format(links=links, most=COMMENT_MAX_LINKS), 400
    if wait := flood_wait(ip):
        return flood_message(wait), 429
    if is_duplicate(article, content_html, form.author.data):
        return DUPLICATE_MESSAGE, 409
    return None


def rate_limit() -> str:
    """Return the per-IP limit on posting comments, e.g. "10 per 10 minutes;40 per day"."""
    return current_app.config["COMMENT_RATE_LIMIT"]


def counts_toward_rate_limit(response: Response) -> bool:
    """Count only posts that stored a comment (caught ones too), not forms sent back."""
    # A post sent back for correction answers 303 too, to the form as typed (#respond);
    # attempt_limit counts those, more generously.
    location = response.headers.get("Location", "")
    return response.status_code == 303 and not location.endswith("#respond")


def attempt_limit() -> str:
    """Return the per-IP limit on sending the comment form at all, stored or refused."""
    # Refusals cost the site work too (parsing, a token, the database): without this a
    # client could send duplicates or bad tokens forever, each refused for free.
    return current_app.config["COMMENT_ATTEMPT_LIMIT"]
