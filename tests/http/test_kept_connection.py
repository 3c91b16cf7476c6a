"""The fast path's kept connections: one per thread, fresh reads, closed when they must be."""

import os
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine

from cms.extensions import db
from cms.http import freshness, kept_connection
from cms.http.kept_connection import KeptConnections


@pytest.fixture
def engine(app: Flask) -> Iterator[Engine]:
    with app.app_context():
        yield db.engine


def mark(kept: KeptConnections) -> int:
    return kept.run(freshness.read_validator_plain, kept.engine.dialect)[0]


def connection_of(kept: KeptConnections) -> object:
    return kept.run(lambda connection: connection)


def in_transaction(connection: object) -> bool:
    """Say whether a DB-API connection (sqlite3 or psycopg) holds a transaction open."""
    if hasattr(connection, "in_transaction"):
        return connection.in_transaction
    return connection.info.transaction_status != connection.info.transaction_status.IDLE


def close_both(kept: KeptConnections, parents: object) -> None:
    """Close, as the "child" still, its own connection; then the "parent's"."""
    kept.engine.dispose()
    kept_connection._INHERITED.remove(parents)
    parents.close()


def test_a_read_sees_what_was_committed_after_the_connection_was_kept(engine: Engine) -> None:
    kept = KeptConnections(engine)
    before = mark(kept)
    freshness.bump(db.session)
    db.session.commit()
    assert mark(kept) > before


def test_no_read_leaves_a_transaction_open(engine: Engine) -> None:
    kept = KeptConnections(engine)
    mark(kept)
    assert not in_transaction(connection_of(kept))


def test_each_thread_keeps_its_own_connection_out_of_the_pool(engine: Engine) -> None:
    kept = KeptConnections(engine)
    mine = connection_of(kept)
    assert connection_of(kept) is mine
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(connection_of(kept)))
    worker.start()
    worker.join()
    assert theirs[0] is not mine
    assert engine.pool.checkedout() == 0


def test_a_failed_read_closes_its_connection_and_the_next_read_opens_another(
    engine: Engine,
) -> None:
    kept = KeptConnections(engine)
    first = connection_of(kept)

    def broken(connection: object) -> None:
        connection.cursor().execute("SELECT * FROM no_such_table")

    with pytest.raises(engine.dialect.loaded_dbapi.Error):
        kept.run(broken)
    assert connection_of(kept) is not first
    with pytest.raises(engine.dialect.loaded_dbapi.Error):
        first.cursor()  # closed


def test_disposing_of_the_engine_closes_every_threads_connection(engine: Engine) -> None:
    kept = KeptConnections(engine)
    mine = connection_of(kept)
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(connection_of(kept)))
    worker.start()
    worker.join()
    engine.dispose()
    for connection in (mine, theirs[0]):
        with pytest.raises(engine.dialect.loaded_dbapi.Error):
            connection.cursor()
    assert connection_of(kept) is not mine


@pytest.fixture
def forked(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[KeptConnections, object]]:
    """Yield connections kept by a process that has since "forked", and the parent's one."""
    kept = KeptConnections(engine)
    parents = connection_of(kept)
    monkeypatch.setattr(os, "getpid", lambda: -1)
    yield kept, parents
    close_both(kept, parents)


def test_a_forked_process_opens_its_own_and_leaves_its_parents_open(forked) -> None:
    kept, parents = forked
    assert connection_of(kept) is not parents
    parents.cursor().close()  # still open: the parent's to use
    assert parents in kept_connection._INHERITED


def test_a_forked_process_disposing_of_the_engine_leaves_its_parents_open(forked) -> None:
    kept, parents = forked
    kept.engine.dispose(close=False)
    parents.cursor().close()  # still open: the parent's to use
    assert connection_of(kept) is not parents


def test_an_error_that_is_not_the_drivers_closes_the_connection_too(engine: Engine) -> None:
    kept = KeptConnections(engine)
    first = connection_of(kept)

    def buggy(connection: object) -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        kept.run(buggy)
    assert connection_of(kept) is not first
