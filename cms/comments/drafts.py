"""Comment forms sent back for correction, kept as a draft so the answer can be a redirect.

A failed post answers 303 to the article (post, redirect, get), so a reload shows the page
again instead of sending the comment twice. The article shows the draft once, filled in as
typed with its messages, and forgets it.

Most drafts travel in a cookie of their own, sealed (encrypted and authenticated with the
address key, stamped with the time): it holds an address and words never published, which
only this browser carries and nobody along the way can read or change. Neither the post nor
the page after it writes to the database, so a refused post costs no more than an accepted
one. A draft too large for a cookie is kept in the database instead, found by the hash of a
random token kept in this browser's session, so no other browser can read it; its payload is
encrypted too. A robot cannot fill the database with drafts: one per session (a new one
replaces the old), a capped size, a cap on how many are kept at once, and an hour's life.
Past a cap, the form is answered directly, as before.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from flask import after_this_request, request, session
from sqlalchemy import delete, func, select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..extensions import db
from ..http.headers import COOKIE_SCOPE, cookie_settings
from ..models import CommentDraft, utcnow
from ..privacy.crypto import seal, unseal
from .forms import CommentForm

DRAFT_KEY = "comment_draft"
# The cookie a draft travels in when it fits one.
DRAFT_COOKIE = "comment_draft"
# The longest sealed draft sent as a cookie: with its name and attributes it stays under the
# 4,096 bytes every browser keeps. A comment of about 2,000 characters fits; longer ones wait
# in the database.
DRAFT_COOKIE_MAX = 3_800
# How long a draft waits for the redirect that shows it; pruned after (cms/privacy/retention.py).
DRAFT_LIFE = timedelta(hours=1)
DRAFT_SECONDS = int(DRAFT_LIFE.total_seconds())
# The largest payload kept: a comment at its full 65,525 characters, in any script, fits.
DRAFT_MAX_BYTES = 300_000
# How many drafts may wait at once, whoever sent them; past it, forms are answered directly
# (nothing typed is lost). With DRAFT_MAX_BYTES this bounds the table near 300 MB even when
# many clients send full-size forms without a session.
DRAFTS_KEPT_MAX = 1_000
# The fields a person sets, kept as they were sent (the form's filters run again on reading).
FIELDS = ("comment", "author", "email", "url", "comment_parent", "remember", "notify", "shown")


def _hash(token: str) -> str:
    """Return what the table keeps of a session's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _payload(form: CommentForm, article_id: int) -> str:
    """Return the form's fields as sent, its messages and its article, as JSON."""
    # A field may be absent: the notify box is left out when the site cannot send mail.
    fields = {
        name: form[name].raw_data[0] for name in FIELDS if name in form and form[name].raw_data
    }
    errors = {field.name: list(field.errors) for field in form if field.errors}
    return json.dumps(
        {
            "article": article_id,
            "fields": fields,
            "errors": errors,
            "form_errors": list(form.form_errors),
        },
        ensure_ascii=False,
    )


def _drop_own() -> None:
    """Delete the draft this session left before, if any: one draft per session."""
    token = session.pop(DRAFT_KEY, None)
    if isinstance(token, str):
        db.session.execute(delete(CommentDraft).where(CommentDraft.token_hash == _hash(token)))


def keep(form: CommentForm, article_id: int, response: Response) -> bool:
    """Keep the form as this browser's draft, the redirect ``response`` carrying it when it
    fits a cookie; say False when the form must be answered directly instead."""
    payload = _payload(form, article_id)
    sealed = seal(payload)
    if len(sealed) <= DRAFT_COOKIE_MAX:
        # Only one draft waits: one left in the database before would be shown first.
        if DRAFT_KEY in session:
            _drop_own()
            db.session.commit()
        response.set_cookie(DRAFT_COOKIE, sealed, **cookie_settings(DRAFT_SECONDS))
        return True
    if not _keep_stored(payload):
        return False
    response.delete_cookie(DRAFT_COOKIE, **COOKIE_SCOPE)
    return True


def _keep_stored(payload: str) -> bool:
    """Store the payload as this session's draft in the database; False past a cap."""
    _drop_own()
    kept = db.session.scalar(select(func.count()).select_from(CommentDraft))
    if len(payload.encode()) > DRAFT_MAX_BYTES or kept >= DRAFTS_KEPT_MAX:
        db.session.commit()
        return False
    token = secrets.token_urlsafe(32)
    db.session.add(CommentDraft(token_hash=_hash(token), payload=payload))
    db.session.commit()
    session[DRAFT_KEY] = token
    return True


def has_draft() -> bool:
    """Say whether this browser has a draft waiting, which makes its next page personal."""
    return bool(request.cookies.get(DRAFT_COOKIE)) or DRAFT_KEY in session


def take(article_id: int) -> CommentForm | None:
    """Return this browser's draft for this article as a form with its messages, forgetting
    it; None when there is none for this article."""
    if request.cookies.get(DRAFT_COOKIE):
        data = _take_cookie(article_id)
    else:
        data = _take_stored(article_id)
    if data is None:
        return None
    form = CommentForm(formdata=MultiDict(data["fields"]))
    for name, messages in data["errors"].items():
        if name in form:
            form[name].errors = messages
    form.form_errors = data["form_errors"]
    return form


def _take_cookie(article_id: int) -> dict | None:
    """Return the draft the cookie carries if it is this article's, deleting the cookie; a
    cookie that is too old, changed or not ours is deleted too."""
    # Sealed here, so what comes back unsealed is a payload _payload wrote.
    payload = unseal(request.cookies[DRAFT_COOKIE], DRAFT_SECONDS)
    data = json.loads(payload) if payload is not None else None
    # Another article's page leaves the draft for its own: never mixed up.
    if data is not None and data.get("article") != article_id:
        return None

    @after_this_request
    def forget(response: Response) -> Response:
        response.delete_cookie(DRAFT_COOKIE, **COOKIE_SCOPE)
        return response

    return data


def _take_stored(article_id: int) -> dict | None:
    """Return this session's draft in the database if it is this article's, deleting it."""
    token = session.get(DRAFT_KEY)
    draft = db.session.get(CommentDraft, _hash(token)) if isinstance(token, str) else None
    data = json.loads(draft.payload) if draft is not None else None
    # Another article's page leaves the draft for its own (or for pruning): never mixed up.
    if data is not None and data.get("article") != article_id:
        return None
    session.pop(DRAFT_KEY, None)
    if draft is None:
        return None
    db.session.delete(draft)
    db.session.commit()
    if draft.created_at < utcnow() - DRAFT_LIFE:
        return None
    return data


def prune() -> int:
    """Delete drafts older than their life; return how many."""
    old = delete(CommentDraft).where(CommentDraft.created_at < utcnow() - DRAFT_LIFE)
    return db.session.execute(old).rowcount
