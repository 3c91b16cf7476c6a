"""What every response tells the browser: security headers, cookie flags, proxies, SITE_URL."""

import re

import pytest
from flask import Flask, request

from cms.http.headers import CONTENT_SECURITY_POLICY
from tests.support.html_page import Element, page
from tests.support.people import Commenter
from tests.support.site import HEROIN, comments_in_db, make_app
from tests.support.smtp import SmtpServer

SITE = "http://localhost"
_URL = re.compile(r"https?://[^\s\"'<>]+")

EVERY_KIND_OF_RESPONSE = [
    "/",
    f"/{HEROIN}/",
    "/search?q=relapse",
    "/feed/",
    "/comments/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/static/style.css",
    "/admin/login",
    "/no-such-article/",
]


def same_database(app: Flask, **overrides: object) -> Flask:
    """Return another app on the same database, with some settings changed."""
    database = app.config["DATABASE_URL"]
    return make_app(database, **overrides)


def cookie_flags(response) -> dict[str, set[str]]:
    """Return each cookie the response sets with its attributes, lowercased without values."""
    flags = {}
    for header in response.headers.getlist("Set-Cookie"):
        name, *attributes = [part.strip() for part in header.split(";")]
        flags[name.split("=")[0]] = {a.lower() for a in attributes}
    return flags


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


# Headers


@pytest.mark.parametrize("url", EVERY_KIND_OF_RESPONSE)
def test_every_response_carries_the_security_headers(client, url):
    with client.get(url) as response:
        pass
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_content_security_policy_allows_only_the_site_itself(client):
    directives = csp_directives(client.get(f"/{HEROIN}/"))
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


@pytest.mark.parametrize(
    "feature", ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]
)
def test_permissions_policy_turns_off_what_the_site_does_not_use(client, feature):
    policy = client.get("/").headers["Permissions-Policy"]
    assert f"{feature}=()" in [p.strip() for p in policy.split(",")]


def inline_code(doc: Element) -> list[str]:
    """Return what a strict CSP would block in a page: inline scripts, styles, handlers."""
    found = []
    for element in doc.iter():
        if element.tag == "script" and "src" not in element.attrs:
            found.append("<script> without src")
        if element.tag == "style":
            found.append("<style>")
        found += [f"{element.tag}[{a}]" for a in element.attrs if a == "style" or a[:2] == "on"]
        if any(v.strip().lower().startswith("javascript:") for v in element.attrs.values()):
            found.append(f"{element.tag} with a javascript: URL")
    return found


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/{HEROIN}/",
        "/search?q=relapse",
        "/admin/comments",
        "/admin/comments?status=spam",
        "/admin/articles",
        "/admin/articles/new",
        "/admin/audit",
        "/admin/settings",
        "/admin/users",
        "/no-such-article/",
    ],
)
def test_pages_hold_no_inline_script_or_style_the_policy_would_block(app, admin, url):
    response = admin.client.get(url)
    assert response.status_code in (200, 404)
    assert inline_code(page(response)) == []


def test_login_page_holds_no_inline_script_or_style(client):
    assert inline_code(page(client.get("/admin/login"))) == []


# Cookies


def arriving_with(app: Flask, **environ: str) -> Flask:
    """Change what every request's environ says, as the server in front of the app would."""
    inner = app.wsgi_app
    app.wsgi_app = lambda wsgi_environ, start: inner({**wsgi_environ, **environ}, start)
    return app


def served_over_tls(app: Flask) -> Flask:
    """Serve the app as a server speaking TLS itself would (gunicorn --certfile, say)."""
    return arriving_with(app, **{"wsgi.url_scheme": "https"})


def post_remembered(app: Flask, environ: dict[str, str] | None = None):
    """Post a comment asking to be remembered: it sets the commenter and session cookies."""
    commenter = Commenter(app.test_client())
    # Flask-WTF checks the Referer of HTTPS posts, as a browser would send it.
    commenter.client.environ_base.update(
        {"HTTP_REFERER": f"https://localhost/{HEROIN}/", **(environ or {})}
    )
    response = commenter.post(remember="y")
    assert response.status_code == 303
    return response


SECURE_CASES = [
    # (settings, TLS at the app's own server, request environ, Secure?)
    ({}, False, {}, False),
    ({"PREFERRED_URL_SCHEME": "https"}, False, {}, True),
    ({}, True, {}, True),
    ({}, False, {"HTTP_X_FORWARDED_PROTO": "https"}, False),
    ({"PROXY_FIX": 1}, False, {"HTTP_X_FORWARDED_PROTO": "https"}, True),
]


@pytest.mark.parametrize(("settings", "tls", "environ", "secure"), SECURE_CASES)
def test_cookies_are_httponly_lax_and_secure_exactly_when_served_over_https(
    app, settings, tls, environ, secure
):
    site = same_database(app, **settings)
    response = post_remembered(served_over_tls(site) if tls else site, environ)
    cookies = cookie_flags(response)
    assert set(cookies) == {"comment_author", "session"}
    for flags in cookies.values():
        assert "httponly" in flags
        assert "samesite=lax" in flags
        assert ("secure" in flags) is secure


def test_forgetting_the_commenter_over_https_clears_a_secure_cookie(app):
    https = same_database(app, PREFERRED_URL_SCHEME="https")
    commenter = Commenter(https.test_client())
    response = commenter.post(comment="Another thought.")
    assert "secure" in cookie_flags(response)["comment_author"]


HSTS_CASES = [
    # (settings, TLS at the app's own server, request environ, header expected)
    ({}, False, {}, None),
    ({"PREFERRED_URL_SCHEME": "https"}, False, {}, "max-age=31536000"),
    ({"SITE_URL": "https://notes.example.org"}, False, {}, "max-age=31536000"),
    ({}, True, {}, "max-age=31536000"),
    ({}, False, {"HTTP_X_FORWARDED_PROTO": "https"}, None),
    ({"PROXY_FIX": 1}, False, {"HTTP_X_FORWARDED_PROTO": "https"}, "max-age=31536000"),
    ({"PREFERRED_URL_SCHEME": "https", "HSTS_SECONDS": 0}, True, {}, None),
    (
        {"PREFERRED_URL_SCHEME": "https", "HSTS_SECONDS": 600, "HSTS_INCLUDE_SUBDOMAINS": True},
        False,
        {},
        "max-age=600; includeSubDomains",
    ),
]


@pytest.mark.parametrize(("settings", "tls", "environ", "expected"), HSTS_CASES)
def test_strict_transport_security_is_sent_exactly_when_served_over_https(
    app, settings, tls, environ, expected
):
    site = same_database(app, **settings)
    client = (served_over_tls(site) if tls else site).test_client()
    for url in ["/", f"/{HEROIN}/", "/no-such-article/", "/admin/login"]:
        response = client.get(url, environ_base=environ)
        assert response.headers.get("Strict-Transport-Security") == expected, url


# Proxies


@pytest.mark.parametrize(
    ("settings", "stored_ip"),
    [({}, "127.0.0.1"), ({"PROXY_FIX": None}, "127.0.0.1"), ({"PROXY_FIX": 1}, "203.0.113.9")],
)
def test_forwarded_for_is_believed_only_behind_a_configured_proxy(app, settings, stored_ip):
    post_remembered(same_database(app, **settings), {"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    assert [c.author_ip for c in comments_in_db(app)] == [stored_ip]


def test_with_two_proxies_the_address_the_outer_proxy_saw_is_stored(app):
    environ = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    post_remembered(same_database(app, PROXY_FIX=2), environ)
    assert [c.author_ip for c in comments_in_db(app)] == ["198.51.100.7"]


# Absolute URLs come from SITE_URL, never from the Host header


def evil_client(app: Flask):
    """Return a client whose every request names evil.example as its Host."""
    return arriving_with(app, HTTP_HOST="evil.example").test_client()


def test_the_forged_host_reaches_the_app(app):
    # The tests below would prove nothing if the test client put its own Host back.
    app.add_url_rule("/which-host", "which_host", lambda: request.host)
    assert evil_client(app).get("/which-host").get_data(as_text=True) == "evil.example"


def test_a_forged_host_changes_no_address_on_an_article_page(app):
    doc = page(evil_client(app).get(f"/{HEROIN}/"))
    absolute = [
        e.attrs.get("href") or e.attrs.get("content")
        for e in doc.find_all("link") + doc.find_all("meta")
        if "://" in (e.attrs.get("href") or e.attrs.get("content") or "")
    ]
    assert f"{SITE}/{HEROIN}/" in absolute
    assert all(url.startswith(f"{SITE}/") for url in absolute), absolute


@pytest.mark.parametrize("url", ["/feed/", "/comments/feed/", "/sitemap.xml", "/robots.txt"])
def test_a_forged_host_changes_no_address_in_feeds_sitemap_or_robots(app, url):
    text = evil_client(app).get(url).get_data(as_text=True)
    assert "evil" not in text
    assert _URL.findall(text)


def test_a_forged_host_changes_no_link_in_the_mail_a_comment_sends(app: Flask, mailbox: SmtpServer):
    commenter = Commenter(evil_client(app))
    assert commenter.post().status_code == 303
    [message] = mailbox.messages
    text = message.get_content()
    links = _URL.findall(text)
    assert links and all(link.startswith(f"{SITE}/") for link in links), links
    assert "evil" not in message.as_string()


def test_site_url_with_a_path_prefixes_every_absolute_address(app):
    client = same_database(app, SITE_URL="https://notes.example.org/blog").test_client()
    doc = page(client.get(f"/{HEROIN}/"))
    [canonical] = [e for e in doc.find_all("link") if e.attrs.get("rel") == "canonical"]
    assert canonical.attrs["href"] == f"https://notes.example.org/blog/{HEROIN}/"


def test_without_site_url_a_forged_host_still_appears_nowhere(app: Flask, mailbox: SmtpServer):
    app.config["SITE_URL"] = None
    client = evil_client(app)
    for url in [f"/{HEROIN}/", "/feed/", "/comments/feed/", "/sitemap.xml", "/robots.txt"]:
        assert "evil" not in client.get(url).get_data(as_text=True), url
    assert Commenter(client).post().status_code == 303
    assert mailbox.messages and all("evil" not in m.as_string() for m in mailbox.messages)
