"""Answer an anonymous reader's request for a page already rendered, below Flask.

A render-cache hit still paid for Flask's whole request: context, session, login, hooks.
For a request that carries no cookie at all (so nothing personal: no session, no login, no
remembered name, no pending preview), this middleware checks the page's validator with the
same one query the view would run and, when it names the version in the render cache,
answers with that page and the very headers Flask gave it, or 304. Anything else, and any
page not yet rendered, goes to Flask as before.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.http import parse_etags
from werkzeug.wrappers import Request as WsgiRequest

from . import caching
from .extensions import db

# Headers that describe one response, not the page: made again for each answer.
_PER_RESPONSE = frozenset({"content-length", "date"})
_NOT_FOR_304 = frozenset({"content-type", "content-length", "date"})

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Known:
    """What Flask answered for a page: the version it served, and its headers."""

    etag: str
    has_form: bool
    headers: list[tuple[str, bytes]]


class CachedPages:
    """WSGI middleware: serve cached public pages to cookie-less GETs without Flask."""

    def __init__(self, app: Flask, inner: Callable[[dict, StartResponse], Iterable[bytes]]):
        self.app = app
        self.inner = inner
        # As many pages as the render cache keeps: any query string makes a page, so the
        # oldest are forgotten rather than letting the map grow.
        self._known: OrderedDict[tuple[str, bytes], Known] = OrderedDict()
        self._size = app.config["RENDER_CACHE_PAGES"]
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and not environ.get("HTTP_COOKIE"):
            page = self._key(environ)
            known = self._known.get(page)
            if known is not None:
                answer = self._answer(environ, page, known)
                if answer is not None:
                    status, headers, body = answer
                    start_response(status, headers)
                    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
            return self.inner(environ, self._watching(environ, start_response, page))
        return self.inner(environ, start_response)

    @staticmethod
    def _key(environ: dict) -> tuple[str, bytes]:
        """Return the page's path and query string, as Flask's request reads them."""
        request = WsgiRequest(environ)
        return request.path, request.query_string

    def _answer(
        self, environ: dict, page: tuple[str, bytes], known: Known
    ) -> tuple[str, list, bytes] | None:
        """Return status, headers and body for the cached page, or None to ask Flask."""
        if environ.get("HTTP_IF_MODIFIED_SINCE") and not environ.get("HTTP_IF_NONE_MATCH"):
            return None  # rare; Flask's view compares dates
        path, query = page
        # A plain connection, not the ORM session: this is the whole of the request's work.
        with self.app.app_context(), db.engine.connect() as connection:
            found = caching.Validator(known.has_form, path, query, connection)
            etag = found.etag
            if etag != known.etag:
                environ[caching.CHECKED_KEY] = found
                return None
            if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(etag):
                headers = [(k, v) for k, v in known.headers if k.lower() not in _NOT_FOR_304]
                return "304 NOT MODIFIED", headers, b""
            cached = caching.render_cache().get(etag)
            if cached is None:
                return None
            body = caching.fill(cached[0])
        headers = [*known.headers, ("Content-Length", str(len(body)))]
        return "200 OK", headers, body

    def _watching(
        self, environ: dict, start_response: StartResponse, page: tuple[str, bytes]
    ) -> StartResponse:
        """Note the headers of a shared page Flask answers, for the next reader of it."""

        def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            cached = environ.get(caching.FAST_PATH_KEY)
            if cached is not None and status.startswith("200"):
                kept = [(k, v) for k, v in headers if k.lower() not in _PER_RESPONSE]
                with self._lock:
                    self._known[page] = Known(cached[0], cached[1], kept)
                    self._known.move_to_end(page)
                    while len(self._known) > self._size:
                        self._known.popitem(last=False)
            return start_response(status, headers, *args)

        return start


def register(app: Flask) -> None:
    """Put the middleware in front of the app (outermost, before any proxy fix)."""
    app.wsgi_app = CachedPages(app, app.wsgi_app)  # type: ignore[method-assign]
