"""Serve public pages shareably: validators and 304s, the render cache, or a private answer.

A public page read by an anonymous visitor carries validators (cms/http/validators.py),
may be kept by a shared cache for PUBLIC_CACHE_SECONDS (cms/http/policy.py), and is
rendered once per change into the render cache (cms/http/render_cache.py). A page that
would carry anything of the visitor's own is rendered for them alone and kept nowhere.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from flask import Flask, current_app, g, make_response, request
from werkzeug.wrappers import Response

from . import freshness, policy, render_cache
from .validators import Validator, page_query

# Left in the WSGI environ for cms/http/fast_path.py when the answer is a shared, cached page:
# (its ETag, whether it has a form).
FAST_PATH_KEY = "cms.render_cache"
# And the validator it already read for a page it then handed to Flask, so the view does
# not run the same query twice.
CHECKED_KEY = "cms.validator"
# Left by a view that answered a visitor with their own copy of a page from the render cache
# alone (cms/articles/shared_page.py): the ETag of the version it was made from.
OWN_COPY_KEY = "cms.own_copy"


def public_page(has_form: bool = False, reads: Iterable[str] = ()) -> Callable:
    """Serve a public view with validators, 304s and the render cache to anonymous readers.

    ``reads`` names every query argument the view (or its template) reads: only those are
    part of the page's cache key, so a view must declare each one it uses. ``has_form``
    says the page holds a form, whose registered parts are filled for each response.
    """
    read_args = frozenset(reads)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            if policy.is_personal(has_form):
                return policy.private(make_response(view(*args, **kwargs)))
            found = request.environ.pop(CHECKED_KEY, None)
            if found is None or found.has_form != has_form:
                query = page_query(request.args, read_args)
                found = Validator(has_form, request.path, query)
            else:
                # Read below Flask, outside this request's context: kept for it here.
                freshness.seen(found.mark)
            g.shared_page = True
            # For cms/http/fast_path.py: this page may be answered below Flask next time.
            request.environ[FAST_PATH_KEY] = (found.etag, has_form)
            if found.matches():
                return found.apply(Response(status=304))
            cache = render_cache.current()
            cached = cache.get(found.etag)
            if cached is None:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return policy.private(response)
                cache.put(found.etag, response.get_data(), response.mimetype)
            else:
                body = cache.fill(cached[0])
                response = current_app.response_class(body, mimetype=cached[1])
            return found.apply(response)

        # For cms/http/fast_path.py, which keys pages the same way before Flask routes them.
        wrapper.public_reads = read_args  # type: ignore[attr-defined]
        return wrapper

    return decorate


def is_shared() -> bool:
    """Say whether the page being rendered may be cached and shared."""
    return bool(g.get("shared_page"))


def register(app: Flask) -> None:
    """Create the render cache, keep personal answers private, and watch for public changes."""
    render_cache.register(app)
    policy.register(app)
    freshness.listen()
