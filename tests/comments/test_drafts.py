"""A form sent back for correction: a redirect to the form as typed, shown once, to one browser.

Most drafts travel sealed in a cookie; one too long for a cookie waits in the database.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, text, update

from cms.comments import drafts as comment_drafts
from cms.extensions import db
from cms.models import CommentDraft, utcnow
from cms.privacy import crypto, retention
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
# Too long for the draft cookie, well within a comment's limit: this one waits in the database.
LONG = {**TYPED, "comment": "I wrote this at 3 am and I want every word of it kept. " * 80}
COOKIE = comment_drafts.DRAFT_COOKIE


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


def test_the_draft_travels_in_a_cookie_and_is_shown_once_then_forgotten(app, commenter):
    response = commenter.post(**TYPED)
    assert COOKIE in response.headers["Set-Cookie"]
    assert drafts(app) == 0  # nothing written to the database
    assert NAME_MISSING in form_errors(page(commenter.client.get(response.headers["Location"])))
    assert commenter.client.get_cookie(COOKIE) is None
    later = page(commenter.client.get(response.headers["Location"]))
    assert form_errors(later) == ""
    assert TYPED["comment"] not in later.text


def test_a_long_draft_waits_in_the_database_and_is_shown_once_then_deleted(app, commenter):
    location = commenter.post(**LONG).headers["Location"]
    assert drafts(app) == 1
    assert commenter.client.get_cookie(COOKIE) is None
    shown = page(commenter.client.get(location))
    assert NAME_MISSING in form_errors(shown)
    assert form_values(shown) == LONG
    assert drafts(app) == 0
    later = page(commenter.client.get(location))
    assert form_errors(later) == ""
    assert LONG["comment"] not in later.text


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
    writer = Commenter(app.test_client())
    writer.post(slug=OPIOID, **LONG)
    seen = reader.client.get(location)
    assert TYPED["comment"] not in seen.text and NAME_MISSING not in seen.text
    seen = reader.article(OPIOID)
    assert LONG["comment"] not in seen.text and NAME_MISSING not in seen.text
    # Still waiting for the browser they belong to.
    assert commenter.client.get_cookie(COOKIE) is not None
    assert drafts(app) == 1
    assert NAME_MISSING in form_errors(page(writer.article(OPIOID)))


@pytest.mark.parametrize("typed", [TYPED, LONG], ids=["cookie", "database"])
def test_a_draft_waits_for_its_own_article(app, commenter, typed):
    location = commenter.post(**typed).headers["Location"]
    elsewhere = commenter.article(OPIOID)
    assert typed["comment"] not in elsewhere.text and NAME_MISSING not in elsewhere.text
    assert NAME_MISSING in form_errors(page(commenter.client.get(location)))


def test_the_draft_cookie_is_sealed(app, commenter):
    commenter.post(**TYPED)
    sealed = commenter.client.get_cookie(COOKIE)
    assert sealed.http_only and sealed.same_site == "Lax"
    assert TYPED["email"] not in sealed.value and "Three weeks" not in sealed.value
    assert "sam.rivera" not in sealed.value


def test_a_changed_draft_cookie_shows_nothing_and_is_deleted(app, commenter):
    location = commenter.post(**TYPED).headers["Location"]
    sealed = commenter.client.get_cookie(COOKIE).value
    commenter.client.set_cookie(COOKIE, sealed[:-8] + "AAAAAAAA")
    shown = commenter.client.get(location)
    assert shown.status_code == 200
    assert TYPED["comment"] not in shown.text and NAME_MISSING not in shown.text
    assert commenter.client.get_cookie(COOKIE) is None


def test_the_stored_draft_is_encrypted(app, commenter):
    commenter.post(**LONG)
    with app.app_context():
        raw = db.session.execute(text("SELECT payload FROM comment_drafts")).scalar_one()
    assert LONG["email"] not in raw and "3 am" not in raw


def test_one_draft_per_browser_each_new_one_replacing_the_last(app, commenter):
    commenter.post(**TYPED)
    second = commenter.post(**{**TYPED, "comment": "A second try."})
    assert form_values(page(commenter.sent_back(second)))["comment"] == "A second try."
    # A long one then a short one, and the other way round: the newest is the one shown.
    commenter.post(**LONG)
    short = commenter.post(**{**TYPED, "comment": "Shorter now."})
    assert drafts(app) == 0
    assert form_values(page(commenter.sent_back(short)))["comment"] == "Shorter now."
    commenter.post(**TYPED)
    long = commenter.post(**LONG)
    assert commenter.client.get_cookie(COOKIE) is None
    assert form_values(page(commenter.sent_back(long)))["comment"] == LONG["comment"]


def test_a_draft_cookie_older_than_an_hour_is_not_shown(app, commenter):
    location = commenter.post(**TYPED).headers["Location"]
    with app.app_context():
        sealed = commenter.client.get_cookie(COOKIE).value
        payload = crypto.unseal(sealed, 60)
        assert json.loads(payload)["fields"]["comment"] == TYPED["comment"]
        hour_ago = int(time.time() - comment_drafts.DRAFT_LIFE.total_seconds() - 60)
        old = crypto._fernet().encrypt_at_time(payload.encode(), hour_ago).decode()
    commenter.client.set_cookie(COOKIE, old)
    shown = commenter.client.get(location)
    assert TYPED["comment"] not in shown.text and NAME_MISSING not in shown.text
    assert commenter.client.get_cookie(COOKIE) is None


def test_a_stored_draft_older_than_an_hour_is_not_shown_and_is_pruned(app, commenter, reader):
    location = commenter.post(**LONG).headers["Location"]
    reader.post(**LONG)
    with app.app_context():
        old = utcnow() - comment_drafts.DRAFT_LIFE - timedelta(minutes=1)
        db.session.execute(update(CommentDraft).values(created_at=old))
        db.session.commit()
    assert LONG["comment"] not in commenter.client.get(location).text
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
    Commenter(app.test_client()).post(**LONG)
    response = commenter.post(**LONG)
    assert response.status_code == 400
    assert form_values(page(response)) == LONG
    assert drafts(app) == 1
    # A draft that fits a cookie takes no room in the database: still kept.
    assert commenter.post(**TYPED).status_code == 303


def test_an_empty_draft_cookie_is_no_draft_and_leaves_the_page_shared(app, commenter):
    commenter.client.set_cookie(COOKIE, "")
    shown = commenter.article()
    assert shown.status_code == 200
    assert "ETag" in shown.headers and "private" not in shown.headers["Cache-Control"]
