"""Failed-login counting: after too many failures, refuse further tries for a while."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .. import tokens
from ..extensions import db
from ..http.client import client_network
from ..models import FailureKind, LoginFailure, utcnow

PURPOSE = "login-throttle"
# The same words whether or not the address has an account, so throttling reveals nothing.
MESSAGE = "Too many failed logins. Please wait 15 minutes and try again."


def account_key(email: str) -> str:
    """Return the key under which an address's failures are counted: an HMAC, never the
    address itself, since guesses may name commenters who have no account here."""
    normal = email.strip().lower().encode()
    return hmac.new(tokens.hmac_key(PURPOSE), normal, hashlib.sha256).hexdigest()


def _since() -> object:
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_THROTTLE_WINDOW"])


def _failures(kind: FailureKind, key: str) -> int:
    query = select(func.count()).where(
        LoginFailure.key_kind == kind, LoginFailure.key == key, LoginFailure.created_at > _since()
    )
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class Attempt:
    """One login try, already counted: the rows it stored against the address and the IP."""

    ids: tuple[int, ...]


def count_attempt(email: str, ip: str) -> Attempt:
    """Store a try against the address and the IP, before it is judged, and commit it.

    Counted first, judged after: tries arriving at once each see the others that were
    stored before them, so no burst of guesses can get past the limit together.
    """
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at <= _since()))
    rows = [
        LoginFailure(key_kind=FailureKind.ACCOUNT, key=account_key(email)),
        LoginFailure(key_kind=FailureKind.IP, key=client_network(ip)),
    ]
    db.session.add_all(rows)
    db.session.flush()
    # Read before the commit: a login succeeding meanwhile may clear these rows at once.
    attempt = Attempt(ids=tuple(row.id for row in rows))
    db.session.commit()
    return attempt


def is_throttled(email: str, ip: str) -> bool:
    """Say whether this address, or this IP, has more tries in the window than allowed;
    asked after count_attempt, so the count includes the try being judged."""
    config = current_app.config
    if _failures(FailureKind.ACCOUNT, account_key(email)) > config["LOGIN_THROTTLE_ACCOUNT"]:
        return True
    return _failures(FailureKind.IP, client_network(ip)) > config["LOGIN_THROTTLE_IP"]


def discard(attempt: Attempt) -> None:
    """Uncount a try that was refused unheard or gave the right answer; a wrong one stays."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt.ids)))
    db.session.commit()


def clear_account(email: str) -> None:
    """Forget an address's failures after a successful login; the IP's count stays."""
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.key_kind == FailureKind.ACCOUNT, LoginFailure.key == account_key(email)
        )
    )
