"""Count the SQL statements a block of code runs, through SQLAlchemy's engine events."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from cms.extensions import db


@contextmanager
def counted_queries(app: Flask) -> Iterator[list[tuple[str, object]]]:
    """Record the SQL statements the app sends, with their parameters, while the block runs."""
    seen: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
