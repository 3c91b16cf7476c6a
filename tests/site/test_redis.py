"""With REDIS_URL set, the comment rate limit holds across gunicorn's worker processes.

The app runs under a real gunicorn with two sync workers and posts go over real HTTP. Which
worker answers is the kernel's choice, so the test steers it: a connection left half-sent
keeps one worker busy while the other answers, then the roles swap. gunicorn's access log
names the worker (pid) that answered each request.
"""

import re
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Comment
from tests.support.live import Browser, Server, gunicorn
from tests.support.site import make_app

LIMIT = 3
# One line per request: the answering worker's pid, the method, the status.
ACCESS_LOG = "--access-logfile - --access-logformat '%(p)s %(m)s %(s)s'"
ACCESS_LINE = re.compile(r"^<(\d+)> (GET|POST) (\d{3})$", re.MULTILINE)


def hold_a_worker(server: Server) -> socket.socket:
    """Keep one worker reading a request that is not finished yet; the other answers alone."""
    connection = socket.create_connection(("127.0.0.1", server.port))
    connection.sendall(b"GET / HTTP/1.0\r\n")
    # Time for a free worker to accept it before anything else arrives.
    time.sleep(0.5)
    return connection


def release(connection: socket.socket) -> None:
    """Finish the held request and read its answer, freeing the worker."""
    connection.sendall(b"\r\n")
    while connection.recv(65536):
        pass
    connection.close()


def served(server: Server) -> list[tuple[str, str, int]]:
    """Return (worker pid, method, status) for each request answered so far."""
    return [(p, m, int(s)) for p, m, s in ACCESS_LINE.findall(server.log.read_text())]


@pytest.fixture
def database_url(tmp_path: Path, template_database: Path) -> Iterator[str]:
    """A copy of the migrated template database for the server to use."""
    path = tmp_path / "cms.sqlite3"
    shutil.copyfile(template_database, path)
    yield f"sqlite:///{path}"


def stored_comments(database_url: str) -> int:
    app = make_app(Path(), DATABASE_URL=database_url)
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Comment))
        db.engine.dispose()
    return count


def post_through_each_worker(server: Server) -> list[int]:
    """Post two comments while one worker is busy, then three while the other is."""
    visitor = Browser(server.url)
    first_hold = hold_a_worker(server)
    first = [visitor.post_comment(f"Comment {n}.") for n in (1, 2)]
    # Taken by the worker that answered so far, the only free one; then the first is freed.
    second_hold = hold_a_worker(server)
    release(first_hold)
    try:
        second = [visitor.post_comment(f"Comment {n}.") for n in (3, 4, 5)]
    finally:
        release(second_hold)
    return first + second


def settings(storage: str) -> dict[str, str]:
    return {
        "RATELIMIT_ENABLED": "true",
        "COMMENT_RATE_LIMIT": f'"{LIMIT} per minute"',
        **storage_setting(storage),
    }


def storage_setting(storage: str) -> dict[str, str]:
    if storage.startswith("redis"):
        return {"REDIS_URL": f'"{storage}"'}
    return {"RATELIMIT_STORAGE_URI": f'"{storage}"'}


def test_with_redis_the_comment_limit_holds_across_two_workers(
    tmp_path: Path, database_url: str, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUNICORN_CMD_ARGS", ACCESS_LOG)
    with gunicorn(database_url, tmp_path / "server.log", settings(redis_url)) as server:
        statuses = post_through_each_worker(server)
        posts = [(pid, status) for pid, method, status in served(server) if method == "POST"]
    assert statuses == [303, 303, 303, 429, 429]
    assert stored_comments(database_url) == LIMIT
    # Both workers took posts, and the one that refused had stored none of the first three.
    assert len({pid for pid, _ in posts}) == 2
    assert posts[0][0] != posts[-1][0]


def test_without_redis_each_worker_counts_apart_and_the_limit_is_exceeded(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The contrast that shows the test above can fail: memory:// counts in each process.
    monkeypatch.setenv("GUNICORN_CMD_ARGS", ACCESS_LOG)
    with gunicorn(database_url, tmp_path / "server.log", settings("memory://")) as server:
        statuses = post_through_each_worker(server)
    assert statuses == [303] * 5
    assert stored_comments(database_url) == 5 > LIMIT


def test_redis_url_becomes_the_rate_limit_storage_unless_one_is_given(tmp_path: Path) -> None:
    database = tmp_path / "cms.sqlite3"
    given = "redis://127.0.0.1:6390/1"
    derived = make_app(database, REDIS_URL="redis://127.0.0.1:6390/0")
    explicit = make_app(database, REDIS_URL=given[:-1] + "0", RATELIMIT_STORAGE_URI=given)
    alone = make_app(database)
    assert derived.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6390/0"
    assert explicit.config["RATELIMIT_STORAGE_URI"] == given
    assert alone.config["RATELIMIT_STORAGE_URI"] == "memory://"
