"""Back up and restore the SQLite database while the site runs, with SQLite's backup API.

The backup API copies pages under a read transaction, so the copy is one consistent moment
of the database even while workers keep committing (WAL lets them). PostgreSQL has its own
tools, pg_dump and pg_restore, and the commands say so rather than pretend.
"""

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from .extensions import db

PG_BACKUP = (
    "This site runs on PostgreSQL: back it up with pg_dump, for example\n"
    '  pg_dump --format=custom --file=FILE "$DATABASE_URL"\n'
    "(a consistent snapshot while the site runs; see the README's Backups section)."
)
PG_RESTORE = (
    "This site runs on PostgreSQL: restore a pg_dump file with pg_restore, for example\n"
    '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" FILE\n'
    "(stop the app servers first; see the README's Backups section)."
)


class BackupError(Exception):
    """Raised when a backup or restore cannot be done; the message says why."""


def live_database(postgres_message: str) -> Path:
    """Return the path of the site's SQLite file, or refuse on another database."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise BackupError(postgres_message)
    if not url.database or url.database == ":memory:":
        raise BackupError("The site's database is in memory: there is no file to copy.")
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another in a single step of the backup API."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def backup(target: Path) -> Path:
    """Write a consistent copy of the live database to target, replacing it in one step."""
    source = live_database(PG_BACKUP)
    draft = target.with_name(f".{target.name}.{os.getpid()}.partial")
    draft.unlink(missing_ok=True)
    # Readable by its owner only: the copy holds commenters' encrypted emails and their IPs.
    draft.touch(mode=0o600)
    try:
        _copy(source, draft)
        draft.replace(target)
    finally:
        draft.unlink(missing_ok=True)
    return source


def schema_revision(path: Path) -> str:
    """Return the migration revision of an SQLite file of this app, or refuse it."""
    if not path.is_file() or path.read_bytes()[:16] != b"SQLite format 3\x00":
        raise BackupError(f"{path} is not an SQLite database.")
    # Read-only: checking a file must never change it.
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged: it fails SQLite's integrity check.")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a database of this site ({error}).") from None
    if row is None:
        raise BackupError(f"{path} is not a database of this site (no schema revision).")
    return row[0]


def restore(source: Path) -> tuple[Path, Path, str]:
    """Replace the live database with a backup; keep the replaced one beside it.

    Return the live path, where the replaced database was kept, and the backup's revision.
    """
    revision = schema_revision(source)
    live = live_database(PG_RESTORE)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = live.with_name(f"{live.name}.before-restore-{stamp}")
    backup(kept)
    # Pooled connections would keep reading pages of the old file from their cache.
    db.session.remove()
    db.engine.dispose()
    _copy(source, live)
    return live, kept, revision


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH, consistently, while the site runs."""
    try:
        source = backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {source} to {path}.")
    click.echo("It holds commenters' encrypted emails and IP addresses: keep it private.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the site's database (required).")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup in PATH."""
    try:
        live = live_database(PG_RESTORE)
        schema_revision(path)
        if not yes:
            raise BackupError(
                f"Restoring replaces everything in {live} with {path}. "
                "Nothing was changed; run again with --yes to do it."
            )
        live, kept, revision = restore(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {path} (schema revision {revision}) into {live}.")
    click.echo(f"The database it replaced is kept as {kept}.")
    click.echo("Run `flask --app cms setup` if the backup is older than this version of the site.")
