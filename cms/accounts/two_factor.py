"""Two-factor login with a TOTP app, and the one-time recovery codes that stand in for it."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import pyotp
from flask import current_app
from sqlalchemy import delete, or_, select, update

from ..extensions import db
from ..models import AuditEvent, RecoveryCode, User, utcnow

RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(user: User, secret: str) -> str:
    """Return the otpauth:// address an authenticator app reads to add this account."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["SITE_NAME"]
    )


def matching_step(secret: str, code: str) -> int | None:
    """Return the time step a six-digit code belongs to, allowing one 30-second step of
    clock drift either way, or None when it matches none of them."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.now(UTC))
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def spend_step(user: User, step: int) -> bool:
    """Mark this time step used for the account; False when it, or a later one, already was.

    One conditional UPDATE, so of two logins sending the same code at once only one
    changes the row: a code seen over someone's shoulder cannot be replayed within its window.
    """
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def _normal(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash(code: str) -> str:
    # A plain SHA-256 is enough: each code carries 80 random bits, far too many to
    # search from a leaked hash, unlike a password a person chose.
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _new_code() -> str:
    """Return a code like 3f9a-07c2-e41b-5d20-9ac1: 80 random bits, easy to copy."""
    raw = secrets.token_hex(10)
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def _record(action: str, user: User, detail: str) -> None:
    """Write an audit entry about an account's second factor; never a secret or a code."""
    db.session.add(AuditEvent(user_id=user.id, action=action, detail=f"{user.email}: {detail}"))


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with fresh ones; return them to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    _record("recovery-codes-new", user, f"{len(codes)} new recovery codes")
    return codes


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Turn on two-factor login if ``code`` proves the app holds ``secret``; return the
    new recovery codes, or None when the code does not match."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    # The code that turned it on cannot log in again.
    user.totp_last_step = step
    user.totp_enabled_at = utcnow()
    _record("2fa-enable", user, "two-factor login turned on")
    return new_recovery_codes(user)


def disable(user: User) -> None:
    """Turn off two-factor login and drop the account's recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    _record("2fa-disable", user, "two-factor login turned off")


def codes_left(user: User) -> int:
    query = select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return len(db.session.scalars(query).all())


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code of this account; each works once."""
    # One conditional UPDATE, not a read then a write, so two logins sending the same
    # code at once cannot both see it unused: only the one whose UPDATE changed a row wins.
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    _record("recovery-code-used", user, f"a recovery code was used; {codes_left(user)} left")
    return True


def second_factor_ok(user: User, code: str) -> bool:
    """Accept a current code from the app not used before, or else an unused recovery code."""
    step = matching_step(user.totp_secret, code) if user.totp_secret else None
    if step is not None:
        return spend_step(user, step)
    return bool(_normal(code)) and use_recovery_code(user, code)
