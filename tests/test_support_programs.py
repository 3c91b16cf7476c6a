"""The rule for programs tests need (tests/support/programs.py), as a newcomer and as CI meet it:
on a machine without redis-server the run passes and says what did not run; under
CMS_REQUIRE_ALL=1 the same run fails."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.live import ROOT

NEEDS_REDIS = "test_with_redis_the_comment_limit_holds_across_two_workers"
NO_REDIS_NEEDED = "test_redis_url_becomes_the_rate_limit_storage_unless_one_is_given"


def run_redis_tests(
    bare_path: Path, *options: str, **environment: str
) -> subprocess.CompletedProcess:
    """Run two of the Redis tests in a pytest of their own, with nothing on PATH."""
    bare_path.mkdir(exist_ok=True)
    kept = {
        name: value
        for name, value in os.environ.items()
        if name not in ("CMS_REQUIRE_ALL", "CMS_REQUIRE_BROWSER", "PYTEST_ADDOPTS")
        and not name.startswith("PYTEST_XDIST")
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/site/test_redis.py",
         "-k", f"{NEEDS_REDIS} or {NO_REDIS_NEEDED}", *options],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**kept, "PATH": str(bare_path), **environment},
    )  # fmt: skip


@pytest.mark.parametrize("options", [(), ("-n", "2")], ids=["one process", "as make test runs"])
def test_without_redis_server_the_run_passes_and_says_what_did_not_run(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    result = run_redis_tests(tmp_path / "bin", *options)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout and "failed" not in result.stdout
    assert (
        "1 test did not run because redis-server was not found: `apt-get install "
        "redis-server` brings it. CI installs it and sets CMS_REQUIRE_ALL=1"
    ) in result.stdout
    assert "skipped" not in result.stdout


def test_with_every_program_required_a_missing_redis_server_fails_the_run(
    tmp_path: Path,
) -> None:
    result = run_redis_tests(tmp_path / "bin", CMS_REQUIRE_ALL="1")
    assert result.returncode == 1, result.stdout + result.stderr
    # The fixture that starts redis-server fails the test: an error, never a skip.
    assert "1 passed, 1 deselected, 1 error" in result.stdout
    assert "redis-server was not found on PATH. Install it" in result.stdout
    assert "did not run" not in result.stdout
