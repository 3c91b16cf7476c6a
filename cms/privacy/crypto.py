"""Commenters' email addresses at rest: encrypted (Fernet), with a keyed hash for equality.

A copy of the database alone reveals no address: the key lives apart (EMAIL_KEY, by default
instance/email_key). Lookups that need equality (a known commenter, flood control, a
subscription) compare HMACs of the normalised address, which cannot be reversed by guessing
addresses without the key.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text, column, select, update
from sqlalchemy import table as sa_table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator


def email_keys() -> list[str]:
    """Return the configured keys, the one that encrypts first."""
    return [k.strip() for k in str(current_app.config["EMAIL_KEY"]).split(",") if k.strip()]


@functools.cache
def _derive(key: str, purpose: bytes) -> bytes:
    # One secret serves both uses; each gets its own derived key. Cached by the key itself:
    # every post hashes and encrypts an address, and a changed EMAIL_KEY is a new entry.
    return hashlib.sha256(purpose + b"\0" + key.encode()).digest()


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(email_keys()))


@functools.cache
def _fernet_for(secrets: tuple[str, ...]) -> MultiFernet:
    keys = [base64.urlsafe_b64encode(_derive(k, b"fernet")) for k in secrets]
    return MultiFernet([Fernet(k) for k in keys])


def normalise(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    """Return the keyed hash of an address, for equality lookups."""
    key = _derive(email_keys()[0], b"hmac")
    return hmac.new(key, normalise(email).encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        # Never shown to a reader: the wrong key is an operator's problem, said plainly.
        raise RuntimeError("An email address could not be decrypted: check EMAIL_KEY.") from error


def seal(value: str) -> str:
    """Return ``value`` encrypted and authenticated, stamped with the time: for a value that
    leaves the server (a cookie) and must come back unread and unchanged."""
    return encrypt(value)


def unseal(token: str, max_age: int) -> str | None:
    """Return what ``seal`` made ``token`` from, or None when it is older than ``max_age``
    seconds, was changed, or was never sealed here (a cookie is whatever a client sends)."""
    try:
        return _fernet().decrypt(token.encode(), ttl=max_age).decode()
    except (InvalidToken, UnicodeError):
        return None


def reencrypt(token: str) -> str:
    """Return the token encrypted under the first key, whichever key made it."""
    return _fernet().rotate(token.encode()).decode()


class EncryptedText(TypeDecorator):
    """A text column stored encrypted; Python code reads and writes the plain value."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return encrypt(value) if value else value

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return decrypt(value) if value else value


# Each table holding addresses: (table, id column, address column, hash column).
ADDRESS_COLUMNS = (
    ("comments", "id", "author_email", "author_email_hash"),
    ("subscriptions", "id", "email", "email_hash"),
)
# Columns encrypted whole, with no hash beside them: the outbox, and staff TOTP secrets.
WHOLE_COLUMNS = (
    ("outbox", "id", ("to_address", "body")),
    ("users", "id", ("totp_secret_sealed",)),
)


def reencrypt_all(session: Session) -> int:
    """Encrypt every stored address under the first key and rehash it; return how many.

    Plain columns, not the models: the rows are rewritten token by token, whichever of the
    configured keys made each one.
    """
    done = 0
    for name, key, address, digest in ADDRESS_COLUMNS:
        table = sa_table(name, column(key), column(address), column(digest))
        for row_id, token in session.execute(select(table.c[key], table.c[address])).all():
            if not token:
                continue
            session.execute(
                update(table)
                .where(table.c[key] == row_id)
                .values({address: reencrypt(token), digest: email_digest(decrypt(token))})
            )
            done += 1
    for name, key, columns in WHOLE_COLUMNS:
        table = sa_table(name, column(key), *(column(c) for c in columns))
        for row in session.execute(select(table)).mappings().all():
            values = {c: reencrypt(row[c]) for c in columns if row[c]}
            if values:
                session.execute(update(table).where(table.c[key] == row[key]).values(values))
    return done
