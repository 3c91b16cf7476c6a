"""The session cookie: Flask's own signed cookie, its serializer built once per secret."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

# Where each app keeps its serializer, with the secrets it was built from.
_KEPT = "cms.session_serializer"


class SessionCookie(SecureCookieSessionInterface):
    """Flask's session cookie, unchanged but for the serializer, which Flask builds afresh
    twice per request (to read the cookie and to write it) and which holds only its keys."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return the serializer for the app's current secrets, built once for them."""
        if not app.secret_key:
            return None
        # A changed SECRET_KEY or SECRET_KEY_FALLBACKS builds a new one, as Flask would.
        secrets = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = app.extensions.get(_KEPT)
        if kept is None or kept[0] != secrets:
            kept = secrets, super().get_signing_serializer(app)
            app.extensions[_KEPT] = kept
        return kept[1]
