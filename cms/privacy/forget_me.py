"""The "Forget me" button: the browser stops remembering the commenter's name and email."""

from flask import Blueprint, flash, redirect, url_for
from werkzeug.wrappers import Response

from ..articles.pages import get_article
from ..comments import posting as commenting

bp = Blueprint("forget", __name__)

FORGOTTEN = "Done: this browser no longer remembers your name, email or website."


# A POST with the site's CSRF token, so no other site can make a visitor forget (or a link
# preview trigger it); it changes nothing stored on the server.
@bp.post("/<slug>/forget-me")
def forget_me(slug: str) -> Response:
    """Delete the "save my name" cookie and go back to an empty comment form."""
    article = get_article(slug)
    flash(FORGOTTEN)
    response = redirect(url_for("public.article", slug=article.slug) + "#respond", code=303)
    response.delete_cookie(commenting.COMMENTER_COOKIE, samesite="Lax", httponly=True)
    # And that this browser commented with an address before (a shared computer).
    response.delete_cookie(commenting.KNOWN_AUTHOR_COOKIE, samesite="Lax", httponly=True)
    return response
