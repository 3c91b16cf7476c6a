"""What every model module shares: the clock and the enum column type."""

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum

from ..extensions import db


def utcnow() -> datetime:
    """Return the current time in UTC, naive, as every stored timestamp is."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(kind: type[enum.Enum]) -> Enum:
    """Store an enum by its value in a plain string column, portable across databases."""
    return db.Enum(
        kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )
