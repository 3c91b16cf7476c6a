"""Links follow the address the site is served on: `make run` on any port links to itself,
a SITE_URL the user set wins, and a site without one says so when it starts."""

import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cms import create_app
from tests.support.live import GUNICORN, ROOT, TEST_SETTINGS, Browser, Server, free_port, serve
from tests.support.site import HEROIN

# The startup warning (links also log a line each when they are left out, in cms/tokens.py).
UNSET = "SITE_URL is not set: feeds"


def make_run_lines(**variables: object) -> list[str]:
    """Return the shell lines `make run` would run with these variables, running none."""
    arguments = [f"{name}={value}" for name, value in variables.items()]
    made = subprocess.run(
        ["make", "--no-print-directory", "-n", "-s", "run", *arguments],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line for line in made.stdout.splitlines() if "flask --app cms" in line]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the project with an instance folder of its own, as a fresh clone has."""
    copy = tmp_path / "checkout"
    copy.mkdir()
    # The package itself is copied: the factory finds instance/ beside the code it runs.
    shutil.copytree(ROOT / "cms", copy / "cms", ignore=shutil.ignore_patterns("__pycache__"))
    for shared in ("templates", "static", "migrations", "wsgi.py"):
        (copy / shared).symlink_to(ROOT / shared)
    # The environment running these tests, where make's .venv/bin/flask would be.
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


def clean_environment() -> dict[str, str]:
    """Return this environment without any site setting a developer may have exported."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("FLASK_", "CMS_DEV_")) and name != "DATABASE_URL"
    }


@contextmanager
def make_run(checkout: Path, log: Path) -> Iterator[Server]:
    """Set up and serve the checkout with the very commands `make run PORT=…` runs."""
    port = free_port()
    setup, run = make_run_lines(PORT=port)
    environment = clean_environment()
    subprocess.run(setup, shell=True, cwd=checkout, env=environment, check=True, timeout=120)
    with serve(["sh", "-c", run], port, log, env=environment, cwd=checkout) as server:
        yield server


def absolute_links(base_url: str) -> dict[str, list[str]]:
    """Return the absolute addresses a reader's pages and the crawlers' files name."""
    found = {}
    for path in (f"/{HEROIN}/", "/feed/", "/sitemap.xml", "/robots.txt"):
        status, body = Browser(base_url).open(path)
        assert status == 200, path
        found[path] = re.findall(r"https?://[^\s\"'<]+", body)
    return found


def test_make_run_passes_its_own_host_and_port_as_the_fallback_address() -> None:
    lines = make_run_lines(PORT=8000)
    assert all(line.startswith("CMS_DEV_SITE_URL=http://127.0.0.1:8000 ") for line in lines)
    assert lines[-1].endswith("flask --app cms run --host 127.0.0.1 --port 8000")


def test_a_site_started_by_make_run_on_another_port_links_to_itself(
    checkout: Path, tmp_path: Path
) -> None:
    with make_run(checkout, tmp_path / "run.log") as server:
        links = absolute_links(server.url)
    canonical = f"{server.url}/{HEROIN}/"
    assert canonical in links[f"/{HEROIN}/"]
    assert canonical in links["/feed/"] and canonical in links["/sitemap.xml"]
    assert f"{server.url}/sitemap.xml" in links["/robots.txt"]
    ours = [url for urls in links.values() for url in urls if "127.0.0.1" in url]
    assert ours and all(url.startswith(server.url + "/") for url in ours)
    assert "SITE_URL is not set" not in (tmp_path / "run.log").read_text()


def test_a_site_url_in_instance_config_wins_over_make_run(checkout: Path, tmp_path: Path):
    (checkout / "instance").mkdir(exist_ok=True)
    (checkout / "instance" / "config.py").write_text('SITE_URL = "https://notes.example.org"\n')
    with make_run(checkout, tmp_path / "run.log") as server:
        links = absolute_links(server.url)
    assert f"https://notes.example.org/{HEROIN}/" in links["/feed/"]
    assert f"https://notes.example.org/{HEROIN}/" in links[f"/{HEROIN}/"]
    assert not any("127.0.0.1" in url for urls in links.values() for url in urls)


def test_production_without_a_site_url_says_so_once_at_startup(
    tmp_path: Path, template_database: Path
) -> None:
    """Under gunicorn with the production settings (two workers, the app preloaded)."""
    database = tmp_path / "cms.sqlite3"
    shutil.copyfile(template_database, database)
    environment = {
        **clean_environment(),
        **{f"FLASK_{k}": v for k, v in TEST_SETTINGS.items()},
        "FLASK_DATABASE_URL": f"sqlite:///{database}",
        "WEB_CONCURRENCY": "2",
    }
    port = free_port()
    command = [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    log = tmp_path / "gunicorn.log"
    with serve([*command, "wsgi:app"], port, log, env=environment) as server:
        assert Browser(server.url).open("/feed/")[0] == 200
    assert log.read_text().count(UNSET) == 1
    assert "Set FLASK_SITE_URL" in log.read_text()


@pytest.mark.parametrize(
    ("dev_url", "warned"),
    [(None, True), ("http://127.0.0.1:8000", False), ("http://0.0.0.0:5000", True)],
    ids=["unset", "make run on loopback", "make run on every interface"],
)
def test_the_startup_warning_names_what_is_missing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    dev_url: str | None,
    warned: bool,
) -> None:
    for name in [n for n in os.environ if n.startswith("FLASK_")]:
        monkeypatch.delenv(name)
    if dev_url:
        monkeypatch.setenv("CMS_DEV_SITE_URL", dev_url)
    else:
        monkeypatch.delenv("CMS_DEV_SITE_URL", raising=False)
    monkeypatch.setattr("cms._warned", set())
    with caplog.at_level(logging.WARNING, logger="cms"):
        app = create_app(
            {
                "SECRET_KEY": "test secret",
                "EMAIL_KEY": "test email key",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'cms.sqlite3'}",
            }
        )
    assert app.config["SITE_URL"] == dev_url
    assert ("SITE_URL is not set" in caplog.text) is warned
