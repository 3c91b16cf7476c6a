"""Who gets mail about a comment, and what it says.

Editors and admins hear of new comments as the discussion settings ask, with one-click
moderation links. Commenters who asked for notifications hear when their comment is
published or answered, but only at an address its owner has confirmed (double opt-in),
since anyone can type anyone's address into the form. Every function here only queues
mail in the caller's transaction; cms.mail sends it after the commit.
"""

from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import tokens
from ..comments import discussion, moderation
from ..comments.visible import is_visible
from ..extensions import db
from ..html.text import comment_text
from ..models import Comment, CommentStatus, Role, Subscription, User, utcnow
from ..privacy.crypto import email_digest
from . import outbox as mail

# Staff who get mail about comments (the issue says editors and admins, not moderators).
EDITOR_ROLES = (Role.EDITOR, Role.ADMIN)
# One confirmation request per address per day at most, so a stranger cannot flood it.
CONFIRM_INTERVAL = timedelta(hours=24)


def _about(comment: Comment, text: str) -> dict[str, str]:
    """Return what a mail says about a comment, every field folded onto one plain line."""
    return {
        "title": mail.one_line(comment.article.display_title),
        "name": mail.one_line(comment.author_name),
        "email": mail.one_line(comment.author_email),
        "website": mail.one_line(comment.author_url) or "(none)",
        "ip": mail.one_line(comment.author_ip) or "(unknown)",
        "held_reason": mail.one_line(comment.held_reason),
        "quoted": mail.quoted(text),
    }


def _subject(text: str) -> str:
    return f"[{current_app.config['SITE_NAME']}] {text}"


def _editors_want(comment: Comment) -> bool:
    if comment.care_reason:
        # Whatever the settings say: someone may be in danger now.
        return True
    rules = discussion.load()
    if comment.status == CommentStatus.PENDING:
        return rules.notify_held or rules.notify_posted
    return comment.status == CommentStatus.APPROVED and rules.notify_posted


def _moderation_links(comment: Comment, user: User) -> dict[str, str | None]:
    """Sign this editor's links for the mailed moves; none if there is no address."""
    # The table's mailed moves that this comment's status allows (approve only when held).
    actions = [key for key, move in moderation.MAILED.items() if comment.status in move.sources]
    links = {
        action: tokens.external_url(
            "maillinks.moderate",
            action=action,
            token=tokens.make(action, comment=comment.id, user=user.id),
        )
        for action in actions
    }
    return links if all(links.values()) else {}


def _editors(comment: Comment) -> list[User]:
    editors = db.session.scalars(
        select(User).where(User.role.in_(EDITOR_ROLES), User.disabled.is_(False))
    ).all()
    # Staff replying from the queue need no mail about their own words.
    return [user for user in editors if user.id != comment.user_id]


def comment_flagged(comment: Comment) -> None:
    """Tell editors at once, saying nothing of health, of the text or of who wrote it; for a
    new comment, and for one its author's change flagged (cms/comments/own_comments.py).

    At most one such mail in CARE_MAIL_EVERY: the queue lists every comment that waits, and
    a client posting alarming words again and again must not flood the editors' inboxes.
    """
    every = current_app.config["CARE_MAIL_EVERY"]
    if not mail.can_send() or not mail.has_room("care-mail", "editors", f"1 per {every}"):
        return
    body = render_template(
        "mail/comment_needs_care.txt",
        queue_url=tokens.external_url("admin.comments", care="1"),
    )
    subject = _subject("A comment needs attention soon")
    for user in _editors(comment):
        mail.queue(user.email, subject, body, comment_id=comment.id)


def _mail_editors(comment: Comment) -> None:
    if comment.care_reason:
        comment_flagged(comment)
        return
    held = comment.status == CommentStatus.PENDING
    title = comment.article.title
    subject = _subject(f"Please moderate: “{title}”" if held else f"Comment: “{title}”")
    for user in _editors(comment):
        body = render_template(
            "mail/comment_for_editors.txt",
            held=held,
            about=_about(comment, comment_text(comment.content_html)),
            article_url=tokens.external_url("public.article", slug=comment.article.slug),
            queue_url=tokens.external_url("admin.comments"),
            links=_moderation_links(comment, user),
        )
        mail.queue(user.email, subject, body, about=comment.author_email, comment_id=comment.id)


def comment_posted(comment: Comment) -> None:
    """Queue the mail a newly stored comment calls for; called before the commit."""
    if not mail.can_send() or comment.status not in (CommentStatus.PENDING, CommentStatus.APPROVED):
        return
    if comment.id is None:
        db.session.flush()
    if _editors_want(comment):
        _mail_editors(comment)
    if comment.notify:
        request_confirmation(comment.author_email)
    # Approved at once (a known commenter): its author sees it, the parent's author is told.
    if is_visible(comment):
        _mail_parent_author(comment)


def own_link(comment: Comment, link: str | None) -> None:
    """Mail a commenter the private link to their comment, at an address they confirmed.

    Only a confirmed address: an address typed into the form may be anyone's, and the link
    would hand its reader the comment. The subject and body name neither the article nor
    the words.
    """
    if not (mail.can_send() and link and comment.author_email):
        return
    subscription = active_subscription(comment.author_email)
    # Sent the moment a comment is posted, so capped per address: posting under someone's
    # address again and again must not fill their inbox.
    per_day = current_app.config["OWN_LINK_MAILS_PER_ADDRESS"]
    if subscription is None or not mail.has_room(
        "own-link", subscription.email_hash, f"{per_day} per day"
    ):
        return
    body = render_template("mail/own_comment.txt", link=link)
    subject = _subject("The link to your comment")
    mail.queue(comment.author_email, subject, body, comment_id=comment.id)


def decision_told(comment: Comment, decision: str, reason: str) -> None:
    """Tell a commenter, kindly, that editors changed or removed their comment, and why.

    Only with a reason, and only to an address its owner confirmed; never with the words
    the editors took out.
    """
    if not (mail.can_send() and reason and comment.author_email):
        return
    if active_subscription(comment.author_email) is None:
        return
    body = render_template(
        "mail/comment_decision.txt",
        decision=decision,
        reason=reason,
        title=comment.article.title,
        comment_url=tokens.external_url(
            "public.article", slug=comment.article.slug, _anchor=f"comment-{comment.id}"
        ),
    )
    mail.queue(comment.author_email, _subject("About your comment"), body, comment_id=comment.id)


def comment_approved(comment: Comment) -> None:
    """Queue the mail an approval calls for; called before the commit."""
    if not mail.can_send():
        return
    if comment.notify:
        _mail_commenter(
            comment.author_email, "comment_published", "Your comment is published", comment
        )
    _mail_parent_author(comment)


def _mail_parent_author(reply: Comment) -> None:
    """Tell the author of the comment a reply answers, unless they wrote the reply too."""
    parent = db.session.get(Comment, reply.parent_id) if reply.parent_id else None
    if (
        parent is not None
        and parent.notify
        and is_visible(parent)
        and parent.author_email.lower() != reply.author_email.lower()
    ):
        _mail_commenter(parent.author_email, "comment_reply", "New reply to your comment", reply)


def _mail_commenter(address: str, template: str, subject: str, comment: Comment) -> None:
    """Write to a commenter at a confirmed address, with a one-click unsubscribe."""
    if not address:
        return
    subscription = active_subscription(address)
    if subscription is None:
        return
    unsubscribe = tokens.external_url(
        "maillinks.unsubscribe", token=tokens.make("unsubscribe", subscription=subscription.id)
    )
    if unsubscribe is None:
        # Never write to a commenter without a way to stop the mail.
        return
    body = render_template(
        f"mail/{template}.txt",
        about=_about(comment, comment_text(comment.content_html)),
        comment_url=tokens.external_url(
            "public.article", slug=comment.article.slug, _anchor=f"comment-{comment.id}"
        ),
        unsubscribe_url=unsubscribe,
    )
    # RFC 8058: mail clients offer an unsubscribe button that POSTs to this address.
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    # About the comment's author: for a reply, someone other than the recipient.
    about = None if comment.author_email_hash == email_digest(address) else comment.author_email
    subject = _subject(f"{subject}: “{comment.article.title}”")
    mail.queue(address, subject, body, headers, about=about, comment_id=comment.id)


def find_subscription(address: str) -> Subscription | None:
    return db.session.scalar(
        select(Subscription).where(Subscription.email_hash == email_digest(address))
    )


def active_subscription(address: str) -> Subscription | None:
    """Return the address's subscription if its owner confirmed it and has not left."""
    found = find_subscription(address)
    if found and found.confirmed_at and not found.unsubscribed_at:
        return found
    return None


def _new_subscription(address: str) -> Subscription:
    """Add an address, or find the one a simultaneous post has just added."""
    try:
        # A savepoint: should two posts add the address at once, neither comment is lost.
        with db.session.begin_nested():
            subscription = Subscription(email=address.strip().lower())
            db.session.add(subscription)
    except IntegrityError:
        subscription = find_subscription(address)
    return subscription


def request_confirmation(address: str) -> None:
    """Ask an unconfirmed address, at most once a day, whether it wants notifications.

    An address that unsubscribed is asked again only when someone ticks the box again, and
    nothing is sent to it until its owner confirms anew.
    """
    subscription = find_subscription(address)
    if subscription is None:
        subscription = _new_subscription(address)
    elif active_subscription(address):
        return
    now = utcnow()
    if subscription.requested_at and now - subscription.requested_at < CONFIRM_INTERVAL:
        return
    url = tokens.external_url(
        "maillinks.confirm", token=tokens.make("confirm", subscription=subscription.id)
    )
    if url is None:
        return
    subscription.requested_at = now
    # Says nothing of the comment or the article: the address may not be the commenter's.
    body = render_template("mail/confirm_notifications.txt", confirm_url=url)
    mail.queue(subscription.email, _subject("Please confirm comment notifications"), body)


def confirm(subscription: Subscription) -> None:
    """Start sending notifications to a subscription's address."""
    subscription.confirmed_at = utcnow()
    subscription.unsubscribed_at = None


def unsubscribe(subscription: Subscription) -> None:
    """Stop all notifications to an address, for its past comments too."""
    subscription.unsubscribed_at = utcnow()
    db.session.execute(
        update(Comment)
        .where(Comment.author_email_hash == subscription.email_hash)
        .values(notify=False)
    )
