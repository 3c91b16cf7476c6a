"""The render cache: each shared page rendered once per version, its per-response parts filled.

A page the same for every anonymous reader is rendered once per version (its ETag) and kept
here, bounded in bytes. A part that must differ for each response (the comment form's token
and its "shown" stamp) is a filler, registered by the package that owns it: the page is
rendered with the filler's marker in its place, and each response gets a fresh value as it
leaves, whether it came from this cache, the fast path or the view itself. So this module
knows no part by name, and nothing of the comments.

A visitor's own part (what their cookie remembers) is a filler too, made from the value of
the one cookie it names, and only the caller that answers that visitor alone passes the
cookies: a shared page is filled without any, so nothing of a visitor can reach it.
"""

import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cachetools import LRUCache
from flask import Flask, current_app, request
from werkzeug.wrappers import Response

from . import policy

# Random per process, so no commenter can type a marker into a comment and have it filled.
_NONCE = secrets.token_hex(8)
_NONCE_BYTES = _NONCE.encode()
# What a marker may carry for its filler (an article id): nothing HTML would escape.
_ARGUMENT = re.compile(r"[0-9A-Za-z_]*")
# Filled pages kept for the current second (RenderCache.filled): the hottest few.
FILLED_KEPT = 64


@dataclass(frozen=True)
class Filler:
    """A part of a shared page that differs for each response: a marker and its fresh value."""

    name: str
    # Makes the value for one marker from the argument the page gave it ("" for none), and,
    # for a part made from a cookie, that cookie's value ("" when absent).
    fresh: Callable[..., str]
    # Which period now falls in, for a value that must not be handed out past it: a page
    # with this part changes its ETag as the period moves (cms/http/validators.py).
    window: Callable[[], int] | None = None
    # The value is the same for a whole second of the clock (a timestamped signature made
    # once a second): a page of such parts only is filled once a second (RenderCache.filled).
    same_all_second: bool = False
    # The cookie a visitor's own part is made from: filled only for that visitor's answer.
    cookie: str | None = None

    def __post_init__(self) -> None:
        if self.cookie is not None and self.same_all_second:
            raise ValueError("a part made from a visitor's cookie is never the same for all")

    @property
    def prefix(self) -> str:
        return f"{self.name}-{_NONCE}-"

    def mark(self, argument: int | str = "") -> str:
        """Return the marker a page renders where this part's fresh value belongs."""
        if not _ARGUMENT.fullmatch(str(argument)):
            raise ValueError(f"a marker's argument is letters and digits, not {argument!r}")
        return f"{self.prefix}{argument}."


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
        self._fillers: dict[bytes, Filler] = {}
        self._marks: re.Pattern[bytes] | None = None
        # The few pages read most, filled for the current second: key -> (second, body).
        self._filled: LRUCache[str, tuple[int, bytes]] = LRUCache(FILLED_KEPT)

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def bytes(self) -> int:
        """Return the weight of every page kept."""
        return int(self._pages.currsize)

    def add_filler(self, filler: Filler) -> None:
        """Fill this part's markers in every page served from now on."""
        self._fillers[filler.prefix.encode()] = filler
        alternatives = b"|".join(
            re.escape(prefix) + rb"[0-9A-Za-z_]*\." for prefix in self._fillers
        )
        # Split a page at its markers, keeping them: even items are page, odd items markers.
        self._marks = re.compile(b"(" + alternatives + b")")

    def windows(self) -> tuple[int, ...]:
        """Return the period each windowed part is in now, for a page's validator."""
        return tuple(f.window() for f in self._fillers.values() if f.window is not None)

    def split(self, body: bytes) -> list[bytes]:
        """Split a page at its markers, so serving it is a join, not a search."""
        return self._marks.split(body) if self._marks is not None else [body]

    def _filler_of(self, marker: bytes) -> Filler:
        """Return the filler a marker ("name-nonce-argument.") belongs to."""
        return self._fillers[marker.rpartition(b"-")[0] + b"-"]

    def fill(self, pieces: list[bytes], cookies: Mapping[str, str] | None = None) -> bytes:
        """Join a page split at its markers, with a fresh value in each marker's place.

        ``cookies`` are the visitor's, given only for an answer that is theirs alone: without
        them a visitor's own part is left empty.
        """
        fresh: dict[bytes, bytes] = {}

        def value(marker: bytes) -> bytes:
            # One value per marker: the same token twice on a page is the same token.
            if marker not in fresh:
                filler, argument = self._filler_of(marker), marker.rpartition(b"-")[2][:-1]
                if filler.cookie is None:
                    made = filler.fresh(argument.decode())
                else:
                    made = filler.fresh(argument.decode(), (cookies or {}).get(filler.cookie, ""))
                fresh[marker] = made.encode()
            return fresh[marker]

        return b"".join(piece if i % 2 == 0 else value(piece) for i, piece in enumerate(pieces))

    def filled(self, key: str, pieces: list[bytes]) -> bytes:
        """Return the shared page kept under ``key``, filled: once a second when every part on
        it stays the same all second, so a busy page costs a lookup, not a join and signing."""
        second = int(time.time())
        # Looked up first: only a page whose parts all stay the same all second is kept.
        with self._lock:
            known = self._filled.get(key)
        if known is not None and known[0] == second:
            return known[1]
        if not all(self._filler_of(marker).same_all_second for marker in pieces[1::2]):
            return self.fill(pieces)
        body = self.fill(pieces)
        # Kept only if made within that second, so it holds that second's values.
        if int(time.time()) == second:
            with self._lock:
                self._filled[key] = (second, body)
        return body

    def splice(self, pieces: list[bytes], start: str, end: str, inner: list[bytes]) -> list[bytes]:
        """Return a split page with what lies between the markers ``start`` and ``end``
        replaced by ``inner`` (split too), the markers themselves kept.

        Raises ValueError when the page lacks either marker.
        """
        first, last = pieces.index(start.encode()), pieces.index(end.encode())
        # Even items are page, odd ones markers; a split page starts and ends with page, so
        # the markers either side keep their places.
        return [*pieces[: first + 1], *inner, *pieces[last:]]

    def get(self, key: str) -> tuple[list[bytes], str] | None:
        with self._lock:
            return self._pages.get(key)

    def put(self, key: str, body: bytes, mimetype: str) -> None:
        """Keep a page already split at its markers."""
        entry = (self.split(body), mimetype)
        if _weight(entry) > self._pages.maxsize:
            return  # larger than the whole cache: rendered each time instead
        with self._lock:
            self._pages[key] = entry


def current() -> RenderCache:
    """Return this app's render cache."""
    return current_app.extensions["render_cache"]


def add_filler(app: Flask, filler: Filler) -> None:
    """Register a part that differs for each response of the app's shared pages."""
    app.extensions["render_cache"].add_filler(filler)


def fill_marks(response: Response) -> Response:
    """Put fresh values where a page rendered for this response alone has markers."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    body = response.get_data()
    # Every marker holds the nonce: one search tells whether there is anything to fill.
    if _NONCE_BYTES not in body:
        return response
    cache = current()
    # A visitor's own parts only in an answer no cache may keep (cms/http/policy.py).
    cookies = request.cookies if policy.is_private(response.headers.get("Cache-Control")) else None
    response.set_data(cache.fill(cache.split(body), cookies))
    return response


def register(app: Flask) -> None:
    """Create the app's render cache and fill each response's markers as it leaves."""
    app.extensions["render_cache"] = RenderCache(app.config["RENDER_CACHE_BYTES"])
    app.after_request(fill_marks)
