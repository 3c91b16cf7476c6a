"""The one private-or-public response policy: which answers are one person's, and how each looks.

A page the same for every anonymous reader may be kept briefly by a shared cache. Anything
personal is ``private, no-store``: no proxy may hand it to someone else, no browser may
keep it, and it never enters the render cache. Personal means: an answer to a form (any
method but GET and HEAD), a page about one's own data, a staff page, any page for a
logged-in member of staff or one carrying a flashed message, and, on a page with a form,
whatever a package registered as that visitor's own (cms/comments/page_parts.py: a
remembered name, a pending comment only they may preview, a form sent back to them).
Views never set ``Cache-Control`` themselves: they call this module (a static file too,
with ``static_asset``), or their blueprint is named here.
"""

from collections.abc import Callable

from flask import Flask, current_app, request, session
from flask_login import current_user
from werkzeug.wrappers import Response

PERSONAL = "private, no-store"
# Pages whose address is the key (a mailed link): also kept out of search engines and
# referrer logs, whatever the view answered.
KEYED_BLUEPRINTS = frozenset({"maillinks", "your_data", "own_comment"})
# Staff pages show emails and IPs: private whatever the view answered.
STAFF_BLUEPRINTS = frozenset({"admin"})
# Pages about one person's own data, whatever the method, unless a view chose otherwise.
PERSONAL_BLUEPRINTS = frozenset({"forget"})
_CHECKS = "personal_checks"


def add_personal_check(app: Flask, check: Callable[[], bool]) -> None:
    """Register a check that says a visitor's copy of a page with a form is their own."""
    app.extensions.setdefault(_CHECKS, []).append(check)


def is_personal(has_form: bool) -> bool:
    """Say whether this visitor's page would carry anything of their own."""
    if request.method not in ("GET", "HEAD") or "_flashes" in session:
        return True
    if current_user.is_authenticated:
        return True
    if has_form:
        return any(check() for check in current_app.extensions.get(_CHECKS, ()))
    return False


def is_private(cache_control: str | None) -> bool:
    """Say whether a response with this Cache-Control is one person's, kept by no cache."""
    # This module writes every Cache-Control, and a personal answer's is always this one.
    return cache_control == PERSONAL


def private(response: Response) -> Response:
    """Mark a response as one person's: no cache keeps it, and it has no validators."""
    response.headers["Cache-Control"] = PERSONAL
    for name in ("ETag", "Last-Modified"):
        response.headers.pop(name, None)
    return response


def public(response: Response) -> Response:
    """Mark a response as the same for every anonymous reader, shareable for a few seconds."""
    seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
    # max-age=0: browsers check back every time (a cheap 304); s-maxage: a proxy may
    # answer alone for a few seconds, which is the only stale window anonymous readers see.
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
    response.vary.add("Cookie")
    return response


# A static file served by a route of its own (/favicon.ico): the same for everyone and
# changed only by a deploy, so any cache may keep it a day; its ETag makes checking cheap.
STATIC_ASSET_SECONDS = 24 * 60 * 60


def static_asset(response: Response) -> Response:
    """Mark a static file as the same for everyone, kept by any cache for a day."""
    response.cache_control.public = True
    response.cache_control.max_age = STATIC_ASSET_SECONDS
    return response


def keyed_by_address(response: Response) -> Response:
    """Mark a page whose address is its key: private, never indexed, never sent as a referrer."""
    response.headers["Cache-Control"] = PERSONAL
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def keep_answers_private(response: Response) -> Response:
    """Mark staff pages, keyed links, answers to forms and pages about one's data private."""
    if request.blueprint in KEYED_BLUEPRINTS:
        return keyed_by_address(response)
    if request.blueprint in STAFF_BLUEPRINTS:
        response.headers["Cache-Control"] = PERSONAL
        return response
    # Elsewhere a view may have chosen (a shared 404, a public page): its choice stands.
    personal = request.method not in ("GET", "HEAD") or request.blueprint in PERSONAL_BLUEPRINTS
    if personal and "Cache-Control" not in response.headers:
        private(response)
    return response


def register(app: Flask) -> None:
    """Keep every personal answer out of every cache."""
    # Registered after cms/http/headers.py's hook, so it runs first: the security headers
    # only fill in what this left unset (Referrer-Policy on keyed pages).
    app.after_request(keep_answers_private)
