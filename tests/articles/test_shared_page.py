"""A visitor's own copy of an article page: the shared page, with only their part rendered."""

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.articles import shared_page
from cms.comments import antispam
from cms.comments import drafts as comment_drafts
from cms.comments.page_parts import SLOT_MARKS, THREAD_SLOT
from cms.extensions import db
from cms.models import Comment, CommentStatus, utcnow
from tests.support.html_page import form_errors, form_values, page
from tests.support.people import Commenter
from tests.support.site import HEROIN, add_comment, set_discussion

REMEMBERED = "author=Sam%20R&email=sam%40example.net&url="
TYPED = {"author": "", "email": "", "url": "", "comment": "Eleven days. Kept as I typed it."}
# What differs between two answers of the same page: the tokens, signed at each answer (the
# "Forget me" form's too, whose timestamp moves on when two answers straddle a second).
SIGNED = re.compile(r'(name="(?:csrf_token|shown)"(?: type="hidden")? value=")[^"]*')
# And the pending comment's private link, signed afresh for each answer.
OWN_LINK = re.compile(r'(<a href=")[^"]*(">your comment\'s private page)')


def _unsigned(html: str) -> str:
    """Return a page with every value signed per answer left out."""
    return OWN_LINK.sub(r"\1\2", SIGNED.sub(r"\1", html))


def _outside_the_slot(html: str) -> tuple[str, str]:
    """Return the page before the comment preview and form, and after it."""
    return html[: html.index('<p class="comments-feed">')], html[html.index("</main>") :]


def _approved(app: Flask, count: int) -> None:
    for n in range(count):
        add_comment(app, f"Approved comment number {n}.", CommentStatus.APPROVED)


def test_a_remembered_reader_gets_the_shared_page_with_their_own_form(app, reader, commenter):
    _approved(app, 3)
    shared = reader.article().get_data(as_text=True)
    commenter.client.set_cookie("comment_author", REMEMBERED)
    own = commenter.article()
    assert own.headers["Cache-Control"] == "private, no-store"
    html = own.get_data(as_text=True)
    assert form_values(page(own))["author"] == "Sam R"
    assert _outside_the_slot(html) == _outside_the_slot(shared)
    assert "Approved comment number 2." in html


def test_a_form_sent_back_keeps_the_thread_and_shows_what_was_typed(app, reader, commenter):
    _approved(app, 2)
    reader.article()
    shown = commenter.sent_back(commenter.post(**TYPED))
    assert "Please enter your name." in form_errors(page(shown))
    assert form_values(page(shown))["comment"] == TYPED["comment"]
    assert "Approved comment number 1." in shown.get_data(as_text=True)


def test_with_the_render_cache_empty_the_shared_page_is_rendered_once_and_kept(app, commenter):
    _approved(app, 2)
    commenter.client.set_cookie("comment_author", REMEMBERED)
    own = commenter.article().get_data(as_text=True)
    cache = app.extensions["render_cache"]
    # The shared page, and the untouched form with markers where the cookie's values go.
    assert len(cache) == 2
    [pieces] = [entry[0] for key, entry in cache._pages.items() if ":form:" not in key]
    [form] = [entry[0] for key, entry in cache._pages.items() if ":form:" in key]
    assert "Sam R" not in b"".join(form).decode() and "sam@example" not in b"".join(form).decode()
    kept = b"".join(pieces).decode()
    # The kept page is the anonymous one: nothing of the remembered reader is in it.
    assert "Sam R" not in kept and "sam@example.net" not in kept
    # Nor the "Forget me" form, whose token is bound to that visitor's cookie.
    assert "Forget me" not in kept and 'id="forget-me"' not in kept
    assert all(mark.encode() in pieces for mark in SLOT_MARKS)
    assert _outside_the_slot(own)[0] == _outside_the_slot(kept.replace(SLOT_MARKS[0], ""))[0]


def test_the_shared_page_made_for_a_visitor_is_the_one_anonymous_readers_get(app, commenter):
    _approved(app, 2)
    commenter.client.set_cookie("comment_author", REMEMBERED)
    commenter.article()  # renders the shared page into the cache
    from_cache = app.test_client().get(f"/{HEROIN}/").get_data(as_text=True)
    app.extensions["render_cache"]._pages.clear()
    rendered = app.test_client().get(f"/{HEROIN}/").get_data(as_text=True)
    assert SIGNED.search(rendered)
    assert SIGNED.sub(r"\1", from_cache) == SIGNED.sub(r"\1", rendered)


def test_no_answer_carries_the_slot_marks(app, reader, commenter):
    reader.article()
    commenter.client.set_cookie("comment_author", REMEMBERED)
    answers = [reader.article(), commenter.article(), commenter.post(**TYPED, follow=True)]
    nonce = SLOT_MARKS[0].split("-")[2]
    for answer in answers:
        assert nonce not in answer.get_data(as_text=True)
        assert "form-slot" not in answer.get_data(as_text=True)


def test_a_visitor_with_a_pending_comment_gets_the_page_with_it(app, commenter):
    commenter.post(comment="My own words, waiting for an editor.")
    own = commenter.article().get_data(as_text=True)
    assert "My own words, waiting for an editor." in own
    assert "Your comment is awaiting moderation." in own


def _whole(app: Flask, commenter: Commenter, monkeypatch: pytest.MonkeyPatch, path: str) -> str:
    """Return this visitor's page at ``path`` rendered whole, as before it was spliced."""
    with monkeypatch.context() as patch:
        patch.setattr(shared_page, "with_own_thread", lambda *_args: None)
        return commenter.client.get(path).get_data(as_text=True)


def _splices(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Return the list each splice of a visitor's thread will add its page to (None when it
    falls back to the whole page)."""
    made: list[str | None] = []
    splice = shared_page.with_own_thread
    monkeypatch.setattr(
        shared_page, "with_own_thread", lambda *args: made.append(splice(*args)) or made[-1]
    )
    return made


def _thread_copies(app: Flask) -> list[bytes]:
    """Return the marked copies of shared pages the render cache keeps, each joined."""
    pages = app.extensions["render_cache"]._pages
    return [b"".join(entry[0]) for key, entry in pages.items() if key.endswith(":thread")]


# Where the visitor's pending comment stands: alone, among threads, as a reply (one level
# down, or beside its parent at the deepest level), before a newer approved comment, and on
# pages shown newest first or in pages.
PLACES = {
    "alone": ({}, 0, None),
    "last of the threads": ({}, 3, None),
    "a reply": ({}, 3, 1),
    "a reply at the deepest level": ({"thread_depth": 2}, 3, 2),
    "flat": ({"threading": False}, 3, 1),
    "newest first": ({"order": "newest"}, 3, 1),
    "on the last of pages": ({"paginate": True, "per_page": 2, "default_page": "newest"}, 5, 4),
}


@pytest.mark.parametrize(("settings", "approved", "parent"), PLACES.values(), ids=PLACES)
def test_a_pending_comment_is_spliced_into_the_shared_page_as_the_whole_page_shows_it(
    app, reader, commenter, monkeypatch, settings, approved, parent
):
    set_discussion(app, **settings)
    ids = [add_comment(app, f"Approved {n}.", CommentStatus.APPROVED) for n in range(approved)]
    # A reply to the second comment, and to the reply below it: nested as deep as it goes.
    if approved:
        ids.append(add_comment(app, "A reply.", CommentStatus.APPROVED, parent=ids[1]))
    reader.article()
    answer = commenter.post(comment="Mine, pending.", comment_parent=ids[parent] if parent else 0)
    assert answer.status_code == 303 and "#respond" not in answer.location
    # An approved comment newer than the pending one: the pending one stands before it.
    add_comment(app, "Newer, approved.", CommentStatus.APPROVED, created_at=utcnow())
    path = answer.location.partition("#")[0]
    made = _splices(monkeypatch)
    spliced = commenter.client.get(path)
    assert len(made) == 1 and made[0] is not None
    assert spliced.headers["Cache-Control"] == "private, no-store"
    html = spliced.get_data(as_text=True)
    assert "Mine, pending." in html and "Your comment is awaiting moderation." in html
    assert "thread-part" not in html and THREAD_SLOT[0].split("-")[2] not in html
    assert _unsigned(html) == _unsigned(_whole(app, commenter, monkeypatch, path))
    [copy] = _thread_copies(app)
    # The marked copy is the anonymous page: nothing of the visitor's is kept.
    assert b"Mine, pending." not in copy and b"awaiting moderation" not in copy
    assert all(mark.encode() in copy for mark in THREAD_SLOT)


@pytest.mark.parametrize("reply", [False, True])
def test_a_refused_duplicate_gets_the_shared_page_with_its_preview_and_the_form_as_typed(
    app, commenter, monkeypatch, reply
):
    ids = [add_comment(app, f"Approved {n}.", CommentStatus.APPROVED) for n in range(3)]
    typed = {"comment": "The same words, twice.", "comment_parent": ids[1] if reply else 0}
    commenter.post(**typed)
    made = _splices(monkeypatch)
    # The post reads its token from the page first: that page is spliced too.
    shown = commenter.sent_back(commenter.post(**typed))
    assert len(made) == 2 and None not in made
    html = shown.get_data(as_text=True)
    assert antispam.DUPLICATE_MESSAGE in form_errors(page(shown))
    assert form_values(page(shown))["comment"] == typed["comment"]
    assert html.count("The same words, twice.") == 2  # the pending preview, and the form
    assert _thread_copies(app)
    # The draft is shown once: sent back again, the same page is rendered whole to compare.
    again = commenter.sent_back(commenter.post(**typed)).get_data(as_text=True)
    assert _unsigned(again) == _unsigned(html)
    commenter.post(**typed)
    whole = _whole(app, commenter, monkeypatch, f"/{HEROIN}/")
    assert _unsigned(whole) == _unsigned(html)


def test_a_refused_flood_keeps_the_pending_preview_and_the_words_typed(app_with):
    flooding = app_with(COMMENT_FLOOD_SECONDS=60)
    commenter = Commenter(flooding.test_client())
    commenter.post(comment="First, pending.")
    shown = commenter.sent_back(commenter.post(comment="Second, too soon."))
    html = shown.get_data(as_text=True)
    assert "First, pending." in html and "Your comment is awaiting moderation." in html
    assert form_values(page(shown))["comment"] == "Second, too soon."
    assert _thread_copies(flooding)


def test_an_approved_answer_to_a_pending_comment_has_its_page_rendered_whole(
    app, commenter, monkeypatch
):
    # A pending comment that an approved one answers (an import, or one approved, answered
    # and sent back to the queue): that answer nests under it on this visitor's page alone,
    # so the shared page's threads are not this page's, and it is rendered whole.
    commenter.post(comment="Mine, pending.")
    with app.app_context():
        mine = db.session.scalar(select(func.max(Comment.id)))
    later = utcnow() + timedelta(minutes=1)
    add_comment(app, "An answer.", CommentStatus.APPROVED, parent=mine, created_at=later)
    made = _splices(monkeypatch)
    html = commenter.article().get_data(as_text=True)
    assert made == [None]
    assert html.index("Mine, pending.") < html.index("An answer.")
    assert '<ol class="children">' in html


def test_a_form_answered_directly_past_the_drafts_cap_is_spliced_too(app, commenter, monkeypatch):
    _approved(app, 1)
    monkeypatch.setattr(comment_drafts, "DRAFTS_KEPT_MAX", 0)
    # Too long for the draft cookie: such a draft would wait in the database, past its cap.
    answer = commenter.post(**{**TYPED, "comment": TYPED["comment"] * 120})
    assert answer.status_code == 400
    assert "Please enter your name." in form_errors(page(answer))
    assert "Approved comment number 0." in answer.get_data(as_text=True)


def test_the_shared_key_names_the_comment_page_and_the_reply(app):
    assert shared_page.shared_key("a", None, None) == ("/a/", b"")
    assert shared_page.shared_key("a", 2, 7) == ("/a/comment-page-2/", b"replytocom=7")


def test_only_staff_flashes_and_pending_comments_need_the_whole_page(app):
    with app.test_request_context(f"/{HEROIN}/"):
        assert shared_page.only_form_differs()
    with app.test_request_context(f"/{HEROIN}/"):
        from flask import flash

        flash("Thank you.")
        assert not shared_page.only_form_differs()


def test_a_remembered_reader_is_served_from_the_cache_with_their_own_values(app, commenter):
    _approved(app, 2)
    commenter.client.set_cookie("comment_author", REMEMBERED)
    first = commenter.article()
    assert len(app.extensions["render_cache"]) == 2
    # Another remembered reader, another name: same kept page, their own values, escaped.
    other = Commenter(app.test_client())
    other.client.set_cookie("comment_author", "author=%3Cb%3EJo%22%3C%2Fb%3E&email=&url=")
    answer = other.article()
    html = answer.get_data(as_text=True)
    assert form_values(page(answer))["author"] == '<b>Jo"</b>'
    assert "<b>Jo" not in html and "&lt;b&gt;Jo&#34;&lt;/b&gt;" in html
    assert "Sam R" not in html
    assert answer.headers["Cache-Control"] == "private, no-store"
    # Served from what was kept: nothing new rendered.
    assert len(app.extensions["render_cache"]) == 2
    # The same visitor's copy is byte for byte what a fresh render gives, tokens aside.
    again = commenter.article().get_data(as_text=True)
    app.extensions["render_cache"]._pages.clear()
    rendered = commenter.article().get_data(as_text=True)
    assert SIGNED.sub(r"\1", again) == SIGNED.sub(r"\1", rendered)
    assert SIGNED.sub(r"\1", first.get_data(as_text=True)) == SIGNED.sub(r"\1", rendered)


def test_forget_me_works_from_a_kept_copy(app, commenter):
    commenter.client.set_cookie("comment_author", REMEMBERED)
    commenter.article()
    html = commenter.article().get_data(as_text=True)
    token = re.search(
        r'id="forget-me"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"', html
    )
    assert token and "forget-token" not in html
    answer = commenter.client.post(f"/{HEROIN}/forget-me", data={"csrf_token": token.group(1)})
    assert answer.status_code in (302, 303)
    assert "comment_author=;" in answer.headers.get("Set-Cookie", "")
