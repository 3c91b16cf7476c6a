"""The instance folder as `flask setup` leaves it: readable by the site's own account only."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from cms import create_app
from cms.extensions import db
from tests.test_factory import root  # noqa: F401 (the fixture below builds on it)


@pytest.fixture
def project(root: Path) -> Iterator[Path]:  # noqa: F811
    """A copy of the project with no instance folder yet, under the usual umask 022."""
    old = os.umask(0o022)
    yield root
    os.umask(old)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_setup_on_a_fresh_instance_folder_leaves_every_file_owner_only(project: Path) -> None:
    app = create_app({"TESTING": True})
    result = app.test_cli_runner().invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    instance = project / "instance"
    with app.app_context():
        # A write keeps the WAL and its index in place while the modes are read.
        with db.engine.connect() as connection:
            connection.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
            connection.commit()
            files = sorted(p.name for p in instance.iterdir())
            assert {"cms.sqlite3", "cms.sqlite3-wal", "cms.sqlite3-shm"} <= set(files)
            assert mode(instance) == "0o700"
            assert {name: mode(instance / name) for name in files} == {
                name: "0o600" for name in files
            }
        db.engine.dispose()
