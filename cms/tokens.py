"""Every purpose the site signs a value for, with its salt; and signed one-click links for mail.

The same list keys the HMACs the site keeps to itself (hmac_key): each purpose's key is
derived from SECRET_KEY under its salt, never the raw secret.

Each signed value (a mailed link, the comment form's token and its stamp, the known-author
cookie, the "Forget me" token) is signed with SECRET_KEY under the salt of its purpose, from
the one list below, so a value signed for one purpose never verifies as another. A mailed
link also has a random id, and carries only ids (a comment, a user, a subscription), never
an address or text, so it reveals nothing if it ends up in a log. The salt makes a link
single-purpose: an approve link's signature does not verify as a spam link. Links that
change something once are single-use: their id is stored in MailToken when used.
"""

import functools
import hashlib
import hmac
import logging
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import MailToken

log = logging.getLogger(__name__)

# Every purpose and its salt. Each salt is exactly what the site has always signed with:
# changing one breaks every link already mailed and every form already open.
SALTS: dict[str, str] = {
    # Mailed links: moderate a comment, confirm or end a subscription.
    "approve": "cms.mail-link.approve",
    "spam": "cms.mail-link.spam",
    "trash": "cms.mail-link.trash",
    "confirm": "cms.mail-link.confirm",
    "unsubscribe": "cms.mail-link.unsubscribe",
    # A commenter's own link to see, download or erase what the site holds about them; it
    # carries the keyed hash of the address, never the address.
    "data": "cms.mail-link.data",
    # A commenter's own link to one comment: see, change or withdraw it, with no account.
    "own-comment": "cms.own-comment",
    # The comment form's token, naming its article (cms/comments/form_token.py).
    "comment-form": "comment-form-token",
    # When the comment form was shown (cms/comments/antispam.py).
    "comment-shown": "comment-form-shown",
    # The ids of the comments a browser posted, in its cookie (cms/comments/posting.py).
    "known-author": "comment-known-author",
    # The "Forget me" form's token, bound to the remembered name's cookie
    # (cms/privacy/forget_token.py).
    "forget-me": "cms.forget-me",
    # Keys of HMACs the site keeps rather than sends (hmac_key), not signers' salts:
    # an address's count of failed logins (cms/accounts/throttle.py) ...
    "login-throttle": "cms.hmac.login-throttle",
    # ... and a half-done login's mark of the password hash (cms/accounts/pending_login.py).
    "pending-login": "cms.hmac.pending-login",
}
# The purposes whose salt keys an HMAC the site keeps, never a signature it hands out.
HMAC_PURPOSES = frozenset({"login-throttle", "pending-login"})
# The salts the libraries sign with under the same SECRET_KEY, which none above may equal:
# Flask's session cookie and Flask-WTF's session-bound CSRF token.
LIBRARY_SALTS = frozenset({"cookie-session", "wtf-csrf-token"})
# The purposes a mailed link may have (make and read take no other). The moves among them
# are exactly moderation.MAILED's, written out because importing the table here would be a
# cycle (moderation imports the mail, which signs links); tests/test_tokens.py holds them in step.
PURPOSES = frozenset({"approve", "spam", "trash", "confirm", "unsubscribe", "data", "own-comment"})


class LinkError(Exception):
    """A mailed link that cannot be used; ``status`` is the HTTP code its page answers."""

    status = 400
    title = "This link does not work"
    message = (
        "This link is not valid. It may have been cut short or changed when it was copied. "
        "Open it again from the email, or copy the whole address."
    )


class LinkExpired(LinkError):
    status = 410
    title = "This link has expired"
    message = "Links in our emails work for a limited time, and this one is too old."


class LinkUsed(LinkError):
    status = 410
    title = "This link was already used"
    message = "Each link in our emails works once, and this one has been used already."


def serializer(
    purpose: str, signer: type[TimestampSigner] = TimestampSigner
) -> URLSafeTimedSerializer:
    """Return the serializer for one purpose, keyed by the app's secret under its salt."""
    if purpose not in SALTS:
        raise ValueError(f"unknown signing purpose {purpose!r}")
    return _serializer(current_app.secret_key, SALTS[purpose], signer)


@functools.lru_cache(maxsize=64)
def _serializer(
    secret: str | bytes, salt: str, signer: type[TimestampSigner]
) -> URLSafeTimedSerializer:
    # Built once per secret and purpose, not per use: every post checks a form token and a
    # stamp. It holds nothing but its keys, so threads share it; a new SECRET_KEY is a new entry.
    return URLSafeTimedSerializer(secret, salt=salt, signer=signer)


def signer(purpose: str) -> TimestampSigner:
    """Return the timestamped signer for one purpose, for a signature sent apart from its
    value (the value is one the browser sends back anyway)."""
    return serializer(purpose).make_signer()


def hmac_key(purpose: str) -> bytes:
    """Return the key for ``purpose``'s HMACs, derived from SECRET_KEY under its salt."""
    # Never SECRET_KEY itself: a mark made for one purpose must not be one for another.
    if purpose not in HMAC_PURPOSES:
        raise ValueError(f"unknown HMAC purpose {purpose!r}")
    secret = current_app.secret_key
    key = secret if isinstance(secret, bytes) else str(secret).encode()
    return hmac.new(key, SALTS[purpose].encode(), hashlib.sha256).digest()


# The signatures made this second, by key, purpose and value (signed_this_second).
_THIS_SECOND: dict[tuple[object, str, object], tuple[int, str]] = {}
# Past this many values the memory is emptied: a value is an article id or a constant.
_THIS_SECOND_MAX = 10_000


def signed_this_second(purpose: str, value: int | str) -> str:
    """Return ``value`` signed for ``purpose``, as ``serializer(purpose).dumps`` would.

    A timestamped signature depends only on the key, the salt, the value and the whole
    second it is made in, so until the second moves the same one comes out again: signing
    it once per second gives the same answer without the HMAC. Every shared page with the
    comment form asks for two, on every response.
    """
    second = int(time.time())
    key = (current_app.secret_key, purpose, value)
    known = _THIS_SECOND.get(key)
    if known is not None and known[0] == second:
        return known[1]
    signed = serializer(purpose).dumps(value)
    # Kept only if it was made within that second, so its timestamp is the second's own.
    if int(time.time()) == second:
        if len(_THIS_SECOND) >= _THIS_SECOND_MAX:
            _THIS_SECOND.clear()
        _THIS_SECOND[key] = (second, signed)
    return signed


def _link_serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    return serializer(purpose)


def make(purpose: str, **claims: int | str) -> str:
    """Sign a new link for ``purpose`` carrying ``claims`` and a fresh random id."""
    return _link_serializer(purpose).dumps(
        {**claims, "purpose": purpose, "jti": secrets.token_hex(16)}
    )


def read(purpose: str, token: str, max_age: int | None) -> dict[str, Any]:
    """Return a link's claims, or raise LinkError if it is forged, altered or too old."""
    try:
        claims = _link_serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkExpired() from error
    except BadData as error:
        raise LinkError() from error
    if not isinstance(claims, dict) or claims.get("purpose") != purpose:
        raise LinkError()
    return claims


def check_unused(claims: dict[str, Any]) -> None:
    """Raise LinkUsed if this single-use link has been used."""
    if db.session.get(MailToken, claims["jti"]) is not None:
        raise LinkUsed()


def commit_use(claims: dict[str, Any]) -> None:
    """Commit what a single-use link did, together with the record that it was used."""
    use(claims)
    try:
        db.session.commit()
    except IntegrityError as error:
        # The same link pressed twice at once: the first press won.
        raise LinkUsed() from error


def use(claims: dict[str, Any]) -> None:
    """Mark a single-use link used, in the transaction of what it does."""
    check_unused(claims)
    db.session.add(MailToken(jti=claims["jti"]))


def external_url(endpoint: str, **values: Any) -> str | None:
    """Return an absolute URL under SITE_URL, the site's one public address.

    Never the request's host: the Host header is whatever the sender typed, and a mailed
    link on an attacker's host would hand them the token it carries. Without SITE_URL there
    is no address to give; the caller leaves the link out rather than failing.
    """
    anchor = values.pop("_anchor", None)
    site = current_app.config.get("SITE_URL")
    if not site:
        # Said once at startup (cms/__init__.py); once per link would flood the log.
        log.debug("SITE_URL is not set: absolute links were left out")
        return None
    parts = urlsplit(site)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url
