"""How the app talks to its database: SQLite tuned for several writers, or PostgreSQL.

SQLite is the default and must not fail under a burst of comments: WAL lets readers go on
while one writer commits, and the busy timeout makes a second writer wait its turn instead
of answering "database is locked". Foreign keys are off in SQLite unless each connection
asks, and the schema's ON DELETE rules depend on them.

PostgreSQL cancels any statement of a web request that runs past
DATABASE_STATEMENT_TIMEOUT_MS, so a runaway query ends with a clean error page rather than
holding its worker until gunicorn kills it (and the query runs on without it).
"""

import contextlib
import os
from collections.abc import Mapping
from typing import Any

import click
from sqlalchemy import event
from sqlalchemy.engine import Engine


def statement_timeout_ms(config: Mapping[str, Any]) -> int:
    """Return the statement timeout for this process: none for the flask commands."""
    # An import of 200,000 comments, a backup or a migration may rightly take minutes, and
    # nobody waits on it in a browser; an app made by the flask command runs in click's context.
    if click.get_current_context(silent=True) is not None:
        return 0
    return max(int(config.get("DATABASE_STATEMENT_TIMEOUT_MS") or 0), 0)


def engine_options(url: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """Return SQLAlchemy engine options suited to the database this URL names."""
    if url.startswith("sqlite"):
        # sqlite3's own timeout is the busy timeout, in seconds.
        return {"connect_args": {"timeout": config["SQLITE_BUSY_TIMEOUT_MS"] / 1000}}
    # A pooled connection the server dropped (restart, failover) is replaced, not reused.
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("postgresql") and (timeout := statement_timeout_ms(config)):
        # Set once per connection by the server itself: no query per request.
        options["connect_args"] = {"options": f"-c statement_timeout={timeout}"}
    return options


def _tune_sqlite(connection: Any, _record: Any) -> None:
    """Set each new SQLite connection up: WAL, foreign keys on, durable enough commits."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # In WAL mode NORMAL loses no committed transaction on a process crash (only, perhaps,
    # the last ones on a power cut), and saves an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_private(path: str | None) -> None:
    """Create a missing SQLite file readable by its owner only.

    SQLite gives its -wal and -shm files the mode of the database file, so all three hold
    the comments, IPs and sealed secrets away from the machine's other accounts.
    """
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def tune(engine: Engine) -> None:
    """Register the per-connection setup on the app's engine when it is SQLite."""
    if engine.dialect.name == "sqlite":
        with contextlib.suppress(FileExistsError, FileNotFoundError):
            _create_private(engine.url.database)
        event.listen(engine, "connect", _tune_sqlite)
