"""The defaults in cms/config.py: one for each setting read, none unread, and cookie lifetimes."""

import ast
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

from flask import Flask
from werkzeug.test import TestResponse

from cms import config
from tests.support.people import Commenter, csrf_token
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
CMS = ROOT / "cms"
# Settings read by Flask or an extension itself, by these prefixes, never by name in cms/.
EXTENSION_PREFIXES = ("SESSION_", "REMEMBER_", "RATELIMIT_", "SQLALCHEMY_")


def _config_subscripts(context: type[ast.expr_context]) -> set[str]:
    """Return every NAME in ``….config["NAME"]`` in cms/, read (Load) or written (Store)."""
    found = set()
    for path in CMS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, context)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "config"
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, str)
            ):
                found.add(node.slice.value)
    return found


def _settings() -> list[str]:
    return [name for name in vars(config) if name.isupper()]


def test_every_setting_the_code_reads_by_name_has_a_default() -> None:
    # config["X"] without a default is a KeyError in production the day X is left unset.
    derived = _config_subscripts(ast.Store)  # set by the factory from other settings
    known = set(_settings()) | set(Flask.default_config) | derived
    assert sorted(_config_subscripts(ast.Load) - known) == []


def test_every_default_is_read_by_the_site_or_by_the_extension_it_configures() -> None:
    sources = [p.read_text(encoding="utf-8") for p in CMS.rglob("*.py") if p != CMS / "config.py"]
    sources += [p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.html")]
    unread = [
        name
        for name in _settings()
        if not name.startswith(EXTENSION_PREFIXES)
        and name not in Flask.default_config
        and not any(name in source for source in sources)
    ]
    assert unread == []


def set_cookies(response: TestResponse) -> dict[str, SimpleCookie]:
    """Return the response's cookies by name, parsed as a browser reads them."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        cookies.update({name: cookie for name in cookie})
    return cookies


def test_keep_me_logged_in_lasts_thirty_days_in_a_cookie_no_script_can_read(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    data = {"email": EDITOR_EMAIL, "password": EDITOR_PASSWORD, "remember": "y"}
    response = client.post("/admin/login", data=data | {"csrf_token": token})
    morsel = set_cookies(response)["remember_token"]["remember_token"]
    expires = datetime.strptime(morsel["expires"], "%a, %d %b %Y %H:%M:%S GMT")
    expected = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=30)
    assert abs(expires - expected) < timedelta(minutes=5)
    assert morsel["httponly"] and morsel["samesite"] == "Lax"


def test_a_commenter_who_asks_to_be_remembered_is_kept_for_a_year(app: Flask) -> None:
    response = Commenter(app.test_client()).post(remember="y")
    assert response.status_code == 303
    morsel = set_cookies(response)["comment_author"]["comment_author"]
    assert morsel["max-age"] == str(365 * 24 * 3600)
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
