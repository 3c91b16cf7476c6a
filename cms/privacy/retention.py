"""Keep commenters' IP addresses and browsers only as long as moderation needs them.

After PERSONAL_DATA_RETENTION_DAYS an IPv4 address is cut to its /24 (a.b.c.0), an IPv6
address to its /48, and the user agent is emptied; comment forms kept as drafts go after an
hour (cms/comments/drafts.py). Mail in the outbox (the editors' copies hold a commenter's
address, IP and words) goes PERSONAL_DATA_RETENTION_DAYS after it was sent, or after it was
written once it has used up MAIL_MAX_ATTEMPTS. The site does this by itself at most once
per PERSONAL_DATA_PRUNE_SECONDS per process, after a comment is stored; `flask privacy prune`
does it at once.
"""

import ipaddress
import re
import threading
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..comments import drafts as comment_drafts
from ..extensions import db
from ..models import Comment, CommentStatus, OutboxMail, utcnow
from .crypto import email_digest

BATCH = 500
_LOCK = threading.Lock()
# Where each app keeps the monotonic time of its last run (per process, by design).
_LAST_RUN = "retention_last_run"


def truncate_ip(address: str) -> str:
    """Return the /24 (IPv4) or /48 (IPv6) network of an address; "" for anything else."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        # Not an address (an odd import): nothing to truncate, so nothing is kept.
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def _still_personal() -> ColumnElement[bool]:
    """Match the rows that still hold a full address or a user agent."""
    ip = Comment.author_ip
    colons = func.length(ip) - func.length(func.replace(ip, ":", ""))
    # A /48 network written short ends in "::" after at most three groups.
    short = or_(ip == "", ip.like("%.0"), and_(ip.like("%::"), colons <= 4))
    return or_(Comment.user_agent != "", ~short)


def prune(days: int | None = None) -> int:
    """Truncate old IPs and empty old user agents, a batch per commit; return rows changed."""
    if days is None:
        days = current_app.config["PERSONAL_DATA_RETENTION_DAYS"]
    cutoff = utcnow() - timedelta(days=days)
    # Drafts first: they are words never published, kept only for the redirect that shows them.
    comment_drafts.prune()
    db.session.commit()
    prune_outbox(cutoff)
    label_old_outbox()
    changed, after = 0, 0
    while True:
        rows = db.session.execute(
            select(Comment.id, Comment.author_ip)
            # Every status listed, so the (status, created_at) index can serve the date range.
            .where(Comment.status.in_(list(CommentStatus)), Comment.created_at < cutoff)
            .where(Comment.id > after, _still_personal())
            .order_by(Comment.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return changed
        values = [{"id": i, "author_ip": truncate_ip(ip), "user_agent": ""} for i, ip in rows]
        db.session.execute(update(Comment), values)
        db.session.commit()
        changed += len(rows)
        after = rows[-1].id


def prune_outbox(cutoff: datetime) -> int:
    """Delete mail sent before the cutoff, and mail written before it that gave up; say how many."""
    gave_up = and_(
        OutboxMail.sent_at.is_(None),
        OutboxMail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"],
        OutboxMail.created_at < cutoff,
    )
    result = db.session.execute(delete(OutboxMail).where(or_(OutboxMail.sent_at < cutoff, gave_up)))
    db.session.commit()
    return result.rowcount


# The commenter's address in the editors' notices written before the outbox kept hashes.
_OLD_NOTICE_EMAIL = re.compile(r"^Email: +(\S+@\S+)$", re.MULTILINE)


def label_old_outbox() -> int:
    """Give mail written before migration 0007 the keyed hashes an erasure looks for.

    The recipient's hash comes from its address; the commenter an old editors' notice is
    about, from its "Email:" line. Old reply mail named no address, so it keeps none and
    leaves with the rest of the outbox after PERSONAL_DATA_RETENTION_DAYS.
    """
    labelled = 0
    while rows := db.session.scalars(
        select(OutboxMail).where(OutboxMail.to_hash.is_(None)).limit(BATCH)
    ).all():
        for message in rows:
            message.to_hash = email_digest(message.to_address)
            about = _OLD_NOTICE_EMAIL.search(message.body)
            message.about_hash = email_digest(about.group(1)) if about else None
        db.session.commit()
        labelled += len(rows)
    return labelled


def prune_now_and_then() -> None:
    """Prune if this process has not done so lately; never let a failure reach the caller."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    interval = app.config["PERSONAL_DATA_PRUNE_SECONDS"]
    if not _LOCK.acquire(blocking=False):
        return
    try:
        last = app.extensions.get(_LAST_RUN)
        if last is not None and time.monotonic() - last < interval:
            return
        app.extensions[_LAST_RUN] = time.monotonic()
        prune()
    except SQLAlchemyError:
        # The comment is already stored; the next run (or the CLI) will catch up.
        db.session.rollback()
        app.logger.exception("Pruning old IP addresses failed")
    finally:
        _LOCK.release()
