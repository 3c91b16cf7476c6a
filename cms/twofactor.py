"""Two-factor login with a TOTP app, and the one-time recovery codes that stand in for it."""

import hashlib
import secrets

import pyotp
from flask import current_app
from sqlalchemy import delete, select

from .extensions import db
from .models import AuditEvent, RecoveryCode, User, utcnow

RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(user: User, secret: str) -> str:
    """Return the otpauth:// address an authenticator app reads to add this account."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["SITE_NAME"]
    )


def code_matches(secret: str, code: str) -> bool:
    """Check a six-digit code, allowing one 30-second step of clock drift either way."""
    code = "".join(code.split())
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


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
    if not code_matches(secret, code):
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    _record("2fa-enable", user, "two-factor login turned on")
    return new_recovery_codes(user)


def disable(user: User) -> None:
    """Turn off two-factor login and drop the account's recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    _record("2fa-disable", user, "two-factor login turned off")


def codes_left(user: User) -> int:
    query = select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return len(db.session.scalars(query).all())


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code of this account; each works once."""
    found = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    _record("recovery-code-used", user, f"a recovery code was used; {codes_left(user)} left")
    return True


def second_factor_ok(user: User, code: str) -> bool:
    """Accept a current code from the app, or else an unused recovery code."""
    if user.totp_secret and code_matches(user.totp_secret, code):
        return True
    return bool(_normal(code)) and use_recovery_code(user, code)
