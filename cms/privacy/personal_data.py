"""Personal data requests: find, export and erase what the site holds about one address.

Editors use these from /admin/personal-data, commenters from the link "Your data" mails
them. A person is found by the keyed hash of their address, so neither the search nor the
audit record needs the address in clear; the record names only the first characters of
that hash, which cannot be turned back into an address without the key. What is held
includes the outbox: mail to them, and mail about them to others (the editors' notices
carry their address, IP and words), found by the outbox's to_hash and about_hash.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Response
from sqlalchemy import or_, select, update

from .. import tokens
from ..care import needs_care
from ..comments import moderation
from ..extensions import db
from ..html.text import comment_text
from ..mail.notifications import EDITOR_ROLES
from ..models import AuditEvent, Comment, OutboxMail, Subscription, User
from .crypto import email_digest

ANONYMOUS = "Anonymous"
# Enough of the keyed hash to tie a request to its erasure in the record, not to guess with.
DIGEST_SHOWN = 12


@dataclass
class Holdings:
    """Everything stored about one address: its comments, notification address and mail."""

    digest: str
    comments: list[Comment]
    subscription: Subscription | None
    mail: list[OutboxMail] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.comments and self.subscription is None and not self.mail


@dataclass(frozen=True)
class Erased:
    """How much an erasure removed."""

    comments: int
    subscription: bool
    mail: int


def find(digest: str) -> Holdings:
    """Return what the site holds for the address with this keyed hash."""
    # Erased comments share the hash of "": they belong to nobody any more.
    if not digest or digest == email_digest(""):
        return Holdings(digest, [], None)
    comments = db.session.scalars(
        select(Comment).where(Comment.author_email_hash == digest).order_by(Comment.id)
    ).all()
    subscription = db.session.scalar(select(Subscription).where(Subscription.email_hash == digest))
    mail = db.session.scalars(
        select(OutboxMail)
        .where(or_(OutboxMail.to_hash == digest, OutboxMail.about_hash == digest))
        .order_by(OutboxMail.id)
    ).all()
    return Holdings(digest, list(comments), subscription, list(mail))


def follow_corrected_address(old: str, new: str) -> None:
    """Let the mail about a commenter follow an address an editor corrected on a comment.

    Only once no comment keeps the old address: then it was this person's typo, and the
    editors' notices about their comment must be found when their data is erased under
    the address they really have.
    """
    old_hash, new_hash = email_digest(old), email_digest(new)
    if old_hash == new_hash:
        return
    still_used = db.session.scalar(
        select(Comment.id).where(Comment.author_email_hash == old_hash).limit(1)
    )
    if still_used is None:
        db.session.execute(
            update(OutboxMail).where(OutboxMail.about_hash == old_hash).values(about_hash=new_hash)
        )


def find_address(address: str) -> Holdings:
    """Return what the site holds for an address, whatever its case or spaces."""
    return find(email_digest(address))


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "article": comment.article.display_title,
        "article_url": tokens.external_url("public.article", slug=comment.article.slug),
        "in_reply_to": comment.parent_id,
        "date": _when(comment.created_at),
        "status": comment.status.value,
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_url,
        "ip_address": comment.author_ip,
        "user_agent": comment.user_agent,
        "notify": comment.notify,
        "text": comment_text(comment.content_html),
        # Health information the site inferred: theirs to see, and erased with the rest.
        "marked_needs_care": comment.care_reason or None,
    }


def _subscription(subscription: Subscription | None) -> dict[str, Any] | None:
    if subscription is None:
        return None
    return {
        "email": subscription.email,
        "created": _when(subscription.created_at),
        "confirmation_requested": _when(subscription.requested_at),
        "confirmed": _when(subscription.confirmed_at),
        "unsubscribed": _when(subscription.unsubscribed_at),
    }


def _staff_digests() -> set[str]:
    users = db.session.scalars(select(User.email).where(User.role.in_(EDITOR_ROLES))).all()
    return {email_digest(address) for address in users}


def _mail(held: Holdings) -> list[dict[str, Any]]:
    """List the mail to or about the person, never naming anyone else who got it."""
    staff = _staff_digests()
    listed = []
    for message in held.mail:
        if message.to_hash == held.digest:
            to = "you"
        elif message.to_hash in staff:
            to = "the site's editors (a notice of your comment, with your address and IP)"
        else:
            to = "the commenter you replied to (your name and words)"
        listed.append(
            {
                "subject": message.subject,
                "to": to,
                "written": _when(message.created_at),
                "sent": _when(message.sent_at),
            }
        )
    return listed


def export(held: Holdings) -> dict[str, Any]:
    """Return everything held, as plain values ready for JSON."""
    return {
        "comments": [_comment(c) for c in held.comments],
        "notification_subscription": _subscription(held.subscription),
        "mail": _mail(held),
    }


def _anonymise(comment: Comment) -> None:
    comment.author_name = ANONYMOUS
    # Through the validator, so the hash becomes that of "" and no longer finds the person.
    comment.author_email = ""
    comment.author_url = ""
    comment.author_ip = ""
    comment.user_agent = ""
    comment.notify = False


def erase(held: Holdings, keep_text: bool, by: User | None) -> Erased:
    """Erase what is held, mail to and about them included; say how much went.

    Removing the text deletes each comment through moderation.delete, so replies by others
    move up a level and stay readable, and each deletion is on the record like any other.
    Replacing the text with a note instead would still say that someone asked to vanish.
    """
    needs_care.forget(held.comments)
    # Newest first, so a reply of theirs to their own comment is gone before its parent.
    for comment in sorted(held.comments, key=lambda c: c.id, reverse=True):
        if keep_text:
            _anonymise(comment)
        else:
            moderation.delete(comment, by, detail="data-erase")
    had_subscription = held.subscription is not None
    if held.subscription is not None:
        db.session.delete(held.subscription)
    # Sent or not: the editors' copies name them, and unsent mail to them is unwanted now.
    for message in held.mail:
        db.session.delete(message)
    return Erased(len(held.comments), had_subscription, len(held.mail))


def describe(held: Holdings, extra: str = "") -> str:
    """Say in the record what a request was about, without the address."""
    subscription = "a subscription" if held.subscription is not None else "no subscription"
    detail = (
        f"{len(held.comments)} comment(s), {subscription}, {len(held.mail)} message(s); "
        f"address #{held.digest[:DIGEST_SHOWN]}"
    )
    return f"{detail}; {extra}" if extra else detail


def record(action: str, held: Holdings, by: User | None, extra: str = "") -> None:
    """Write the audit row of a request: "data-request", "data-export" or "data-erase"."""
    db.session.add(
        AuditEvent(user_id=by.id if by else None, action=action, detail=describe(held, extra))
    )


def download(held: Holdings, filename: str) -> Response:
    """Return everything held as a JSON attachment."""
    body = json.dumps(export(held), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
