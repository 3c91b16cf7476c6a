"""Error pages in the site's layout, each saying what happened and where to go next.

An error page says the same to everyone who meets it: nothing from the request (no Referer,
no query) goes into it, since a shared cache may hand a 404 to the next reader and a "Go
back" link could name the search of the one before (``/search?q=methadone+clinic``). Only
an anonymous 404 may be kept by a cache; every other error, and any page for a signed-in
person, is private (cms/http/policy.py).
"""

import logging
import re

from flask import Flask, current_app, render_template
from flask.wrappers import Response
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import Forbidden, HTTPException, InternalServerError

from .. import tokens
from ..extensions import db
from ..models.users import ROLE_PERMISSIONS, Permission
from . import policy

TITLES = {
    400: "We couldn't read that request",
    403: "This page isn't open to you",
    404: "Page not found",
    405: "That can't be done here",
    413: "That was too large to send",
    429: "Please slow down a little",
    500: "Something went wrong",
    503: "The site is busy",
}
MESSAGES = {
    400: "We couldn't understand the request your browser sent, so nothing was changed. "
    "If you followed a link, it may have been cut short; if you sent a form, go back and "
    "send it again.",
    403: "This page is only for staff with the right role. If you think you should see it, "
    "ask an admin.",
    404: "We couldn't find that page. It may have moved, or the link may have a typo.",
    405: "This address can't be used that way, so nothing was changed. Go back to the page "
    "you were on and use its own links or buttons.",
    413: "What you sent is too large (the limit is {limit}), so nothing was saved. Go back, "
    "shorten it and send it again.",
    429: "You've sent a lot in a short time, so we've paused for a moment. Please wait a "
    "minute or two, then try again.",
    500: "Something went wrong on our side. Nothing you did caused it. Please try again in "
    "a minute.",
    503: "The site is taking too long to answer right now. Nothing you did caused it. "
    "Please try again in a minute.",
}
OTHER = (
    "We couldn't complete that request, and nothing was changed. Please go back and try "
    "again, or start again from the home page."
)
# Only a 404 reads the same for everyone and says something lasting, so only it may be
# shared; a 500 or 503 cached for everyone would outlast the trouble it reports.
SHAREABLE = frozenset({404})
# PostgreSQL's code for a statement cancelled, here by its statement timeout.
QUERY_CANCELED = "57014"


def size(limit: int) -> str:
    """Say a byte count as people read it: 1 MiB, 512 KiB."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= scale:
            return f"{limit / scale:g} {unit}"
    return f"{limit} bytes"


def _plural_names(roles: list[str]) -> str:
    """Join role names as a sentence does: 'admins', 'editors and admins'."""
    names = [f"{role}s" for role in roles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def needs_role_message(permission: Permission) -> str:
    """Say which roles a page is for, and which role the signed-in person has."""
    roles = [role.value for role, allowed in ROLE_PERMISSIONS.items() if permission in allowed]
    article = "an" if current_user.role.value[0] in "aeiou" else "a"
    return (
        f"This page is for {_plural_names(roles)}. You're signed in as {article} "
        f"{current_user.role.value}, so it isn't open to you. If you need it for your work, "
        "ask an admin to change your role."
    )


class RoleRequired(Forbidden):
    """A 403 for a staff page whose permission the signed-in role lacks."""

    def __init__(self, permission: Permission) -> None:
        super().__init__()
        self.permission = permission


def _page(code: int, message: str, title: str | None = None) -> Response:
    """Render the error page, shareable only when it is a 404 the same for everyone."""
    # Asked before rendering, which takes any flashed message out of the session.
    personal = code not in SHAREABLE or policy.is_personal(has_form=False)
    html = render_template(
        "errors/error.html", code=code, title=title or TITLES[code], message=message
    )
    response = current_app.make_response((html, code))
    return policy.private(response) if personal else policy.public(response)


def http_error(error: HTTPException) -> Response:
    code = error.code or 500
    if isinstance(error, RoleRequired) and current_user.is_authenticated:
        return _page(code, needs_role_message(error.permission))
    if code not in MESSAGES:
        # A code the site never sends on purpose: its status kept, and words for anyone.
        return _page(code, OTHER, title=error.name)
    limit = size(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    return _page(code, MESSAGES[code].format(limit=limit))


def csrf_error(error: CSRFError) -> Response:
    message = (
        "Your form could not be accepted because its security token was missing or had "
        "expired (this happens when a page stays open for a long time, or cookies are off). "
        "Go back, reload the page and send it again."
    )
    return _page(400, message, "Form expired")


def server_error(error: Exception) -> Response:
    # A failed request may leave a broken transaction behind; the next one must not inherit it.
    db.session.rollback()
    return _page(500, MESSAGES[500])


def database_error(error: OperationalError) -> Response:
    """Answer a statement the database cancelled (DATABASE_STATEMENT_TIMEOUT_MS) with 503."""
    if getattr(error.orig, "sqlstate", None) != QUERY_CANCELED:
        raise error  # any other failure is a 500, logged with its traceback by Flask
    db.session.rollback()
    current_app.logger.warning("A statement ran past the statement timeout: %s", error)
    return _page(503, MESSAGES[503])


# The key in a keyed link's path: /mail/<purpose>/<token>, /your-data/<token> and a
# commenter's own /your-comment/<token>/.
_MAILED_TOKEN = re.compile(
    r"(/mail/(?:comment/[a-z]+|confirm|unsubscribe)/|/your-data/|/your-comment/)[^/\s\]]+"
)


def link_error(error: tokens.LinkError) -> tuple[str, int]:
    """Answer a keyed link that cannot be used (forged, expired, used, gone) in plain words."""
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.status, title=error.title, message=error.message
    )
    return page, error.status


class HideMailedTokens(logging.Filter):
    """Cut the key out of a mailed link's path before a log line keeps it.

    Flask logs "Exception on <path>" for every 500; the shipped nginx keeps these paths out
    of its own logs, and a working link must not wait in the app's log instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = _MAILED_TOKEN.sub(r"\1[link key hidden]", message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


def register(app: Flask) -> None:
    app.logger.addFilter(HideMailedTokens())
    app.register_error_handler(OperationalError, database_error)
    app.register_error_handler(tokens.LinkError, link_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, server_error)
