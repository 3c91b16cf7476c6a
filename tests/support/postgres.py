"""A real PostgreSQL server for the tests that need one, started once per run on loopback.

Without PostgreSQL's binaries a developer's run leaves the tests that need them out and says
so at the end; under CMS_REQUIRE_ALL=1 (.ci/run, which installs Debian's postgresql) they
fail here instead, saying how to install them (tests/support/programs.py).
"""

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from flask import Flask

from tests.support.site import fill_template, make_app

BINARY_DIRS = ["/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
MISSING = (
    "PostgreSQL's initdb and pg_ctl were not found on PATH, in /usr/local/bin or in "
    "/usr/lib/postgresql/*/bin. Install them (apt-get install postgresql) to run these tests."
)


@dataclass(frozen=True)
class Server:
    """A running server: where it listens, and how to reach a database on it."""

    host: str
    port: int

    def url(self, database: str) -> str:
        """Return the SQLAlchemy URL of a database on this server (trust auth, no password)."""
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction, as CREATE and DROP DATABASE need."""
        with psycopg.connect(
            host=self.host, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)


def locate(name: str) -> str | None:
    """Return the path of a PostgreSQL program, or None when it is not installed."""
    return shutil.which(name) or next(
        (f"{d}/{name}" for d in BINARY_DIRS if os.access(f"{d}/{name}", os.X_OK)), None
    )


def binaries_found() -> bool:
    return all(locate(name) for name in ("initdb", "pg_ctl"))


def find_binary(name: str) -> str:
    """Return the path of a PostgreSQL program, or fail the test run saying what is missing."""
    found = locate(name)
    if found is None:
        pytest.fail(MISSING, pytrace=False)
    return found


def dump(url: str) -> bytes:
    """Return what pg_dump writes for a database: the copy an operator would keep of it."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    result = subprocess.run([find_binary("pg_dump"), "--dbname", plain], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root, so root runs it as the postgres account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """Start a throwaway PostgreSQL server for the run, and stop and delete it at the end."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    # Outside pytest's own temp folder, which the postgres account may not enter.
    home = Path(tempfile.mkdtemp(prefix="cms-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", free_port()
    _run([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"])
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off"
    _run([pg_ctl, "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"])
    try:
        yield Server("127.0.0.1", port)
    finally:
        _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_template(postgres: Server) -> str:
    """Migrate a database and load the launch articles once; each test gets a copy."""
    postgres.execute("CREATE DATABASE cms_template")
    # CREATE DATABASE … TEMPLATE needs the template to have no open connections, and
    # fill_template closes them.
    fill_template(make_app(postgres.url("cms_template")))
    return "cms_template"


_numbers = itertools.count(1)


@pytest.fixture
def pg_databases(postgres: Server, postgres_template: str) -> Iterator[Callable[..., str]]:
    """Return a maker of new databases, each a copy of the migrated template (or of another
    database given by name); drop them after."""
    made: list[str] = []

    def copy(template: str = postgres_template) -> str:
        made.append(f"cms_test_{next(_numbers)}")
        postgres.execute(f"CREATE DATABASE {made[-1]} TEMPLATE {template}")
        return postgres.url(made[-1])

    yield copy
    for name in made:
        # FORCE ends the connections an app's pool still holds.
        postgres.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_empty_database(postgres: Server) -> Iterator[str]:
    """Return the URL of a new database with nothing in it, not even the migrations."""
    name = f"cms_empty_{next(_numbers)}"
    postgres.execute(f"CREATE DATABASE {name}")
    yield postgres.url(name)
    postgres.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_app(pg_databases: Callable[..., str]) -> Flask:
    """The app on its own PostgreSQL database, a copy of the migrated template."""
    return make_app(pg_databases())
