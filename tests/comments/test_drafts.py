"""A form sent back for correction: a redirect to the form as typed, shown once, to one browser."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select, text, update

from cms.comments import drafts as comment_drafts
from cms.extensions import db
from cms.models import CommentDraft, utcnow
from cms.privacy import retention
from tests.support.html_page import form_errors, form_values, page
from tests.support.people import Commenter
from tests.support.site import HEROIN, OPIOID, comments_in_db

TYPED = {
    "author": "",
    "email": "sam.rivera@example.net",
    "url": "",
    "comment": "Three weeks today. I wrote this at 3 am and I want it kept.",
}
NAME_MISSING = "Please enter your name."


def drafts(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CommentDraft))


def test_a_refused_post_answers_with_a_redirect_so_a_reload_sends_nothing(app, commenter):
    response = commenter.post(**TYPED)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{HEROIN}/#respond"
    shown = commenter.sent_back(response)
    doc = page(shown)
    assert NAME_MISSING in form_errors(doc)
    assert form_values(doc) == TYPED
    assert doc.by_id("author").attrs["aria-invalid"] == "true"
    # Reloading the page after the redirect is a GET: nothing is posted, nothing stored.
    again = commenter.client.get(response.headers["Location"])
    assert again.status_code == 200
    assert comments_in_db(app) == []


def test_the_draft_is_shown_once_then_deleted(app, commenter):
    location = commenter.post(**TYPED).headers["Location"]
    assert drafts(app) == 1
    assert NAME_MISSING in form_errors(page(commenter.client.get(location)))
    assert drafts(app) == 0
    later = page(commenter.client.get(location))
    assert form_errors(later) == ""
    assert TYPED["comment"] not in later.text


def test_the_draft_page_is_private_and_never_cached_for_anyone_else(app, commenter, reader):
    reader.article()  # the shared page is in the render cache
    shown = commenter.sent_back(commenter.post(**TYPED))
    assert shown.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in shown.headers
    cached = b"".join(
        b"".join(pieces) for pieces, _ in app.extensions["render_cache"]._pages.values()
    )
    assert TYPED["email"].encode() not in cached and b"Three weeks today" not in cached
    other = reader.article()
    assert TYPED["comment"] not in other.text and TYPED["email"] not in other.text


def test_another_browser_never_sees_someone_elses_draft(app, commenter, reader):
    location = commenter.post(**TYPED).headers["Location"]
    seen = reader.client.get(location)
    assert TYPED["comment"] not in seen.text and NAME_MISSING not in seen.text
    assert drafts(app) == 1  # still waiting for the browser it belongs to


def test_a_draft_waits_for_its_own_article(app, commenter):
    location = commenter.post(**TYPED).headers["Location"]
    elsewhere = commenter.article(OPIOID)
    assert TYPED["comment"] not in elsewhere.text and NAME_MISSING not in elsewhere.text
    assert NAME_MISSING in form_errors(page(commenter.client.get(location)))


def test_the_draft_is_stored_encrypted(app, commenter):
    commenter.post(**TYPED)
    with app.app_context():
        raw = db.session.execute(text("SELECT payload FROM comment_drafts")).scalar_one()
    assert TYPED["email"] not in raw and "Three weeks" not in raw


def test_one_draft_per_session_each_new_one_replacing_the_last(app, commenter):
    commenter.post(**TYPED)
    second = commenter.post(**{**TYPED, "comment": "A second try."})
    assert drafts(app) == 1
    assert form_values(page(commenter.sent_back(second)))["comment"] == "A second try."


def test_a_draft_older_than_an_hour_is_not_shown_and_is_pruned(app, commenter, reader):
    location = commenter.post(**TYPED).headers["Location"]
    reader.post(**TYPED)
    with app.app_context():
        old = utcnow() - comment_drafts.DRAFT_LIFE - timedelta(minutes=1)
        db.session.execute(update(CommentDraft).values(created_at=old))
        db.session.commit()
    assert TYPED["comment"] not in commenter.client.get(location).text
    with app.app_context():
        retention.prune()
    assert drafts(app) == 0


def test_a_form_too_large_to_keep_is_answered_directly_with_everything_typed(app, commenter):
    # Far past the comment's limit, so refused; past the draft's cap, so not kept.
    huge = "I need to say all of this. " * 12_000
    response = commenter.post(comment=huge)
    assert response.status_code == 400
    assert drafts(app) == 0
    assert form_values(page(response))["comment"] == huge
    assert "Comment must be at most 65,525 characters." in form_errors(page(response))


def test_past_the_cap_on_waiting_drafts_forms_are_answered_directly(app, commenter, monkeypatch):
    monkeypatch.setattr(comment_drafts, "DRAFTS_KEPT_MAX", 1)
    Commenter(app.test_client()).post(**TYPED)
    response = commenter.post(**TYPED)
    assert response.status_code == 400
    assert form_values(page(response)) == TYPED
    assert drafts(app) == 1
