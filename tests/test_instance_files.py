"""The instance folder as `flask setup` leaves it: readable by the site's own account only."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import cms
from cms import create_app
from cms.extensions import db

REPO = Path(__file__).resolve().parent.parent
AMBIENT = ("DATABASE_URL", "FLASK_DATABASE_URL", "FLASK_SECRET_KEY", "FLASK_EMAIL_KEY")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the project with no instance folder yet, under the usual umask 022."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("templates", "static", "migrations"):
        (root / name).symlink_to(REPO / name)
    monkeypatch.setattr(cms, "ROOT", root)
    for name in AMBIENT:
        monkeypatch.delenv(name, raising=False)
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
