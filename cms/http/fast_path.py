"""Answer an anonymous reader's request for a page already rendered, below Flask.

A render-cache hit still paid for Flask's whole request: context, session, login, hooks.
For a request that carries no cookie at all (so nothing personal: no session, no login, no
remembered name, no pending preview), this middleware checks the page's validator with the
same one query the view would run and, when it names the version in the render cache,
answers with that page and the very headers Flask gave it, or 304. Anything else, and any
page not yet rendered, goes to Flask as before.

A request whose one cookie is one a package registered an own copy for (the "save my name"
cookie: cms/articles/shared_page.py) is answered the same way once Flask has answered such
a reader of that version from the render cache alone: the copy, its parts filled from that
cookie, with the private headers Flask gave it. That cookie's value goes into that answer
and nowhere else: not into the render cache, not into what is kept here.
"""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cachetools import LRUCache
from flask import Flask
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_cookie, parse_etags
from werkzeug.wrappers import Request as WsgiRequest

from ..extensions import db
from . import caching, freshness, policy, render_cache, validators
from .kept_connection import KeptConnections

# Headers that describe one response, not the page: made again for each answer.
_PER_RESPONSE = frozenset({"content-length", "date"})
# What a 304 leaves out: as Flask's own (werkzeug drops the entity headers), so a 304 reads
# the same whichever answered it.
_NOT_FOR_304 = frozenset({"content-type", "content-length", "last-modified", "date"})

# What the key of a page is made from: everything routing and the key read of a request.
_ADDRESS = (
    "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT",
    "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO",
)  # fmt: skip
_KEYS_KEPT = 4096

StartResponse = Callable[..., Any]
# A page as this middleware knows it: path, the query it reads, and how it was reached.
Page = tuple[str, bytes, str]
# Makes a visitor's own copy of a page version (by its ETag) from the render cache alone,
# split at its markers and not yet filled; None when the cache lacks a part of it.
OwnCopy = Callable[[str], list[bytes] | None]
# Who asks: the name and value of the one cookie an own copy is made from, or ("", "") for
# a request with no cookie at all.
Visitor = tuple[str, str]
ANONYMOUS: Visitor = ("", "")


def _weight(known: "Known") -> int:
    """Return about what the headers kept for a page weigh."""
    return 256 + sum(len(name) + len(value) for name, value in known.headers)


@dataclass(frozen=True)
class Known:
    """What Flask answered for a page: the version it served, and its headers; ``whole``
    when they are a 200's, else a 304's, which answer only the requests that one did."""

    etag: str
    has_form: bool
    headers: list[tuple[str, bytes]]
    whole: bool = True


class CachedPages:
    """WSGI middleware: serve cached public pages to cookie-less GETs without Flask."""

    def __init__(self, app: Flask, inner: Callable[[dict, StartResponse], Iterable[bytes]]):
        self.app = app
        self.inner = inner
        # Keyed as the render cache is (path and the arguments the page reads), and bounded
        # in bytes like it: a sixteenth of its budget holds a few thousand pages' headers.
        # The shared page under the cookie name "", an own copy under its cookie's name.
        self._known: LRUCache[tuple[Page, str], Known] = LRUCache(
            max(app.config["RENDER_CACHE_BYTES"] // 16, 1), getsizeof=_weight
        )
        self._lock = threading.Lock()
        # Each address's key, so routing runs once per address, not per request: bounded,
        # since anyone can ask for any number of addresses.
        self._keys: LRUCache[tuple, Page | None] = LRUCache(_KEYS_KEPT)
        # The own copies packages registered, by the cookie each is made from.
        self._copies: dict[str, OwnCopy] = {}
        # The connections the validator is read on, made on the first read.
        self._kept: KeptConnections | None = None

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        visitor = self._visitor(environ)
        page = self._key(environ) if visitor is not None else None
        if visitor is not None and page is not None:
            with self._lock:
                known = self._known.get((page, visitor[0]))
            if known is not None:
                if visitor == ANONYMOUS:
                    answer = self._answer(environ, page, known)
                else:
                    answer = self._own_answer(page, known, visitor)
                if answer is not None:
                    status, headers, body = answer
                    start_response(status, headers)
                    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
            watching = self._watching(environ, start_response, page, visitor[0])
            return self.inner(environ, watching)
        return self.inner(environ, start_response)

    def add_own_copy(self, cookie: str, copy: OwnCopy) -> None:
        """Answer a reader whose one cookie is ``cookie`` with ``copy``, filled from it."""
        self._copies[cookie] = copy

    def _visitor(self, environ: dict) -> Visitor | None:
        """Say who asks, if this layer may answer them: no cookie, or one with an own copy."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return None
        header = environ.get("HTTP_COOKIE")
        if not header:
            return ANONYMOUS
        if not self._copies:
            return None
        # Exactly one cookie, as Flask would read it: any other (a session, a login, a
        # pending preview) may put more of the visitor on the page, so Flask answers.
        cookies = list(parse_cookie(header).items(multi=True))
        if len(cookies) != 1 or cookies[0][0] not in self._copies or not cookies[0][1]:
            return None
        return cookies[0]

    def __len__(self) -> int:
        return len(self._known)

    def _key(self, environ: dict) -> Page | None:
        """Return the page's cache key as cms/http/caching.py makes it, or None if not public."""
        address = tuple([environ.get(name, "") for name in _ADDRESS])
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
            read = self._read_validator()
            if read is None:
                return None
            etag = validators.etag(known.has_form, path, query, read)
            if etag != known.etag:
                # Flask answers, with the validators this read gives: no second query.
                environ[caching.CHECKED_KEY] = validators.Validator(
                    known.has_form, path, query, read
                )
                return None
            asked = environ.get("HTTP_IF_NONE_MATCH")
            if asked and parse_etags(asked).contains(etag):
                headers = [(k, v) for k, v in known.headers if k.lower() not in _NOT_FOR_304]
                return "304 NOT MODIFIED", headers, b""
            if not known.whole:
                environ[caching.CHECKED_KEY] = validators.Validator(
                    known.has_form, path, query, read
                )
                return None
            cache: render_cache.RenderCache = self.app.extensions["render_cache"]
            cached = cache.get(etag)
            if cached is None:
                return None
            body = cache.filled(etag, cached[0])
        headers = [*known.headers, ("Content-Length", str(len(body)))]
        return "200 OK", headers, body

    def _read_validator(self) -> tuple[int, datetime | None] | None:
        """Read the validator on this thread's kept connection; None, for Flask to answer, on
        an error (its error pages, SQLAlchemy's handling of a lost connection).

        Not the ORM session, nor even a SQLAlchemy Connection: this query is the whole of the
        request's work, and SQLAlchemy's execution of it cost more than the query itself.
        """
        engine = db.engine
        if engine.echo or _watched(engine):
            # Whatever logs or counts the engine's statements (echo, a tracer, a test) sees
            # this one too: through SQLAlchemy, as before.
            with engine.connect() as watched:
                return freshness.read_validator(watched)
        kept = self._kept
        if kept is None or kept.engine is not engine:
            kept = self._kept = KeptConnections(engine)
        try:
            return kept.run(freshness.read_validator_plain, engine.dialect)
        except engine.dialect.loaded_dbapi.Error:
            return None

    def _own_answer(
        self, page: Page, known: Known, visitor: Visitor
    ) -> tuple[str, list, bytes] | None:
        """Return status, headers and body of this visitor's own copy, or None to ask Flask.

        Always the whole page, as Flask answers a personal one: it has no validators.
        """
        path, query, _scheme = page
        cookie, value = visitor
        with self.app.app_context():
            read = self._read_validator()
            if read is None:
                return None
            etag = validators.etag(known.has_form, path, query, read)
            pieces = self._copies[cookie](etag) if etag == known.etag else None
            if pieces is None:
                return None
            # Filled from this visitor's cookie alone, for this answer alone.
            body = render_cache.current().fill(pieces, {cookie: value})
        headers = [*known.headers, ("Content-Length", str(len(body)))]
        return "200 OK", headers, body

    def _watching(
        self, environ: dict, start_response: StartResponse, page: Page, cookie: str
    ) -> StartResponse:
        """Note the headers of a page Flask answers from the render cache, for the next
        reader of it: the shared page, or a copy made from ``cookie``."""

        def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            if status.startswith("200"):
                self._note(environ, page, cookie, headers)
            elif status.startswith("304") and not cookie:
                # A worker that only ever hears revalidations (nginx's, behind it) would
                # otherwise send every one of them to Flask.
                self._note(environ, page, cookie, headers, whole=False)
            return start_response(status, headers, *args)

        return start

    def _note(
        self, environ: dict, page: Page, cookie: str, headers: list, whole: bool = True
    ) -> None:
        """Keep the headers of a 200 Flask made from the render cache alone, if it did, or
        of a 304 it answered from the page's validator (``whole`` False)."""
        if not cookie:
            shared = environ.get(caching.FAST_PATH_KEY)
            etag, has_form = shared if shared is not None else (None, False)
        else:
            etag, has_form = environ.get(caching.OWN_COPY_KEY), True
            # An own copy's headers are kept only as the private ones they must be, and
            # never with a cookie set for that one visitor.
            names = {name.lower() for name, _value in headers}
            private = policy.is_private(dict(headers).get("Cache-Control"))
            if "set-cookie" in names or not private:
                return
        if etag is None:
            return
        kept = [(k, v) for k, v in headers if k.lower() not in _PER_RESPONSE]
        known = Known(etag, has_form, kept, whole)
        if _weight(known) > self._known.maxsize:
            return
        with self._lock:
            before = self._known.get((page, cookie))
            # A 200's headers of this version answer its 304s too: never traded for less.
            if whole or before is None or before.etag != etag:
                self._known[(page, cookie)] = known


def _watched(engine: Engine) -> bool:
    """Say whether anything listens to the statements the engine sends."""
    return bool(engine.dispatch.before_cursor_execute or engine.dispatch.after_cursor_execute)


def register(app: Flask) -> None:
    """Put the middleware in front of the app (outermost, before any proxy fix)."""
    app.extensions["fast_path"] = CachedPages(app, app.wsgi_app)
    app.wsgi_app = app.extensions["fast_path"]  # type: ignore[method-assign]


def add_own_copy(app: Flask, cookie: str, copy: OwnCopy) -> None:
    """Let readers whose one cookie is ``cookie`` get ``copy`` below Flask, once Flask has
    answered such a reader of the same version with it (caching.OWN_COPY_KEY)."""
    app.extensions["fast_path"].add_own_copy(cookie, copy)
