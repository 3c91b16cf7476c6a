"""The comment form's CSRF protection, without a session: a signed token and an Origin check.

Why this protects an anonymous form as well as a session-bound token does, while letting
every reader receive the same cacheable page:
- Cross-site request forgery matters when a request carries the victim's credentials. An
  anonymous commenter has none the form relies on; the cookies that do exist (the session's
  pending previews, the remembered name) are SameSite=Lax, so a browser leaves them off a
  POST another site starts.
- Every browser sends Origin on a cross-site POST, and Sec-Fetch-Site says "cross-site":
  either one naming another site refuses the post. A missing Origin is allowed, for old
  clients; such a request still needs the token.
- The token is signed with SECRET_KEY under its own salt, names the article, and expires,
  so a token cannot be forged, moved to another article, or kept forever. It is the same for
  every reader of an article, which is what lets a proxy serve one cached page to all.
Every other form of the site keeps Flask-WTF's session-bound token.
"""

from urllib.parse import urlsplit

from flask import Request, current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import tokens

# Its own salt (cms/tokens.py): no other signed value of the site (a form stamp, a mail
# link) can pass.
PURPOSE = "comment-form"
SALT = tokens.SALTS[PURPOSE]
REFUSED_ORIGIN = (
    "This comment was sent from a page on another website, so it was not posted. "
    "Everything you typed is below: if you meant to comment here, please send it again."
)


def _serializer() -> URLSafeTimedSerializer:
    return tokens.serializer(PURPOSE)


def sign(article_id: int) -> str:
    """Return a token that lets a form post a comment to this article for a while."""
    return tokens.signed_this_second(PURPOSE, article_id)


def is_valid(token: str | None, article_id: int) -> bool:
    """Say whether ``token`` is ours, recent enough, and made for this article."""
    if not token:
        return False
    try:
        named = _serializer().loads(token, max_age=current_app.config["COMMENT_TOKEN_SECONDS"])
    except BadSignature:
        return False
    return named == article_id


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def is_same_origin(request: Request) -> bool:
    """Say whether the post came from a page of this site, as far as the browser tells."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    # "null" is what a sandboxed frame or a data: page sends: never one of our pages.
    ours = {_origin(request.host_url)}
    if site_url := current_app.config.get("SITE_URL"):
        ours.add(_origin(site_url))
    return _origin(origin) in ours
