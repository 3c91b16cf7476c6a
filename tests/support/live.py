"""Real servers for tests that need one: the app under gunicorn on a loopback port.

The settings reach the server the way an operator gives them, as FLASK_ variables
(`from_prefixed_env` parses each value as JSON, so "0" is a number and "false" a boolean).
"""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.people import csrf_token
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD, HEROIN

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

# What the test apps run with (see conftest.make_app): known keys, timers and limits off.
TEST_SETTINGS = {
    "SECRET_KEY": "test secret",
    "EMAIL_KEY": "test email key",
    "COMMENT_MIN_SECONDS": "0",
    "COMMENT_FLOOD_SECONDS": "0",
    "RATELIMIT_ENABLED": "false",
    "MAIL_BACKGROUND": "false",
}


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running gunicorn: its address, its process, and its log file."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """Kill the whole process group at once (SIGKILL), as a crash or OOM would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def wait_until_listening(server: Server, timeout: float = 30.0) -> None:
    """Wait until the port accepts connections, or fail showing the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited:\n{server.log.read_text()}", pytrace=False)
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not listen in {timeout}s:\n{server.log.read_text()}")


@contextmanager
def gunicorn(
    database_url: str,
    log: Path,
    settings: Mapping[str, str] | None = None,
    workers: int = 2,
    threads: int = 1,
    port: int | None = None,
) -> Iterator[Server]:
    """Serve wsgi:app on a loopback port with these FLASK_ settings; stop it after."""
    environment = {
        **os.environ,
        **{f"FLASK_{k}": v for k, v in {**TEST_SETTINGS, **(settings or {})}.items()},
        "FLASK_DATABASE_URL": database_url,
    }
    port = port or free_port()
    command = [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(threads), "wsgi:app"]
    with serve(command, port, log, env=environment) as server:
        yield server


@contextmanager
def serve(
    command: list[str],
    port: int,
    log: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path = ROOT,
) -> Iterator[Server]:
    """Run a server program in its own process group until it listens; stop it after."""
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = Server(process, port, log)
    try:
        wait_until_listening(server)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the test, which checks where they point."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One visitor over real HTTP: cookies kept, each form's token read from its page."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar, NoRedirects)

    def open(self, path: str, fields: dict[str, str] | None = None) -> tuple[int, str]:
        """GET a page, or POST these fields to it; return the status and the body."""
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=data)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, page: str, action: str, fields: dict[str, str]) -> int:
        """Read the form's token from ``page``, then POST the fields to ``action``."""
        status, html = self.open(page)
        assert status == 200, html
        return self.open(action, {**fields, "csrf_token": csrf_token(html)})[0]

    def comment_form(self, slug: str = HEROIN) -> dict[str, str]:
        """Open an article and return what a person sends in its comment form, but the text."""
        status, html = self.open(f"/{slug}/")
        assert status == 200, html
        fields = {"author": "Sam", "email": "sam@example.net", "url": "", "comment_parent": "0"}
        return {**fields, "csrf_token": csrf_token(html)}

    def post_comment(self, text: str, slug: str = HEROIN) -> int:
        """Post an article's comment form as typed into a browser; return the status."""
        return self.open(f"/{slug}/comments", {**self.comment_form(slug), "comment": text})[0]

    def log_in(self, email: str = EDITOR_EMAIL, password: str = EDITOR_PASSWORD) -> int:
        fields = {"email": email, "password": password, "next": ""}
        return self.submit("/admin/login", "/admin/login", fields)
