"""Comment threads whose stored parents loop, written straight into the database, and a
bound that turns a request or query that would loop for ever into a failing test."""

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import event, update

from cms.extensions import db
from cms.models import Comment, CommentStatus
from tests.support.site import add_comment

START = datetime(2024, 6, 1, 12, 0)
# Each cycle as the labels of its comments, oldest first; each answers the next, the last
# answers the first: a comment that is its own parent, a pair, and a longer ring.
CYCLES = {"self": ["Loop"], "pair": ["Ping", "Pong"], "ring": ["One", "Two", "Three"]}
# Long enough for a slow machine to render a page; far shorter than a worker's life.
SECONDS = 10


def store_cycle(app: Flask, labels: list[str]) -> dict[str, int]:
    """Store approved comments whose parents form a cycle (bypassing every check)."""
    ids = {
        name: add_comment(
            app,
            name,
            CommentStatus.APPROVED,
            created_at=START + timedelta(hours=n),
            author_name=f"Author {name}",
        )
        for n, name in enumerate(labels)
    }
    order = list(ids.values())
    with app.app_context():
        for n, comment_id in enumerate(order):
            parent = order[(n + 1) % len(order)]
            db.session.execute(
                update(Comment).where(Comment.id == comment_id).values(parent_id=parent)
            )
        db.session.commit()
    return ids


def _stop(_signum: int, _frame: object) -> None:
    raise TimeoutError(f"still running after {SECONDS} s: a walk that loops")


@contextmanager
def finishes_in_time(app: Flask) -> Iterator[None]:
    """Fail, rather than hang, if the block runs past SECONDS, in Python or in SQL."""
    deadline = time.monotonic() + SECONDS
    with app.app_context():
        engine = db.engine
        engine.dispose()  # new connections, so each gets the guard below

    def guard(connection: object, _record: object) -> None:
        # SQLite runs a recursive query in C, out of reach of the alarm: ask it to give up.
        if engine.dialect.name == "sqlite":
            connection.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)  # type: ignore[attr-defined]

    event.listen(engine, "connect", guard)
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        event.remove(engine, "connect", guard)
