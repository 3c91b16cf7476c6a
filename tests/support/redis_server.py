"""A real Redis server for the tests that need one, on a free loopback port, no persistence.

Without redis-server a developer's run leaves the tests that ask for it out and says so at
the end; under CMS_REQUIRE_ALL=1 (.ci/run, which installs Debian's redis-server) they fail
here instead, saying how to install it (tests/support/programs.py).
"""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import free_port

MISSING = (
    "redis-server was not found on PATH. Install it (apt-get install redis-server) "
    "to run the tests that share rate limits through Redis."
)


def _answers(port: int) -> bool:
    """Say whether a Redis server on this port answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """Start an empty redis-server for one test; return its URL; kill it after."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(MISSING, pytrace=False)
    port = free_port()
    # Nothing written to disk: no snapshots, no append-only file; the test's folder as cwd.
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    log = (tmp_path / "redis.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start:\n{(tmp_path / 'redis.log').read_text()}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait(timeout=10)
        log.close()
