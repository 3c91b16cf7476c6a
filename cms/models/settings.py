"""Site settings that editors change at run time, stored as key and JSON value."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Setting(db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # JSON text, so booleans, numbers and word lists keep their type.
    value: Mapped[str] = mapped_column(Text)
