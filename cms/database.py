"""How the app talks to its database: SQLite tuned for several writers, or PostgreSQL.

SQLite is the default and must not fail under a burst of comments: WAL lets readers go on
while one writer commits, and the busy timeout makes a second writer wait its turn instead
of answering "database is locked". Foreign keys are off in SQLite unless each connection
asks, and the schema's ON DELETE rules depend on them.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def engine_options(url: str, busy_timeout_ms: int) -> dict[str, Any]:
    """Return SQLAlchemy engine options suited to the database this URL names."""
    if url.startswith("sqlite"):
        # sqlite3's own timeout is the busy timeout, in seconds.
        return {"connect_args": {"timeout": busy_timeout_ms / 1000}}
    # A pooled connection the server dropped (restart, failover) is replaced, not reused.
    return {"pool_pre_ping": True}


def _tune_sqlite(connection: Any, _record: Any) -> None:
    """Set each new SQLite connection up: WAL, foreign keys on, durable enough commits."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # In WAL mode NORMAL loses no committed transaction on a process crash (only, perhaps,
    # the last ones on a power cut), and saves an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tune(engine: Engine) -> None:
    """Register the per-connection setup on the app's engine when it is SQLite."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
