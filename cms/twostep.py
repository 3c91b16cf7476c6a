"""The half-done login between a right password and the second factor, kept in the session."""

import time

from flask import current_app, session

from .extensions import db
from .models import User

KEY = "login_2fa"


def begin(user: User, target: str | None, remember: bool = False) -> None:
    """Remember who gave the right password, and when; they are not logged in yet."""
    session.clear()
    session[KEY] = {
        "user_id": user.id,
        "started": time.time(),
        "next": target or "",
        "remember": bool(remember),
    }


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
    if user is None or not user.is_active or not user.has_2fa:
        session.pop(KEY, None)
        return None, "", False
    return user, state.get("next", ""), bool(state.get("remember"))
