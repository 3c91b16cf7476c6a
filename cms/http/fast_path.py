"""Answer an anonymous reader's request for a page already rendered, below Flask.

A render-cache hit still paid for Flask's whole request: context, session, login, hooks.
For a request that carries no cookie at all (so nothing personal: no session, no login, no
remembered name, no pending preview), this middleware checks the page's validator with the
same one query the view would run and, when it names the version in the render cache,
answers with that page and the very headers Flask gave it, or 304. Anything else, and any
page not yet rendered, goes to Flask as before.
"""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cachetools import LRUCache
from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_etags
from werkzeug.wrappers import Request as WsgiRequest

from ..extensions import db
from . import caching, freshness, render_cache, validators

# Headers that describe one response, not the page: made again for each answer.
_PER_RESPONSE = frozenset({"content-length", "date"})
_NOT_FOR_304 = frozenset({"content-type", "content-length", "date"})

# What the key of a page is made from: everything routing and the key read of a request.
_ADDRESS = (
    "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT",
    "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO",
)  # fmt: skip
_KEYS_KEPT = 4096

StartResponse = Callable[..., Any]
# A page as this middleware knows it: path, the query it reads, and how it was reached.
Page = tuple[str, bytes, str]


def _weight(known: "Known") -> int:
    """Return about what the headers kept for a page weigh."""
    return 256 + sum(len(name) + len(value) for name, value in known.headers)


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
        # Keyed as the render cache is (path and the arguments the page reads), and bounded
        # in bytes like it: a sixteenth of its budget holds a few thousand pages' headers.
        self._known: LRUCache[Page, Known] = LRUCache(
            max(app.config["RENDER_CACHE_BYTES"] // 16, 1), getsizeof=_weight
        )
        self._lock = threading.Lock()
        # Each address's key, so routing runs once per address, not per request: bounded,
        # since anyone can ask for any number of addresses.
        self._keys: LRUCache[tuple, Page | None] = LRUCache(_KEYS_KEPT)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        page = None
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and not environ.get("HTTP_COOKIE"):
            page = self._key(environ)
        if page is not None:
            with self._lock:
                known = self._known.get(page)
            if known is not None:
                answer = self._answer(environ, page, known)
                if answer is not None:
                    status, headers, body = answer
                    start_response(status, headers)
                    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
            return self.inner(environ, self._watching(environ, start_response, page))
        return self.inner(environ, start_response)

    def __len__(self) -> int:
        return len(self._known)

    def _key(self, environ: dict) -> Page | None:
        """Return the page's cache key as cms/http/caching.py makes it, or None if not public."""
        address = tuple(environ.get(name, "") for name in _ADDRESS)
        with self._lock:
            if address in self._keys:
                return self._keys[address]
        page = self._route(environ)
        with self._lock:
            self._keys[address] = page
        return page

    def _route(self, environ: dict) -> Page | None:
        """Route the request as Flask would, and key it; None for a page that is not public."""
        request = WsgiRequest(environ)
        try:
            endpoint, _ = self.app.url_map.bind_to_environ(environ).match(request.path)
        except HTTPException:
            return None  # a 404, a redirect: Flask answers those
        reads = getattr(self.app.view_functions.get(endpoint), "public_reads", None)
        if reads is None:
            return None
        # The scheme too: over HTTPS the headers differ (Strict-Transport-Security), and this
        # layer sits before any proxy fix, so it keys on what the proxy says as well.
        scheme = f"{environ.get('wsgi.url_scheme')} {environ.get('HTTP_X_FORWARDED_PROTO', '')}"
        return request.path, validators.page_query(request.args, reads), scheme

    def _answer(self, environ: dict, page: Page, known: Known) -> tuple[str, list, bytes] | None:
        """Return status, headers and body for the cached page, or None to ask Flask."""
        if environ.get("HTTP_IF_MODIFIED_SINCE") and not environ.get("HTTP_IF_NONE_MATCH"):
            return None  # rare; Flask's view compares dates
        path, query, _scheme = page
        with self.app.app_context():
            read = _read_validator()
            if read is None:
                return None
            found = validators.Validator(known.has_form, path, query, read)
            etag = found.etag
            if etag != known.etag:
                environ[caching.CHECKED_KEY] = found
                return None
            if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(etag):
                headers = [(k, v) for k, v in known.headers if k.lower() not in _NOT_FOR_304]
                return "304 NOT MODIFIED", headers, b""
            cache = render_cache.current()
            cached = cache.get(etag)
            if cached is None:
                return None
            body = cache.filled(etag, cached[0])
        headers = [*known.headers, ("Content-Length", str(len(body)))]
        return "200 OK", headers, body

    def _watching(self, environ: dict, start_response: StartResponse, page: Page) -> StartResponse:
        """Note the headers of a shared page Flask answers, for the next reader of it."""

        def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            cached = environ.get(caching.FAST_PATH_KEY)
            if cached is not None and status.startswith("200"):
                kept = [(k, v) for k, v in headers if k.lower() not in _PER_RESPONSE]
                known = Known(cached[0], cached[1], kept)
                if _weight(known) <= self._known.maxsize:
                    with self._lock:
                        self._known[page] = known
            return start_response(status, headers, *args)

        return start


def _read_validator() -> tuple[int, datetime | None] | None:
    """Read the validator on a pooled DB-API connection; None, for Flask to answer, on an error.

    Not the ORM session, nor even a SQLAlchemy Connection: this query is the whole of the
    request's work, and SQLAlchemy's execution of it cost more than the query itself. An
    error is Flask's to answer (its error pages, SQLAlchemy's handling of a lost connection),
    and the connection that raised it is not reused.
    """
    engine = db.engine
    connection = engine.raw_connection()
    try:
        return freshness.read_validator_plain(connection, engine.dialect)
    except engine.dialect.loaded_dbapi.Error:
        connection.invalidate()
        return None
    finally:
        connection.close()


def register(app: Flask) -> None:
    """Put the middleware in front of the app (outermost, before any proxy fix)."""
    app.extensions["fast_path"] = CachedPages(app, app.wsgi_app)
    app.wsgi_app = app.extensions["fast_path"]  # type: ignore[method-assign]
