"""A visitor's own copy of an article page, made from the shared one: only their part rendered.

Most copies of an article page that are one visitor's own differ from the page every
anonymous reader gets in a single place: the comment form (a remembered name, a form sent
back with its messages, a preview, the second look). Rendering the whole page again for
them, a hundred comments and all, made a refused post cost three times an accepted one.
So the shared page, from the render cache (or rendered once into it), keeps its slot marks
(cms/comments/page_parts.py), and only the part between them is rendered for the visitor.

A visitor whose own comments are still pending sees them in the thread, where they will
stand once approved: their copy is made from another copy of the shared page, kept with a
mark where each top-level comment begins, and only the threads holding their comments (and
the form) are rendered for them; the rest is the shared page's bytes. Neither copy ever holds
anything of a visitor's. A page with more of the visitor in it (a flashed message, a member of
staff's menu) is rendered whole, as before.

The form as a page first shows it (nothing typed, sent back or previewed) differs between
such visitors only in what their cookie remembers, so it is kept too, rendered with markers
in place of those values, and a reader with the "save my name" cookie gets the kept page
and form, filled from their cookie, without the article being loaded or rendered; when that
cookie is all they send, below Flask (cms/http/fast_path.py).
"""

from collections.abc import Callable

from flask import Flask, request, session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..comments import page_parts
from ..comments.drafts import has_draft
from ..comments.posting import COMMENTER_COOKIE, own_pending_ids
from ..http import caching, fast_path, render_cache
from ..http.validators import Validator, page_query

# The query argument an article page reads (its views' `reads`), for the shared page's key.
REPLY_ARGUMENT = "replytocom"


def only_own_parts_differ() -> bool:
    """Say whether this visitor's copy of an article page differs from the shared one only
    in the form and in their own pending comments."""
    return not (current_user.is_authenticated or "_flashes" in session)


def only_form_differs() -> bool:
    """Say whether this visitor's copy of an article page differs from the shared one only
    between the slot marks."""
    return only_own_parts_differ() and not own_pending_ids()


def shared_key(slug: str, number: int | None, reply_id: int | None) -> tuple[str, bytes]:
    """Return the path and query of the shared page showing what this visitor's copy shows:
    the same comment page, answering the same comment."""
    path = f"/{slug}/" if number is None else f"/{slug}/comment-page-{number}/"
    query = MultiDict({REPLY_ARGUMENT: str(reply_id)} if reply_id else {})
    return path, page_query(query, frozenset({REPLY_ARGUMENT}))


def _own_key(etag: str, remembered: bool) -> str:
    """Return the render cache's key for the untouched form of this version of a page."""
    return f"{etag}:form:{'remembered' if remembered else 'blank'}"


def _kept(key: str, render: Callable[[], str]) -> list[bytes]:
    """Return the page or part kept under ``key``, rendering and keeping it if missing."""
    cache = render_cache.current()
    cached = cache.get(key)
    if cached is not None:
        return cached[0]
    body = render().encode()
    cache.put(key, body, "text/html")
    return cache.split(body)


def with_own_part(
    path: str,
    query: bytes,
    render_shared: Callable[[], str],
    render_own: Callable[[], str],
    untouched: bool | None = None,
) -> str:
    """Return the shared page at ``path`` and ``query`` with the visitor's part in its slot.

    ``render_shared`` renders the page as any anonymous reader gets it (used, and kept in the
    render cache, when the cache does not hold this version yet); ``render_own`` renders the
    visitor's part alone. ``untouched`` is None for a part of this visitor's own (a form sent
    back, a preview), else whether the untouched form is a remembered reader's: that part,
    rendered with markers for what is remembered, is kept for the next such visitor.
    """
    cache = render_cache.current()
    etag = Validator(True, path, query).etag
    pieces = _kept(etag, render_shared)
    if untouched is None:
        inner = cache.split(render_own().encode())
    else:
        inner = _kept(_own_key(etag, untouched), render_own)
    return _spliced(pieces, inner)


def with_own_thread(
    path: str,
    query: bytes,
    render_marked: Callable[[], str],
    tops: list[int],
    render_thread: Callable[[], str],
    render_own: Callable[[], str],
) -> str | None:
    """Return the shared page at ``path`` and ``query`` with the visitor's list of comments
    and their part in its slots, or None when their list is not the shared one with theirs
    added (render the page whole then).

    ``render_marked`` renders the page as any anonymous reader gets it, with the thread's
    marks (page_parts.ThreadMarks); ``tops`` are the top-level comments of the visitor's
    list that are not their own, in order; ``render_thread`` renders their list, leaving out
    (and marking) the top-level comments with nothing of theirs under them, which are taken
    from the marked copy.
    """
    cache = render_cache.current()
    pieces = _kept(f"{Validator(True, path, query).etag}:thread", render_marked)
    start, end = (pieces.index(mark.encode()) for mark in page_parts.THREAD_SLOT)
    # Between the slot's marks: the list's opening, then each top-level comment after its
    # mark, then a last mark and the list's close.
    shared = dict(
        zip(pieces[start + 2 : end - 2 : 2], pieces[start + 3 : end - 2 : 2], strict=True)
    )
    marks = [page_parts.THREAD_PART.mark(top).encode() for top in tops]
    if marks != list(shared):
        return None
    changed = render_thread().encode()
    listed = b"".join(shared.get(piece, piece) for piece in cache.split(changed))
    pieces = cache.splice(pieces, *page_parts.THREAD_SLOT, [listed])
    return _spliced(pieces, cache.split(render_own().encode()))


def _spliced(pieces: list[bytes], inner: list[bytes]) -> str:
    """Return the page with the visitor's part in its slot, filled: theirs alone, so from
    their cookies."""
    cache = render_cache.current()
    return cache.fill(cache.splice(pieces, *page_parts.SLOT_MARKS, inner), request.cookies).decode()


def kept_pieces(etag: str, remembered: bool) -> list[bytes] | None:
    """Return the shared page of this version with the untouched form in its slot, not yet
    filled, from the render cache alone; None when the cache lacks either."""
    cache = render_cache.current()
    shared = cache.get(etag)
    own = cache.get(_own_key(etag, remembered))
    if shared is None or own is None:
        return None
    return cache.splice(shared[0], *page_parts.SLOT_MARKS, own[0])


def remembered_copy(etag: str) -> list[bytes] | None:
    """Return a remembered reader's copy of this version, for cms/http/fast_path.py."""
    return kept_pieces(etag, remembered=True)


def kept_copy(path: str) -> str | None:
    """Return this visitor's copy of the article page at ``path`` from the render cache alone,
    or None when it must be rendered: a visitor whose copy differs from the shared page only
    in an untouched form, when the cache holds this version of both."""
    if caching.is_shared() or not only_form_differs() or has_draft():
        return None
    query = page_query(request.args, frozenset({REPLY_ARGUMENT}))
    etag = Validator(True, path, query).etag
    pieces = kept_pieces(etag, bool(request.cookies.get(COMMENTER_COOKIE)))
    if pieces is None:
        return None
    # For cms/http/fast_path.py: the same reader's next request may be answered below Flask.
    request.environ[caching.OWN_COPY_KEY] = etag
    return render_cache.current().fill(pieces, request.cookies).decode()


def register(app: Flask) -> None:
    """Let a reader whose one cookie is the "save my name" one be answered below Flask."""
    fast_path.add_own_copy(app, COMMENTER_COOKIE, remembered_copy)
