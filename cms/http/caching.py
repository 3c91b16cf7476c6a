"""HTTP caching of public pages: validators, 304s, Cache-Control and a render cache.

A public page read by an anonymous visitor is the same for everyone, so it carries an ETag
and a Last-Modified computed from one cheap query before anything is rendered (the mark in
``freshness`` and the newest public publication time), answers 304 when the browser or a
proxy already has it, may be kept by a shared cache for PUBLIC_CACHE_SECONDS, and is
rendered once per change into a small in-process cache. Anything personal (staff, a flashed
message, one's own pending comment, a remembered name, a form sent back) is ``private,
no-store``: no proxy may hand it to someone else, and it never enters the render cache.

The comment form's token and its "shown" stamp differ for each response, so pages are
rendered (and cached) with markers in their place, filled in as each response leaves.
"""

import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from cachetools import LRUCache
from flask import Flask, current_app, g, make_response, request, session
from flask_login import current_user
from sqlalchemy.engine import Connection
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..comments import antispam, form_token
from ..extensions import db
from ..models import utcnow
from . import freshness

PERSONAL = "private, no-store"
# Left in the WSGI environ for cms/http/fast_path.py when the answer is a shared, cached page:
# (its ETag, whether it has the comment form).
FAST_PATH_KEY = "cms.render_cache"
# And the validator it already read for a page it then handed to Flask, so the view does
# not run the same query twice.
CHECKED_KEY = "cms.validator"
# Random per process, so no commenter can type a marker into a comment and have it filled.
_NONCE = secrets.token_hex(8)
TOKEN_MARK = f"comment-token-{_NONCE}-"
STAMP_MARK = f"comment-shown-{_NONCE}"
_TOKEN_MARK_BYTES, _STAMP_MARK_BYTES = TOKEN_MARK.encode(), STAMP_MARK.encode()
# Split a page at its markers, keeping them: even items are page, odd items markers.
_MARKS = re.compile(
    b"(" + re.escape(_TOKEN_MARK_BYTES) + rb"\d+\.|" + re.escape(_STAMP_MARK_BYTES) + b")"
)
_ROOT = Path(__file__).resolve().parents[2]


def token_mark(article_id: int) -> str:
    """Return the marker that becomes a fresh comment token for this article."""
    return f"{TOKEN_MARK}{article_id}."


def _code_version() -> str:
    """Hash the code and templates once, so a deploy changes every validator."""
    if "CACHE_VERSION" not in current_app.extensions:
        digest = hashlib.sha256()
        for path in sorted([*_ROOT.glob("cms/**/*.py"), *_ROOT.glob("templates/**/*")]):
            if path.is_file():
                digest.update(path.read_bytes())
        current_app.extensions["CACHE_VERSION"] = digest.hexdigest()[:16]
    return current_app.extensions["CACHE_VERSION"]


def _weight(entry: tuple[list[bytes], str]) -> int:
    """Return about what a cached page costs in memory: its bytes, and a little per piece."""
    pieces, _mimetype = entry
    return sum(len(piece) for piece in pieces) + 64 * len(pieces)


class RenderCache:
    """A least-recently-used map from a page's ETag to its rendered body, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        # cachetools' LRU weighs each entry; a lock, since a worker may run threads.
        self._pages: LRUCache[str, tuple[list[bytes], str]] = LRUCache(max_bytes, getsizeof=_weight)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def bytes(self) -> int:
        """Return the weight of every page kept."""
        return int(self._pages.currsize)

    def get(self, key: str) -> tuple[list[bytes], str] | None:
        with self._lock:
            return self._pages.get(key)

    def put(self, key: str, body: bytes, mimetype: str) -> None:
        """Keep a page already split at its markers, so serving it is a join, not a search."""
        entry = (_MARKS.split(body), mimetype)
        if _weight(entry) > self._pages.maxsize:
            return  # larger than the whole cache: rendered each time instead
        with self._lock:
            self._pages[key] = entry


def render_cache() -> RenderCache:
    return current_app.extensions["render_cache"]


def page_query(args: MultiDict[str, str], reads: frozenset[str]) -> bytes:
    """Return the query arguments a page reads, in one order: the query its cache key holds.

    Any other argument changes nothing on the page, so ``?utm=1`` or a random string shares
    the clean page's ETag and cache entry instead of adding one per string.
    """
    kept = sorted((name, value) for name, value in args.items(multi=True) if name in reads)
    return urlencode(kept).encode()


def form_window() -> int:
    """Return which FORM_STAMP_SECONDS window now falls in (0 when stamps need none)."""
    seconds = current_app.config["FORM_STAMP_SECONDS"]
    if not (seconds and current_app.config["PUBLIC_CACHE_SECONDS"]):
        return 0
    if not current_app.config["COMMENT_MIN_SECONDS"]:
        return 0
    return int(utcnow().timestamp()) // seconds


class Validator:
    """A page's ETag and Last-Modified, from the public mark and the newest publication."""

    def __init__(
        self, has_form: bool, path: str, query: bytes, connection: Connection | None = None
    ) -> None:
        self.has_form = has_form
        mark, newest = freshness.read_validator(connection or db.session.connection())
        changed = max(freshness.from_us(mark), newest or datetime(1970, 1, 1))
        window = form_window() if has_form else 0
        # Nothing else of the request changes the page: links come from SITE_URL and the
        # mount point it names (cms/http/headers.py), never from the Host or a SCRIPT_NAME header.
        parts = (mark, newest, path, query, _code_version(), window)
        self.etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        # HTTP dates count whole seconds: rounded up, and withheld while that second lasts,
        # so a second change within the same second can never be answered "not modified".
        rounded = changed.replace(microsecond=0)
        if rounded < changed:
            rounded += timedelta(seconds=1)
        self.last_modified = rounded if rounded <= utcnow() else None

    def matches(self) -> bool:
        """Say whether the request's conditional headers name this very version."""
        if request.if_none_match:
            return request.if_none_match.contains(self.etag)
        since = request.if_modified_since
        if since is None or self.last_modified is None:
            return False
        return self.last_modified <= since.replace(tzinfo=None)

    def apply(self, response: Response) -> Response:
        """Give a shareable response its validators and Cache-Control."""
        response.set_etag(self.etag)
        if self.last_modified is not None:
            response.last_modified = self.last_modified
        seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
        # max-age=0: browsers check back every time (a cheap 304); s-maxage: a proxy may
        # answer alone for a few seconds, which is the only stale window anonymous readers see.
        response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
        response.vary.add("Cookie")
        return response


def is_personal(article_page: bool) -> bool:
    """Say whether this visitor's page would carry anything of their own."""
    if request.method not in ("GET", "HEAD") or "_flashes" in session:
        return True
    if current_user.is_authenticated:
        return True
    if article_page:
        from ..comments.drafts import has_draft
        from ..comments.posting import COMMENTER_COOKIE, own_pending_ids

        # A form sent back for correction is shown from a draft: one person's words.
        return bool(request.cookies.get(COMMENTER_COOKIE) or own_pending_ids() or has_draft())
    return False


def private(response: Response) -> Response:
    """Mark a response as one person's: no cache keeps it, and it has no validators."""
    response.headers["Cache-Control"] = PERSONAL
    for name in ("ETag", "Last-Modified"):
        response.headers.pop(name, None)
    return response


def public_page(has_form: bool = False, reads: Iterable[str] = ()) -> Callable:
    """Serve a public view with validators, 304s and the render cache to anonymous readers.

    ``reads`` names every query argument the view (or its template) reads: only those are
    part of the page's cache key, so a view must declare each one it uses.
    """
    read_args = frozenset(reads)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            if is_personal(has_form):
                return private(make_response(view(*args, **kwargs)))
            found = request.environ.pop(CHECKED_KEY, None)
            if found is None or found.has_form != has_form:
                query = page_query(request.args, read_args)
                found = Validator(has_form, request.path, query)
            g.shared_page = True
            # For cms/http/fast_path.py: this page may be answered below Flask next time.
            request.environ[FAST_PATH_KEY] = (found.etag, has_form)
            if found.matches():
                return found.apply(Response(status=304))
            cached = render_cache().get(found.etag)
            if cached is None:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return private(response)
                render_cache().put(found.etag, response.get_data(), response.mimetype)
            else:
                body = fill(cached[0])
                response = current_app.response_class(body, mimetype=cached[1])
            return found.apply(response)

        # For cms/http/fast_path.py, which keys pages the same way before Flask routes them.
        wrapper.public_reads = read_args  # type: ignore[attr-defined]
        return wrapper

    return decorate


def is_shared() -> bool:
    """Say whether the page being rendered may be cached and shared."""
    return bool(g.get("shared_page"))


def fill(pieces: list[bytes]) -> bytes:
    """Join a page split at its markers, with a fresh token and stamp in their places."""
    fresh: dict[bytes, bytes] = {}

    def value(marker: bytes) -> bytes:
        if marker not in fresh:
            if marker == _STAMP_MARK_BYTES:
                fresh[marker] = antispam.stamp().encode()
            else:
                article_id = int(marker[len(_TOKEN_MARK_BYTES) : -1])
                fresh[marker] = form_token.sign(article_id).encode()
        return fresh[marker]

    return b"".join(piece if i % 2 == 0 else value(piece) for i, piece in enumerate(pieces))


def fill_form_marks(response: Response) -> Response:
    """Put a fresh token and shown stamp where a page has the markers for them."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    body = response.get_data()
    if _TOKEN_MARK_BYTES not in body and _STAMP_MARK_BYTES not in body:
        return response
    response.set_data(fill(_MARKS.split(body)))
    return response


# Pages about one person's own data, whatever the method.
PERSONAL_BLUEPRINTS = frozenset({"your_data", "forget"})


def keep_answers_private(response: Response) -> Response:
    """Mark answers to forms, and pages about one's data, as private unless a view chose."""
    personal = request.method not in ("GET", "HEAD") or request.blueprint in PERSONAL_BLUEPRINTS
    if personal and "Cache-Control" not in response.headers:
        private(response)
    return response


def register(app: Flask) -> None:
    """Create the render cache and fill each response's form markers as it leaves."""
    app.extensions["render_cache"] = RenderCache(app.config["RENDER_CACHE_BYTES"])
    app.after_request(fill_form_marks)
    app.after_request(keep_answers_private)
    freshness.listen()
