"""A visitor's own copy of an article page, made from the shared one: only their part rendered.

Most copies of an article page that are one visitor's own differ from the page every
anonymous reader gets in a single place: the comment form (a remembered name, a form sent
back with its messages, a preview, the second look). Rendering the whole page again for
them, a hundred comments and all, made a refused post cost three times an accepted one.
So the shared page, from the render cache (or rendered once into it), keeps its slot marks
(cms/comments/page_parts.py), and only the part between them is rendered for the visitor.

A page with more of the visitor in it (a pending comment only they may preview, a flashed
message, a member of staff's menu) is rendered whole, as before.
"""

from collections.abc import Callable

from flask import session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..comments import page_parts
from ..comments.posting import own_pending_ids
from ..http import render_cache
from ..http.validators import Validator, page_query

# The query argument an article page reads (its views' `reads`), for the shared page's key.
REPLY_ARGUMENT = "replytocom"


def only_form_differs() -> bool:
    """Say whether this visitor's copy of an article page differs from the shared one only
    between the slot marks."""
    if current_user.is_authenticated or "_flashes" in session:
        return False
    return not own_pending_ids()


def shared_key(slug: str, number: int | None, reply_id: int | None) -> tuple[str, bytes]:
    """Return the path and query of the shared page showing what this visitor's copy shows:
    the same comment page, answering the same comment."""
    path = f"/{slug}/" if number is None else f"/{slug}/comment-page-{number}/"
    query = MultiDict({REPLY_ARGUMENT: str(reply_id)} if reply_id else {})
    return path, page_query(query, frozenset({REPLY_ARGUMENT}))


def with_own_part(
    path: str, query: bytes, render_shared: Callable[[], str], render_own: Callable[[], str]
) -> str:
    """Return the shared page at ``path`` and ``query`` with the visitor's part in its slot.

    ``render_shared`` renders the page as any anonymous reader gets it (used, and kept in the
    render cache, when the cache does not hold this version yet); ``render_own`` renders the
    visitor's part alone.
    """
    cache = render_cache.current()
    etag = Validator(True, path, query).etag
    cached = cache.get(etag)
    if cached is None:
        body = render_shared().encode()
        cache.put(etag, body, "text/html")
        pieces = cache.split(body)
    else:
        pieces = cached[0]
    start, end = page_parts.SLOT_MARKS
    own = cache.splice(pieces, start, end, render_own().encode())
    return cache.fill(own).decode()
