"""Staff accounts and what each role may do."""

import enum
import secrets
from datetime import datetime
from functools import cache

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..privacy.crypto import EncryptedText
from .base import enum_column, utcnow


class Role(enum.StrEnum):
    MODERATOR = "moderator"
    EDITOR = "editor"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    COMMENTS = "comments"
    ARTICLES = "articles"
    SETTINGS = "settings"
    USERS = "users"


# Each role's permissions; a role reaches only the admin pages its permissions name.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MODERATOR: frozenset({Permission.COMMENTS}),
    Role.EDITOR: frozenset({Permission.COMMENTS, Permission.ARTICLES}),
    Role.ADMIN: frozenset(Permission),
}


# What each role is called where a staff member has no name: never their address.
ROLE_LABELS: dict[Role, str] = {
    Role.MODERATOR: "Moderator",
    Role.EDITOR: "Editor",
    Role.ADMIN: "Admin",
}


@cache
def _dummy_hash() -> str:
    """Return the hash of a password no one knows, made with the same method as real ones."""
    return generate_password_hash(secrets.token_hex(16))


def check_no_password(password: str) -> bool:
    """Check a password against no account, at the cost of checking a real one.

    Called for an unknown address so that a login takes as long whether or not the address
    has an account here: the time taken cannot tell a guesser which addresses are staff.
    """
    check_password_hash(_dummy_hash(), password)
    return False


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    # A disabled account keeps its history in the audit log but can no longer log in.
    disabled: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The TOTP shared secret (base32), encrypted at rest under EMAIL_KEY like addresses.
    totp_secret: Mapped[str | None] = mapped_column("totp_secret_sealed", EncryptedText)
    # Set once a code from the app has confirmed the secret; None means no second factor.
    totp_enabled_at: Mapped[datetime | None]
    # The last TOTP time step accepted, so a code cannot be used twice within its window.
    totp_last_step: Mapped[int | None]

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        # Flask-Login refuses to log in, and to load from a session, an inactive user.
        return not self.disabled

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def is_staff(self) -> bool:
        """Say whether this account may reach the admin pages at all."""
        return self.can(Permission.COMMENTS)

    @property
    def has_2fa(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    def get_id(self) -> str:
        """Return the token of this login (cms/accounts/sessions.py), what the cookies carry."""
        token = getattr(self, "session_token", None)
        if not token:
            raise RuntimeError("A staff login must be started (staff_sessions.start) first.")
        return token

    @property
    def display_name(self) -> str:
        """Return the name shown for this account; the role when it has none, never the
        address, which would otherwise be published on replies and bylines."""
        return self.name.strip() if self.name and self.name.strip() else ROLE_LABELS[self.role]
