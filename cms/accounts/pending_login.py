"""The half-done login between a right password and the second factor, kept in the session."""

import hashlib
import hmac
import time

from flask import current_app, session

from .. import tokens
from ..extensions import db
from ..models import User

KEY = "login_2fa"
PURPOSE = "pending-login"


def begin(user: User, target: str | None, remember: bool = False) -> None:
    """Remember who gave the right password, and when; they are not logged in yet."""
    session.clear()
    session[KEY] = {
        "user_id": user.id,
        "started": time.time(),
        "next": target or "",
        "remember": bool(remember),
        "password": _password_mark(user),
    }


def _password_mark(user: User) -> str:
    """Return a keyed mark of the account's password hash, so a change ends the half-login."""
    key = tokens.hmac_key(PURPOSE)
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()


def pending() -> tuple[User | None, str, bool]:
    """Return the account waiting for its second factor, where it was going and whether it
    asked to be kept logged in, or None once the half-done login has expired
    (LOGIN_2FA_SECONDS) or never began."""
    state = session.get(KEY)
    if not isinstance(state, dict):
        return None, "", False
    if time.time() - state.get("started", 0) > current_app.config["LOGIN_2FA_SECONDS"]:
        session.pop(KEY, None)
        return None, "", False
    user = db.session.get(User, state.get("user_id"))
    # A password changed since (or "log out everywhere" after one) ends it: the thief who
    # knew the old password must not finish with a code.
    stale = user is None or not hmac.compare_digest(
        str(state.get("password", "")), _password_mark(user)
    )
    if stale or not user.is_active or not user.has_2fa:
        session.pop(KEY, None)
        return None, "", False
    return user, state.get("next", ""), bool(state.get("remember"))
