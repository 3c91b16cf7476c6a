"""What the comment form adds to shared pages: its token and stamp, and whose page is whose.

The form's token and its "shown" stamp differ for each response, so a page with the form
is rendered (and cached) with markers in their place, which cms/http/render_cache.py fills
as each response leaves. A visitor who has something of their own on such a page gets it
rendered for them alone (cms/http/policy.py).
"""

from dataclasses import dataclass

from flask import Flask, request
from markupsafe import escape

from ..http import policy, render_cache
from ..privacy import forget_token
from . import antispam, form_token
from .drafts import has_draft
from .posting import COMMENTER_COOKIE, own_pending_ids, remembered_value

# The token names the article it is for: its marker carries the article's id.
# Both are signed once a second (tokens.signed_this_second), so a page may be filled once a
# second with them.
FORM_TOKEN = render_cache.Filler(
    "comment-token", lambda article_id: form_token.sign(int(article_id)), same_all_second=True
)
SHOWN_STAMP = render_cache.Filler(
    "comment-shown",
    lambda _none: antispam.stamp(),
    window=antispam.stamp_window,
    same_all_second=True,
)
# Where a visitor's own part of an article page begins and ends (cms/articles/shared_page.py):
# the marks leave every response empty, so no reader ever sees the process's nonce.
FORM_SLOT = render_cache.Filler("form-slot", lambda _edge: "", same_all_second=True)
SLOT_MARKS = (FORM_SLOT.mark("start"), FORM_SLOT.mark("end"))
# Where an article page's list of comments begins and ends, and where each of its top-level
# comments begins (and the last ends), on a copy of the shared page kept for visitors with
# pending comments of their own: only what those change is rendered for them (shared_page.py).
THREAD_PART = render_cache.Filler("thread-part", lambda _part: "", same_all_second=True)
THREAD_SLOT = (THREAD_PART.mark("start"), THREAD_PART.mark("end"))
# What a reader asked this browser to remember (a name, an address, a website), filled from
# their own cookie into their own copy of the form, escaped as the form would escape it: the
# form rendered once with these markers serves every remembered reader (shared_page.py).
REMEMBERED = render_cache.Filler(
    "remembered",
    lambda field, cookie: str(escape(remembered_value(field, cookie))),
    cookie=COMMENTER_COOKIE,
)
# The "Forget me" form's token, bound to that same cookie rather than to a session, so no
# answer to a remembered reader needs one (cms/privacy/forget_token.py): filled per response.
FORGET_TOKEN = render_cache.Filler(
    "forget-token", lambda _none, cookie: forget_token.sign(cookie), cookie=COMMENTER_COOKIE
)


@dataclass(frozen=True)
class ThreadMarks:
    """The marks public/_comment.html puts before top-level comments: before each one on the
    shared page's marked copy (``shared``); on a visitor's own list only before those ``kept``,
    which it leaves unrendered, to be taken from that copy."""

    kept: frozenset[int] = frozenset()
    shared: bool = False

    def before(self, comment_id: int) -> str:
        return THREAD_PART.mark(comment_id) if self.shared or comment_id in self.kept else ""

    def keeps(self, comment_id: int) -> bool:
        return comment_id in self.kept

    @property
    def after(self) -> str:
        return THREAD_PART.mark("after") if self.shared else ""


def has_own_part() -> bool:
    """Say whether this visitor's page with the comment form would hold something of theirs."""
    # A remembered name, a pending comment only this session may preview, or a form sent
    # back for correction (shown from a draft: one person's words).
    return bool(request.cookies.get(COMMENTER_COOKIE) or own_pending_ids() or has_draft())


def register(app: Flask) -> None:
    """Register the form's fillers and its personal-page check with the HTTP layer."""
    render_cache.add_filler(app, FORM_TOKEN)
    render_cache.add_filler(app, SHOWN_STAMP)
    render_cache.add_filler(app, FORM_SLOT)
    render_cache.add_filler(app, THREAD_PART)
    render_cache.add_filler(app, REMEMBERED)
    render_cache.add_filler(app, FORGET_TOKEN)
    policy.add_personal_check(app, has_own_part)
