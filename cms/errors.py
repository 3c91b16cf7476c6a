"""Error pages in the site's layout, each saying what happened and where to go next."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to see this page.",
    404: "There is no page at this address. It may have moved, or the link may be mistyped.",
    405: "That kind of request is not accepted here.",
    413: "What you sent is too large (the limit is 1 MiB). Shorten it and try again.",
    500: "Something went wrong on our side. Nothing you did caused it; please try again.",
}


def _page(code: int, title: str, message: str) -> tuple[str, int]:
    # Send people back where they came from, but only to a page of this site.
    back = (
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else None
    )
    return render_template(
        "errors/error.html", code=code, title=title, message=message, back=back
    ), code


def http_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return _page(code, error.name, MESSAGES.get(code, error.description or ""))


def csrf_error(error: CSRFError) -> tuple[str, int]:
    message = (
        "Your form could not be accepted because its security token was missing or had "
        "expired (this happens when a page stays open for a long time, or cookies are off). "
        "Go back, reload the page and send it again."
    )
    return _page(400, "Form expired", message)


def server_error(error: Exception) -> tuple[str, int]:
    # A failed request may leave a broken transaction behind; the next one must not inherit it.
    db.session.rollback()
    return _page(500, "Server error", MESSAGES[500])


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, server_error)
