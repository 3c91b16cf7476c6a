"""The "Forget me" button: the browser stops remembering the commenter's name and email."""

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..articles.pages import get_article
from ..comments import form_token
from ..comments import posting as commenting
from ..extensions import csrf
from ..http.headers import COOKIE_SCOPE
from . import forget_token

bp = Blueprint("forget", __name__)

FORGOTTEN = "Done: this browser no longer remembers your name, email or website."


# A POST with a CSRF token, so no other site can make a visitor forget (or a link preview
# trigger it); it changes nothing stored on the server. The form's token is bound to the
# remembered name's cookie, not to a session (forget_token.py says why that suffices).
@bp.post("/<slug>/forget-me")
@csrf.exempt
def forget_me(slug: str) -> Response:
    """Delete the "save my name" cookie and go back to an empty comment form."""
    article = get_article(slug)
    token = request.form.get("csrf_token")
    remembered = request.cookies.get(commenting.COMMENTER_COOKIE)
    if not (form_token.is_same_origin(request) and forget_token.is_valid(token, remembered)):
        # A page read before the token was the cookie's holds a session-bound one: Flask-WTF
        # checks it, and answers anything else 400 as it does for every other form.
        csrf.protect()
    flash(FORGOTTEN)
    response = redirect(url_for("public.article", slug=article.slug) + "#respond", code=303)
    response.delete_cookie(commenting.COMMENTER_COOKIE, **COOKIE_SCOPE)
    # And that this browser commented with an address before (a shared computer).
    response.delete_cookie(commenting.KNOWN_AUTHOR_COOKIE, **COOKIE_SCOPE)
    return response
