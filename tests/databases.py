"""Run every test that uses the `app` fixture on SQLite and on PostgreSQL.

Both halves run wherever PostgreSQL's server programs are installed; without them a
developer runs the SQLite half and is told so at the end. CI sets CMS_TEST_DATABASES to
both, so a machine without PostgreSQL fails there instead of passing on half the suite.
A test about SQLite itself (its file, its pragmas) is marked `sqlite_only`.
"""

import os

import pytest
from postgres import binaries_found

KINDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--databases",
        default=os.environ.get("CMS_TEST_DATABASES", ""),
        help="comma-separated: sqlite, postgresql (default: both when PostgreSQL is installed)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test is about SQLite itself")


def chosen(config: pytest.Config) -> list[str]:
    """Return the databases asked for, or both when PostgreSQL is there to run."""
    asked = [kind.strip() for kind in config.getoption("--databases").split(",") if kind]
    unknown = set(asked) - set(KINDS)
    if unknown:
        raise pytest.UsageError(f"unknown databases {sorted(unknown)}; choose from {KINDS}")
    if asked:
        return asked
    return list(KINDS) if binaries_found() else ["sqlite"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_kind" not in metafunc.fixturenames:
        return
    kinds = chosen(metafunc.config)
    if metafunc.definition.get_closest_marker("sqlite_only"):
        kinds = ["sqlite"]
    metafunc.parametrize("database_kind", kinds, indirect=True)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if "postgresql" not in chosen(config):
        terminalreporter.write_line(
            "PostgreSQL's server programs were not found: only the SQLite half ran. "
            "Install Debian's postgresql package to run both (CI does).",
            yellow=True,
        )
