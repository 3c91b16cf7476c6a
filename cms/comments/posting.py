"""Posting a comment: checking its parent, storing it clean, and remembering its author."""

from urllib.parse import parse_qs, urlencode

from flask import Request, Response, current_app, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from .. import tokens
from ..care import needs_care as care
from ..extensions import db
from ..http.client import client_ip
from ..http.headers import COOKIE_SCOPE, cookie_settings
from ..models import Article, Comment, CommentStatus, utcnow
from ..privacy.crypto import email_digest
from . import antispam, discussion, filing, rules
from .forms import CommentForm
from .visible import visible_clause

COMMENTER_COOKIE = "comment_author"
PENDING_KEY = "pending_comments"
# The cookie holds these three fields and nothing else.
COMMENTER_FIELDS = ("author", "email", "url")
# Signed, holding the ids of the comments this browser posted: what lets "approve an author
# with an approved comment" rest on something only that person holds.
KNOWN_AUTHOR_COOKIE = "comment_known"
# How many of a browser's latest comments the cookie remembers.
KNOWN_AUTHOR_IDS = 20
# Its own salt (cms/tokens.py): no other signed value of the site (a form stamp, a mail
# link) can pass.
KNOWN_AUTHOR_PURPOSE = "known-author"
KNOWN_AUTHOR_SALT = tokens.SALTS[KNOWN_AUTHOR_PURPOSE]


def approved_parent(article: Article, parent_id: int) -> Comment | None:
    """Return the approved comment of this article with this id, or None."""
    return db.session.scalar(
        select(Comment).where(
            Comment.id == parent_id,
            Comment.article_id == article.id,
            visible_clause(),
        )
    )


def check_parent(form: CommentForm, article: Article) -> bool:
    """Refuse a reply to anything but an approved comment of the same article."""
    parent_id = form.comment_parent.data or 0
    if parent_id == 0 or approved_parent(article, parent_id):
        return True
    form.comment_parent.errors.append(
        "The comment you are replying to is not available, so your reply was not posted. "
        "You can post it as a new comment below."
    )
    return False


def create_comment(
    article: Article, form: CommentForm, request: Request, content_html: str
) -> Comment:
    """Add a new comment from a validated form, in the status the spam checks and rules give.

    Stored, not committed: the caller commits once, with the mail it sends for it.
    """
    comment = Comment(
        article_id=article.id,
        parent_id=form.comment_parent.data or None,
        author_name=form.author.data,
        author_email=form.email.data,
        author_url=form.url.data or "",
        author_ip=client_ip(),
        user_agent=request.user_agent.string[:255],
        content_html=content_html,
        notify=form.wants_mail,
    )
    # Its article without the backref: appending to article.comments would put the comment
    # in the session to be flushed, and filing.file_new stores it by INSERT instead.
    set_committed_value(comment, "article", article)
    # Judged before it is stored (the rules' queries must not flush it half-decided), and a
    # spam catch outranks the rules: it is filed whatever the settings would say.
    with db.session.no_autoflush:
        vouched = is_vouched_for(request, form.email.data)
        judged = rules.verdict_for(comment, form.comment.data, vouched)
        verdict = antispam.caught(form) or antispam.held(judged, form, comment)
    comment.status, comment.held_reason = verdict.status, verdict.reason
    care.mark(comment, form.comment.data, caught=verdict.reason == antispam.HONEYPOT)
    filing.file_new([comment], filing.POSTED)
    antispam.remember_posted(comment.id)
    # Only a pending comment needs a preview: approved ones are public, caught ones stay unseen.
    if comment.status == CommentStatus.PENDING:
        remember_pending(comment.id)
    return comment


def preview(form: CommentForm, content_html: str) -> Comment:
    """Return the comment as it would be stored and approved, never added to the session."""
    # No article relationship: setting it would put the comment in the session to be saved.
    return Comment(
        id=0,
        parent_id=form.comment_parent.data or None,
        author_name=form.author.data,
        author_url=form.url.data or "",
        content_html=content_html,
        status=CommentStatus.APPROVED,
        created_at=utcnow(),
    )


def remember_pending(comment_id: int) -> None:
    """Let this browser session, and no other, preview the comment it just posted."""
    limit = current_app.config["PENDING_PREVIEW_LIMIT"]
    session[PENDING_KEY] = (session.get(PENDING_KEY, []) + [comment_id])[-limit:]


def own_pending_ids() -> list[int]:
    return [i for i in session.get(PENDING_KEY, []) if isinstance(i, int)]


def saved_commenter(request: Request) -> dict[str, str]:
    """Return the name, email and website the visitor asked this browser to remember."""
    return _saved(request.cookies.get(COMMENTER_COOKIE, ""))


def _saved(cookie: str) -> dict[str, str]:
    saved = parse_qs(cookie)
    return {k: saved[k][0] for k in COMMENTER_FIELDS if k in saved}


def remembered_value(field: str, cookie: str) -> str:
    """Return one field of the commenter cookie's value as the comment form shows it: through
    the field's own filters, as CommentForm(data=saved_commenter(request)) would hold it."""
    value: str | None = _saved(cookie).get(field)
    for keep in getattr(CommentForm, field).kwargs.get("filters", ()):
        value = keep(value)
    return value or ""


def update_commenter_cookie(response: Response, form: CommentForm) -> None:
    """Keep the three fields only when the visitor ticked the box; otherwise forget them."""
    if not form.remember.data:
        response.delete_cookie(COMMENTER_COOKIE, **COOKIE_SCOPE)
        return
    fields = {name: form[name].data or "" for name in COMMENTER_FIELDS}
    days = current_app.config["COMMENTER_COOKIE_DAYS"]
    response.set_cookie(COMMENTER_COOKIE, urlencode(fields), **cookie_settings(days * 86400))


def _known_author_serializer() -> URLSafeTimedSerializer:
    return tokens.serializer(KNOWN_AUTHOR_PURPOSE)


def posted_here(request: Request) -> list[int]:
    """Return the ids of the comments this browser's signed cookie says it posted."""
    cookie = request.cookies.get(KNOWN_AUTHOR_COOKIE)
    if not cookie:
        return []
    max_age = current_app.config["COMMENTER_COOKIE_DAYS"] * 86400
    try:
        ids = _known_author_serializer().loads(cookie, max_age=max_age)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def is_vouched_for(request: Request, email: str) -> bool:
    """Say whether this browser posted an approved comment under the address typed now.

    The cookie vouches for comments, not addresses: typing someone's address, even after
    posting under it, proves nothing until an editor approves what this browser sent.
    """
    ids = posted_here(request)
    # No address, nothing to vouch for: every comment without one shares the empty digest.
    if not ids or not email:
        return False
    found = db.session.scalar(
        select(Comment.id)
        .where(
            Comment.id.in_(ids),
            Comment.author_email_hash == email_digest(email),
            Comment.status == CommentStatus.APPROVED,
        )
        .limit(1)
    )
    return found is not None


def vouch_for_author(response: Response, request: Request, comment_id: int) -> None:
    """Remember, in this browser alone, that it posted this comment."""
    # Only while the rule that reads it is on: no cookie is set that nothing needs.
    if not discussion.load().previous_approved:
        return
    ids = (posted_here(request) + [comment_id])[-KNOWN_AUTHOR_IDS:]
    days = current_app.config["COMMENTER_COOKIE_DAYS"]
    signed = _known_author_serializer().dumps(ids)
    response.set_cookie(KNOWN_AUTHOR_COOKIE, signed, **cookie_settings(days * 86400))
