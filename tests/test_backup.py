"""`flask backup` and `flask restore`: a consistent copy while the site runs, and back again."""

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from cms.extensions import db
from cms.models import Comment
from tests.support.site import add_comment, comments_in_db, make_app

# About SQLite's file; the PostgreSQL test at the end asks for its own server.
pytestmark = pytest.mark.sqlite_only


def run(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def comment_ids(app: Flask) -> set[int]:
    return {comment.id for comment in comments_in_db(app)}


def delete_comment(app: Flask, comment_id: int) -> None:
    with app.app_context():
        db.session.execute(delete(Comment).where(Comment.id == comment_id))
        db.session.commit()


class Poster(threading.Thread):
    """Keep storing comments, one commit each, until told to stop."""

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.app, self.stop, self.stored = app, threading.Event(), 0

    def run(self) -> None:
        while not self.stop.is_set():
            add_comment(self.app, f"Comment {self.stored}.")
            self.stored += 1


def wait_for(condition) -> None:
    while not condition():
        time.sleep(0.005)


def test_a_backup_taken_while_comments_are_posted_is_whole_and_consistent(
    app: Flask, tmp_path: Path
) -> None:
    poster = Poster(app)
    poster.start()
    try:
        wait_for(lambda: poster.stored >= 20)
        committed = comment_ids(app)
        result = run(app, "backup", str(tmp_path / "copy.sqlite3"))
        during = poster.stored
        wait_for(lambda: poster.stored >= during + 20)
    finally:
        poster.stop.set()
        poster.join()
    assert result.exit_code == 0, result.output
    assert f"to {tmp_path / 'copy.sqlite3'}" in result.output
    assert integrity(tmp_path / "copy.sqlite3") == "ok"
    copy = make_app(tmp_path / "copy.sqlite3")
    in_copy = comment_ids(copy)
    # Every comment committed before the backup began is there; the site went on writing.
    assert committed <= in_copy
    assert len(comment_ids(app)) > len(in_copy)
    with copy.app_context():
        db.engine.dispose()


def test_a_backup_is_readable_by_its_owner_only(app: Flask, tmp_path: Path) -> None:
    run(app, "backup", str(tmp_path / "copy.sqlite3"))
    assert (tmp_path / "copy.sqlite3").stat().st_mode & 0o777 == 0o600


def test_restore_brings_a_deleted_comment_back(app: Flask, tmp_path: Path) -> None:
    kept = add_comment(app, "Worth keeping.")
    run(app, "backup", str(tmp_path / "copy.sqlite3"))
    delete_comment(app, kept)
    result = run(app, "restore", "--yes", str(tmp_path / "copy.sqlite3"))
    assert result.exit_code == 0, result.output
    assert f"Restored {tmp_path / 'copy.sqlite3'}" in result.output
    assert kept in comment_ids(app)
    # The database it replaced is kept beside it, the deleted comment missing there too.
    [before] = tmp_path.glob("*.before-restore-*")
    assert kept not in comment_ids(make_app(before))


def test_restore_without_yes_changes_nothing(app: Flask, tmp_path: Path) -> None:
    kept = add_comment(app, "Worth keeping.")
    run(app, "backup", str(tmp_path / "copy.sqlite3"))
    delete_comment(app, kept)
    result = run(app, "restore", str(tmp_path / "copy.sqlite3"))
    assert result.exit_code == 1
    assert "Nothing was changed; run again with --yes" in result.output
    assert kept not in comment_ids(app)
    assert not list(tmp_path.glob("*.before-restore-*"))


def _foreign_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.write_text("not a database"), "is not an SQLite database"),
        (_foreign_database, "is not a database of this site"),
        (lambda path: None, "is not an SQLite database"),
    ],
    ids=["text file", "another app's database", "missing file"],
)
def test_restore_refuses_what_is_not_a_backup_of_this_site(
    app: Flask, tmp_path: Path, make, message: str
) -> None:
    before = len(comments_in_db(app))
    add_comment(app)
    make(tmp_path / "other.sqlite3")
    result = run(app, "restore", "--yes", str(tmp_path / "other.sqlite3"))
    assert result.exit_code == 1
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == before + 1


@pytest.mark.parametrize(("command", "tool"), [("backup", "pg_dump"), ("restore", "pg_restore")])
def test_on_postgresql_the_commands_name_its_own_tools(
    pg_app: Flask, tmp_path: Path, command: str, tool: str
) -> None:
    extra = ["--yes"] if command == "restore" else []
    result = run(pg_app, command, *extra, str(tmp_path / "f"))
    assert result.exit_code == 1
    assert "PostgreSQL" in result.output and tool in result.output
