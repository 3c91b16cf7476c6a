"""Run every test that uses the `app` fixture on SQLite and on PostgreSQL.

Both halves are collected unless CMS_TEST_DATABASES (or --databases) names one; without
PostgreSQL's server programs a developer's run leaves the PostgreSQL half out and says so at
the end, by the rule tests/support/programs.py keeps for every program, and CI (CMS_REQUIRE_ALL=1)
fails instead of passing on half the suite.
A test about SQLite itself (its file, its pragmas) is marked `sqlite_only`.
"""

import os

import pytest

KINDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--databases",
        default=os.environ.get("CMS_TEST_DATABASES", ""),
        help="comma-separated: sqlite, postgresql (default: both; see tests/support/programs.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test is about SQLite itself")


def chosen(config: pytest.Config) -> list[str]:
    """Return the databases asked for, or both."""
    asked = [kind.strip() for kind in config.getoption("--databases").split(",") if kind]
    unknown = set(asked) - set(KINDS)
    if unknown:
        raise pytest.UsageError(f"unknown databases {sorted(unknown)}; choose from {KINDS}")
    return asked or list(KINDS)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_kind" not in metafunc.fixturenames:
        return
    kinds = chosen(metafunc.config)
    if metafunc.definition.get_closest_marker("sqlite_only"):
        kinds = ["sqlite"]
    metafunc.parametrize("database_kind", kinds, indirect=True)
