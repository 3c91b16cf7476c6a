"""The fast path's database connections: one per thread, kept from one request to the next.

cms/http/fast_path.py reads the page validator for every request it answers, and taking a
pooled connection out and giving it back (SQLAlchemy's bookkeeping and its reset) cost more
than the query: under gunicorn, 0.02 ms of the 0.25 ms a worker spent on a request. So each
thread keeps a connection of its own, outside the pool, and ends the read's transaction
after each query as the pool's return did: every read sees every commit made before it.

Kept out of the pool, each is closed here: when a read fails (a lost connection is not
reused) and when the engine is disposed of. A process forked from one that kept some opens
its own: a database connection must never be used on both sides of a fork.
"""

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection

Read = TypeVar("Read")
# Connections opened before a fork, in the process that forked: never closed or freed in
# the child, where closing one would act on the parent's database session.
_INHERITED: list[DBAPIConnection] = []


class KeptConnections:
    """One DB-API connection per thread of this process, for one engine's short reads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()
        self._lock = threading.Lock()
        # Every thread's connection, so disposing of the engine closes them all.
        self._open: list[DBAPIConnection] = []
        self._pid = os.getpid()
        event.listen(engine, "engine_disposed", self._dispose)

    def run(self, read: Callable[..., Read], *args: Any) -> Read:
        """Run ``read(connection, *args)`` on this thread's connection, then end its transaction.

        Any error closes the connection (it may be the one the server dropped, or be left
        inside a transaction) and goes on to the caller.
        """
        connection = self._connection()
        try:
            found = read(connection, *args)
            connection.rollback()
        except Exception:
            self._close(connection)
            raise
        return found

    def _connection(self) -> DBAPIConnection:
        """Return this thread's connection, opened on first use in this process."""
        if self._pid != os.getpid():
            self._forked()
        connection = getattr(self._local, "connection", None)
        if connection is None:
            proxied = self.engine.raw_connection()
            # Out of the pool: it neither counts against the pool's size nor goes back.
            proxied.detach()
            connection = proxied.dbapi_connection
            self._local.connection = connection
            with self._lock:
                self._open.append(connection)
        return connection

    def _close(self, connection: DBAPIConnection) -> None:
        """Close one connection and forget it."""
        with self._lock:
            if connection in self._open:
                self._open.remove(connection)
        if getattr(self._local, "connection", None) is connection:
            self._local.connection = None
        try:
            connection.close()
        except self.engine.dialect.loaded_dbapi.Error:
            pass  # already gone with the server: nothing left to close

    def _dispose(self, _engine: Engine) -> None:
        """Close every thread's connection along with the engine's pool."""
        if self._pid != os.getpid():
            # A forked process disposing of what it inherited (dispose(close=False)).
            self._forked()
            return
        with self._lock:
            connections, self._open = self._open, []
        for connection in connections:
            self._close(connection)
        # Other threads find theirs closed: a new one is opened on their next read.
        self._local = threading.local()

    def _forked(self) -> None:
        """Leave the connections of the process this one was forked from untouched."""
        # Only the forking thread lives on here: the lock may have been held by another.
        self._lock = threading.Lock()
        _INHERITED.extend(self._open)
        self._open = []
        self._local = threading.local()
        self._pid = os.getpid()
