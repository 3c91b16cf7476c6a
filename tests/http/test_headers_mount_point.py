"""The app's mount point comes from SITE_URL alone: no request header can move its links."""

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

from cms.http.headers import MountPoint
from tests.support.live import GUNICORN, ROOT, TEST_SETTINGS, free_port, gunicorn, serve
from tests.support.site import HEROIN, make_app

EVIL = {"SCRIPT_NAME": "/evil"}


def mounted(site_url: str | None, **environ: str) -> tuple[str, str, bool]:
    """Return (SCRIPT_NAME, PATH_INFO, whether HTTP_SCRIPT_NAME is left) the app is given."""
    seen: dict = {}

    def inner(wsgi_environ: dict, _start: object) -> list[bytes]:
        seen.update(wsgi_environ)
        return []

    MountPoint(inner, site_url)(dict(environ), lambda *_: None)
    return seen["SCRIPT_NAME"], seen["PATH_INFO"], "HTTP_SCRIPT_NAME" in seen


@pytest.mark.parametrize(
    ("site_url", "environ", "expected"),
    [
        # A script name the request brought is folded back into its path.
        ("http://localhost", {"SCRIPT_NAME": "/evil", "PATH_INFO": "/"}, ("", "/evil/")),
        ("http://localhost", {"HTTP_SCRIPT_NAME": "/evil", "PATH_INFO": "/"}, ("", "/")),
        (None, {"SCRIPT_NAME": "/evil", "PATH_INFO": "/x/"}, ("", "/evil/x/")),
        # SITE_URL's path is the mount point, whether the proxy passed it on or cut it.
        ("https://notes.example.org/blog", {"PATH_INFO": "/blog/x/"}, ("/blog", "/x/")),
        ("https://notes.example.org/blog/", {"PATH_INFO": "/x/"}, ("/blog", "/x/")),
        ("https://notes.example.org/blog", {"PATH_INFO": "/blogroll/"}, ("/blog", "/blogroll/")),
        (
            "https://notes.example.org/blog",
            {"SCRIPT_NAME": "/evil", "PATH_INFO": "/blog/"},
            ("/blog", "/evil/blog/"),
        ),
    ],
)
def test_the_mount_point_is_site_urls_path_whatever_the_request_says(site_url, environ, expected):
    assert mounted(site_url, **environ) == (*expected, False)


def test_a_script_name_in_one_request_changes_no_link_served_to_the_next(app: Flask):
    attack = app.test_client().get("/", environ_overrides=EVIL)
    assert "/evil" not in attack.get_data(as_text=True)
    clean = app.test_client().get("/").get_data(as_text=True)
    assert "/evil" not in clean and f'href="/{HEROIN}/"' in clean


def test_under_a_path_every_link_has_the_site_urls_prefix_and_no_other(app: Flask):
    site = make_app(app.config["DATABASE_URL"], SITE_URL="https://notes.example.org/blog")
    attack = site.test_client().get("/blog/", environ_overrides=EVIL)
    assert "/evil" not in attack.get_data(as_text=True)
    for _ in range(2):  # rendered, then from the render cache and the fast path
        html = site.test_client().get("/blog/").get_data(as_text=True)
        assert f'href="/blog/{HEROIN}/"' in html
        assert "/evil" not in html


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_behind_plain_gunicorn_a_script_name_header_poisons_no_cached_page(
    app: Flask, tmp_path: Path
):
    # gunicorn's defaults trust a loopback peer's SCRIPT_NAME header: the app must not.
    with gunicorn(app.config["DATABASE_URL"], tmp_path / "gunicorn.log", workers=1) as server:
        fetch(f"{server.url}/evil/", EVIL)
        status, html = fetch(f"{server.url}/")
    assert status == 200
    assert "/evil" not in html and f'href="/{HEROIN}/"' in html


def test_the_shipped_gunicorn_settings_drop_a_script_name_header(app: Flask, tmp_path: Path):
    port = free_port()
    settings = {**TEST_SETTINGS, "DATABASE_URL": app.config["DATABASE_URL"]}
    env = {
        **os.environ,
        **{f"FLASK_{k}": v for k, v in settings.items()},
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    command = [str(GUNICORN), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "wsgi:app"]
    with serve(command, port, tmp_path / "gunicorn.log", env=env) as server:
        attacked = fetch(f"{server.url}/", EVIL)
        clean = fetch(f"{server.url}/")
    # The header never reached the app: the attack itself got the plain home page.
    assert attacked == clean
    assert attacked[0] == 200 and "/evil" not in attacked[1]
