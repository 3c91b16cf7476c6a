"""Real browsers for the tests marked `browser`: Debian's chromium driven by Playwright.

Each test gets the app on its own database served over real HTTP on 127.0.0.1, and opens
a fresh browser context (its own cookies and session) per person. One chromium process is
shared by all the tests of a pytest worker, so the browser tests stay fast.

Without /usr/bin/chromium a developer's run leaves these tests out and says so at the end;
CI sets CMS_REQUIRE_ALL=1, so a missing browser fails there instead (tests/support/programs.py, the
rule for every program a test needs). Playwright's own browser download is never used.
"""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from tests.support.programs import CHROMIUM
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
MISSING = (
    "Debian's chromium was not found at /usr/bin/chromium; the browser tests need it. "
    "Install it with: sudo apt-get install chromium"
)
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
# Long enough for a loaded 2-core machine, short enough that a missing element fails soon.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: the test drives a real browser (chromium)")


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without a log line per request; failures still reach pytest."""

    def log_request(self, *args: object) -> None:
        pass


def _closing(app: Flask) -> Callable[[dict, Callable], list[bytes]]:
    """Read each answer whole and close it before werkzeug's server writes it.

    When a browser drops a connection (a navigation cancels a stylesheet's load), werkzeug's
    development server can raise while draining the socket and skip closing the answer, so an
    open static file is left to the garbage collector: a ResourceWarning, which fails the run.
    """

    def wsgi(environ: dict, start_response: Callable) -> list[bytes]:
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return wsgi


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve the test's app over HTTP on a loopback port, in threads; return its address."""
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, _closing(app), threaded=True, request_handler=_QuietHandler
    )
    url = f"http://127.0.0.1:{server.server_port}"
    # Absolute links (feeds, canonical, mailed links) then point where the browser is.
    app.config["SITE_URL"] = url
    # A short poll keeps shutdown quick: it waits for the loop's next look.
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="live-server", daemon=True
    )
    thread.start()
    yield url
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless chromium for the whole run of this worker."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING, pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def person(chromium: Browser, live_server: str) -> Iterator[Callable[..., Page]]:
    """Open a new person's browser (own cookies) on the live site; return its first tab.

    Keyword arguments go to Playwright's new_context: java_script_enabled=False,
    color_scheme="dark", viewport={...}, bypass_csp=True.
    """
    contexts: list[BrowserContext] = []

    def open_browser(**options: object) -> Page:
        context = chromium.new_context(base_url=live_server, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_browser
    for context in contexts:
        context.close()


def log_in(page: Page, email: str = EDITOR_EMAIL, password: str = EDITOR_PASSWORD) -> None:
    """Log in at /admin/login by typing into the form, as a person does."""
    page.goto("/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/admin/login" not in url)


def screenshot(page: Page, name: str, widths: tuple[int, ...] = (375, 1280)) -> None:
    """Save full-page screenshots of the page at each width into screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
