"""Staff accounts: create them, change their role, disable and enable them.

The users page and the `flask user` commands both call these, so both keep the same rules
and leave the same audit entries. ``by`` is the staff member acting, or None for an operator
at the command line.
"""

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEvent, Role, User
from . import sessions
from .login import find_user

PASSWORD_MIN = 8


class AccountError(ValueError):
    """Raised when an account change breaks a rule; the message is shown as it is."""


def _record(action: str, user: User, old: str, new: str, by: User | None) -> None:
    """Write an audit entry naming the account; no person acting means the command line."""
    detail = f"{user.email}: {old} → {new}" if old else f"{user.email} as {new}"
    db.session.add(
        AuditEvent(
            user_id=by.id if by else None,
            action=action,
            from_status=old,
            to_status=new,
            detail=detail if by else f"{detail} (command line)",
        )
    )


def all_users() -> list[User]:
    """Return every account, oldest first."""
    return list(db.session.scalars(select(User).order_by(User.created_at, User.id)))


def get_user(email: str) -> User:
    """Return the account with this email, or raise AccountError."""
    user = find_user(email)
    if user is None:
        raise AccountError(f"There is no account with the email {email}.")
    return user


def create(email: str, name: str, role: Role, password: str, by: User | None) -> User:
    """Add an account that can log in at once."""
    if find_user(email):
        raise AccountError(f"An account with the email {email} already exists.")
    name = name.strip()
    if not name:
        # The name signs their replies and bylines; without one the address would show.
        raise AccountError("Enter the name readers will see on their replies and articles.")
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"The password must be at least {PASSWORD_MIN} characters.")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _record("user-create", user, "", role.value, by)
    return user


def set_password(user: User, password: str, by: User | None) -> int:
    """Give the account a new password and end every login it had; return how many."""
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"The password must be at least {PASSWORD_MIN} characters.")
    user.set_password(password)
    # Whoever knew the old password, or holds a copy of a cookie, is logged out with it.
    ended = sessions.end_all(user)
    _record("password", user, "old password", "new password", by)
    return ended


def _not_yourself(user: User, by: User | None, doing: str) -> None:
    # An admin who demoted or disabled themselves could leave the site with no admin at all.
    if by is not None and by.id == user.id:
        raise AccountError(
            f"You cannot {doing} your own account; ask another admin to do it, "
            "so the site always keeps an admin who can log in."
        )


def set_role(user: User, role: Role, by: User | None) -> bool:
    """Give the account another role; return False when it already had it."""
    if user.role == role:
        return False
    _not_yourself(user, by, "change the role of")
    old = user.role
    user.role = role
    _record("role", user, old.value, role.value, by)
    return True


def set_disabled(user: User, disabled: bool, by: User | None) -> bool:
    """Disable or enable the account; return False when nothing changed."""
    if user.disabled == disabled:
        return False
    if disabled:
        _not_yourself(user, by, "disable")
    user.disabled = disabled
    if disabled:
        # Every browser logged in as them is logged out at its next request.
        sessions.end_all(user)
    old, new = ("active", "disabled") if disabled else ("disabled", "active")
    _record("disable" if disabled else "enable", user, old, new, by)
    return True
