"""A public page's validators: an ETag and a Last-Modified from one cheap query, and 304s.

A public page read by an anonymous visitor is the same for everyone, so it carries an ETag
and a Last-Modified computed before anything is rendered (the mark in ``freshness`` and the
newest public publication time), and answers 304 when the browser or a proxy already has
it.
"""

import hashlib
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask import current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import utcnow
from . import freshness, policy, render_cache

_ROOT = Path(__file__).resolve().parents[2]


def code_version() -> str:
    """Hash the code and templates once, so a deploy changes every validator."""
    extensions = current_app.extensions
    if "CACHE_VERSION" not in extensions:
        digest = hashlib.sha256()
        for path in sorted([*_ROOT.glob("cms/**/*.py"), *_ROOT.glob("templates/**/*")]):
            if path.is_file():
                digest.update(path.read_bytes())
        extensions["CACHE_VERSION"] = digest.hexdigest()[:16]
    return extensions["CACHE_VERSION"]


def page_query(args: MultiDict[str, str], reads: frozenset[str]) -> bytes:
    """Return the query arguments a page reads, in one order: the query its cache key holds.

    Any other argument changes nothing on the page, so ``?utm=1`` or a random string shares
    the clean page's ETag and cache entry instead of adding one per string.
    """
    kept = sorted((name, value) for name, value in args.items(multi=True) if name in reads)
    return urlencode(kept).encode()


def etag(has_form: bool, path: str, query: bytes, read: tuple[int, datetime | None]) -> str:
    """Return the ETag of a page's version from ``read`` (freshness.read_validator's answer)."""
    # A page with the form holds parts that age (a "shown" stamp): it is a new version
    # each time their period moves, so no cache hands out an old one for long.
    windows = render_cache.current().windows() if has_form else ()
    # Nothing else of the request changes the page: links come from SITE_URL and the
    # mount point it names (cms/http/headers.py), never from the Host or a SCRIPT_NAME header.
    return _hashed((*read, path, query, code_version(), windows))


@lru_cache(maxsize=1024)
def _hashed(parts: tuple) -> str:
    """Hash what makes a page's version into its ETag.

    Kept for the versions met lately: each request for a cached page asks again for the
    same few (below Flask, this is most of its work), and hashing cost more than the lookup.
    """
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


class Validator:
    """A page's ETag and Last-Modified, from the public mark and the newest publication."""

    def __init__(
        self,
        has_form: bool,
        path: str,
        query: bytes,
        read: tuple[int, datetime | None] | None = None,
    ) -> None:
        """Make the validators from ``read`` (freshness.read_validator's answer), or read it
        on the request's own connection."""
        self.has_form = has_form
        if read is None:
            read = freshness.read_validator(db.session.connection())
            # Kept for the request: what a process keeps by the mark (the discussion
            # settings) is checked against this read, with no query of its own. The fast
            # path, below Flask, brings its own read and has no request to keep it in.
            freshness.seen(read[0])
        mark, newest = read
        self.mark = mark
        changed = max(freshness.from_us(mark), newest or datetime(1970, 1, 1))
        self.etag = etag(has_form, path, query, read)
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
        return policy.public(response)
