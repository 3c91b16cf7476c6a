"""Anti-spam: the honeypot, form timing, flood control, duplicates and the per-IP rate limit."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import (
    HEROIN,
    OPIOID,
    Commenter,
    add_comment,
    audit_rows,
    comments_in_db,
    csrf_token,
    set_discussion,
)
from flask import Flask
from html_page import comment_form, form_errors, form_values, page
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import update

from cms import create_app
from cms.antispam import STAMP_SALT
from cms.extensions import db
from cms.models import Comment, CommentStatus, utcnow

SECRET = "test secret"  # the SECRET_KEY of make_app
FLOOD = "You are posting comments too quickly. Slow down."
DUPLICATE = "Duplicate comment detected; it looks as though you've already said that!"
RATE_LIMITED = "You have posted a lot of comments in a short time, so this one was not posted."
HELD = "Thank you. Your comment is held for review."
FORGED = "form timestamp missing or forged"
STYLE = Path(__file__).resolve().parent.parent / "static" / "style.css"

# What a visitor types, used wherever the exact text must come back to them.
TYPED = {
    "author": "Sam Rivera",
    "email": "sam@example.net",
    "url": "https://example.org/sam",
    "comment": "Day 12 clean.\r\n\r\nThank you <3 & goodnight.",
}


# --- apps with one anti-spam setting turned back on ---


@pytest.fixture
def build_app(app_with: Callable[..., Flask]) -> Callable[..., Flask]:
    """Return a maker of apps on a fresh copy of the template database, with overrides."""
    return app_with


def visitor(app: Flask, ip: str = "127.0.0.1") -> Commenter:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return Commenter(client)


# --- reading what came back ---


def stamp_of(response) -> str:
    return comment_form(page(response)).by_id("shown").attrs["value"]


def aged_stamp(seconds: int, secret: str = SECRET, salt: str = STAMP_SALT) -> str:
    """Sign a form stamp as if the form had been shown ``seconds`` ago."""

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    return URLSafeTimedSerializer(secret, salt=salt, signer=Earlier).dumps("shown")


def assert_caught(app: Flask, response, reason: str) -> Comment:
    """Check a post was stored as spam with its reason (a pattern) and audit row, and told
    nothing more."""
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{HEROIN}/")
    comment = comments_in_db(app)[-1]
    assert comment.status == CommentStatus.SPAM
    assert re.fullmatch(reason, comment.held_reason)
    assert audit_rows(app, comment.id) == [("post", "", "spam", None, comment.held_reason)]
    return comment


# --- the honeypot ---


def test_honeypot_is_hidden_from_people_screen_readers_and_the_tab_key(commenter):
    form = comment_form(page(commenter.article()))
    trap = form.by_id("subject")
    assert trap.tag == "input" and trap.attrs["type"] == "text"
    assert (trap.attrs["tabindex"], trap.attrs["autocomplete"]) == ("-1", "off")
    wrapper = trap.parent
    assert wrapper.attrs["aria-hidden"] == "true"
    assert "comment-form-subject" in wrapper.classes
    assert not any("style" in e.attrs for e in form.iter())
    rule = next(line for line in STYLE.read_text().splitlines() if ".comment-form-subject" in line)
    assert "left: -10000px" in rule and "display: none" not in rule


def test_filled_honeypot_files_the_comment_as_spam_and_thanks_the_poster_neutrally(
    app, commenter, reader
):
    response = commenter.post(subject="Buy now", **TYPED)
    comment = assert_caught(app, response, "honeypot")
    doc = page(commenter.client.get(response.headers["Location"]))
    assert HELD in doc.find("div", cls="flashes").text
    # Never shown, not even in the poster's own preview.
    assert doc.by_id(f"comment-{comment.id}") is None
    assert "Day 12 clean." not in doc.text
    assert "Day 12 clean." not in page(reader.article()).text


def test_caught_comment_waits_in_the_spam_list_for_an_editor_to_rescue(app, commenter, editor):
    commenter.post(subject="x", **TYPED)
    comment_id = comments_in_db(app)[-1].id
    assert editor.act(comment_id, "restore").status_code == 302
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING


# --- how soon after showing the form it came back ---


def test_fresh_form_carries_a_signed_stamp(commenter):
    stamp = stamp_of(commenter.article())
    serializer = URLSafeTimedSerializer(SECRET, salt=STAMP_SALT)
    # The payload is how many seconds it is post-dated: none here, with no shared cache timing.
    assert serializer.loads(stamp, max_age=60) == 0


@pytest.mark.parametrize(
    ("age", "status", "reason"),
    [
        # Whole seconds, and a slow machine may add one between signing and posting.
        (0, CommentStatus.SPAM, r"posted [01] s after the form was shown"),
        (1, CommentStatus.SPAM, r"posted [12] s after the form was shown"),
        (3, CommentStatus.PENDING, ""),
        (600, CommentStatus.PENDING, ""),
        (2 * 86400, CommentStatus.PENDING, ""),
    ],
    ids=["at-once", "after-1s", "after-3s", "after-10-minutes", "after-two-days"],
)
def test_form_sent_back_sooner_than_the_minimum_is_spam(build_app, age, status, reason):
    app = build_app(COMMENT_MIN_SECONDS=3)
    response = visitor(app).post(shown=aged_stamp(age), **TYPED)
    assert response.status_code == 303
    comment = comments_in_db(app)[-1]
    assert comment.status == status
    assert re.fullmatch(reason, comment.held_reason)
    assert audit_rows(app, comment.id) == [("post", "", status.value, None, comment.held_reason)]


def test_posting_straight_from_a_freshly_shown_form_is_caught(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    response = poster.post(shown=stamp_of(poster.article()), **TYPED)
    # Whole seconds: a second may tick over between showing the form and posting it.
    assert_caught(app, response, r"posted [01] s after the form was shown")


@pytest.mark.parametrize(
    "stamp",
    [
        None,
        "",
        "garbage",
        aged_stamp(600, secret="another site's secret"),
        aged_stamp(600, salt="another-purpose"),
        aged_stamp(600)[:-2] + "xx",
    ],
    ids=["missing", "empty", "garbage", "other-secret", "other-salt", "tampered"],
)
def test_missing_or_forged_stamp_is_spam(build_app, stamp):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    data = {
        **TYPED,
        "csrf_token": csrf_token(poster.article().text),
        **({"shown": stamp} if stamp is not None else {}),
    }
    response = poster.client.post(f"/{HEROIN}/comments", data=data)
    assert_caught(app, response, FORGED)


def test_timing_check_is_off_at_zero_seconds(app, commenter):
    assert app.config["COMMENT_MIN_SECONDS"] == 0
    assert commenter.post(shown="garbage", **TYPED).status_code == 303
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING


def test_form_sent_back_for_correction_keeps_its_original_stamp(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    original = aged_stamp(600)
    refused = poster.post(shown=original, **{**TYPED, "author": ""})
    assert refused.status_code == 400
    assert stamp_of(refused) == original
    # Sent again at once, it is not mistaken for a robot: the form was shown long ago.
    data = {**form_values(page(refused)), "author": "Sam", "shown": stamp_of(refused)}
    data["csrf_token"] = csrf_token(refused.text)
    assert poster.client.post(f"/{HEROIN}/comments", data=data).status_code == 303
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING


def test_min_seconds_comes_from_the_environment(monkeypatch, fresh_database):
    monkeypatch.setenv("FLASK_COMMENT_MIN_SECONDS", "0")
    monkeypatch.setenv("FLASK_RATELIMIT_ENABLED", "false")
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": fresh_database()})
    assert app.config["COMMENT_MIN_SECONDS"] == 0
    assert app.config["COMMENT_FLOOD_SECONDS"] == 15  # untouched settings keep their default
    assert Commenter(app.test_client()).post(**TYPED).status_code == 303
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING
    with app.app_context():
        db.engine.dispose()


# --- refusals: said plainly, with everything typed kept ---


def assert_refused(app: Flask, response, status: int, message: str, typed: dict, before: int):
    assert response.status_code == status
    assert len(comments_in_db(app)) == before
    doc = page(response)
    assert message in form_errors(doc)
    assert form_values(doc) == typed


@pytest.mark.parametrize(
    ("second_ip", "second_email"),
    [
        ("127.0.0.1", "other@example.net"),
        ("198.51.100.4", "SAM@Example.NET"),
    ],
    ids=["same-ip", "same-email-other-case"],
)
def test_posting_again_within_the_flood_window_is_refused(build_app, second_ip, second_email):
    app = build_app(COMMENT_FLOOD_SECONDS=15)
    assert visitor(app).post(**TYPED).status_code == 303
    typed = {**TYPED, "email": second_email, "comment": "And one more thing."}
    response = visitor(app, second_ip).post(notify="y", **typed)
    assert_refused(app, response, 429, FLOOD, typed, before=1)
    assert "checked" in comment_form(page(response)).by_id("comment-notify").attrs


def test_someone_else_may_post_during_another_persons_flood_window(build_app):
    app = build_app(COMMENT_FLOOD_SECONDS=15)
    assert visitor(app).post(**TYPED).status_code == 303
    other = visitor(app, "198.51.100.4").post(email="alex@example.net", comment="Me too.")
    assert other.status_code == 303


def test_posting_after_the_flood_window_is_accepted(build_app):
    app = build_app(COMMENT_FLOOD_SECONDS=15)
    add_comment(app, created_at=utcnow() - timedelta(seconds=16))  # pat@example.net
    with app.app_context():
        db.session.execute(update(Comment).values(author_ip="127.0.0.1"))
        db.session.commit()
    assert visitor(app).post(email="pat@example.net").status_code == 303


def test_flood_control_is_off_at_zero_seconds(app, commenter):
    assert commenter.post(comment="One.").status_code == 303
    assert commenter.post(comment="Two.").status_code == 303


@pytest.mark.parametrize(
    "again",
    [
        {},
        {"comment": "Day 12 clean.\n\nThank you &lt;3 &amp; goodnight.\n\n"},
        {"email": "someone.else@example.net"},
        {"author": "Another Name"},
    ],
    ids=["exactly", "same-once-sanitized", "same-name", "same-email"],
)
def test_saying_the_same_thing_twice_on_an_article_is_refused(app, commenter, again):
    assert commenter.post(**TYPED).status_code == 303
    typed = {**TYPED, **again}
    response = commenter.post(**typed)
    assert_refused(app, response, 409, DUPLICATE, typed, before=1)


@pytest.mark.parametrize(
    ("slug", "again"),
    [
        (HEROIN, {"author": "Alex", "email": "alex@example.net"}),
        (HEROIN, {"comment": "Day 13 clean."}),
        (OPIOID, {}),
    ],
    ids=["another-author", "other-text", "other-article"],
)
def test_same_words_from_someone_else_or_elsewhere_are_not_duplicates(app, commenter, slug, again):
    assert commenter.post(**TYPED).status_code == 303
    assert commenter.post(slug, **{**TYPED, **again}).status_code == 303


def test_a_trashed_comment_may_be_said_again(app, commenter, editor):
    commenter.post(**TYPED)
    editor.act(comments_in_db(app)[-1].id, "trash")
    assert commenter.post(**TYPED).status_code == 303


def test_refusals_come_before_the_spam_catches(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    assert poster.post(shown=aged_stamp(600), **TYPED).status_code == 303
    # A robot repeating itself is refused, not stored again as spam.
    response = poster.post(subject="filled", **TYPED)
    assert_refused(app, response, 409, DUPLICATE, TYPED, before=1)


def test_invalid_form_is_corrected_before_any_spam_check(app, commenter):
    response = commenter.post(subject="filled", **{**TYPED, "email": "not-an-email"})
    assert response.status_code == 400
    assert comments_in_db(app) == []


def test_spam_catch_comes_before_the_rules(app, commenter):
    set_discussion(app, manual_approval=False, moderation_words=["clean"])
    assert_caught(app, commenter.post(subject="filled", **TYPED), "honeypot")


# --- the per-IP rate limit ---


@pytest.fixture
def limited_app(build_app) -> Flask:
    return build_app(RATELIMIT_ENABLED=True, COMMENT_RATE_LIMIT="2 per minute")


def test_rate_limit_sends_the_article_back_with_the_text_kept(limited_app):
    poster = visitor(limited_app, "192.0.2.10")
    for n in (1, 2):
        assert poster.post(comment=f"Comment {n}.").status_code == 303
    typed = {**TYPED, "comment": "Comment 3."}
    response = poster.post(**typed)
    assert_refused(limited_app, response, 429, RATE_LIMITED, typed, before=2)
    doc = page(response)
    assert doc.find("h1").text == "I Relapsed On Heroin, Now What?"
    assert "Comment 1." in doc.text  # the article page, with the poster's own comments


def test_rate_limit_counts_only_stored_comments_per_ip(limited_app):
    poster = visitor(limited_app, "192.0.2.20")
    for _ in range(3):
        assert poster.post(author="").status_code == 400  # forms sent back cost nothing
        assert poster.article().status_code == 200  # and neither does reading
    assert poster.post(comment="One.").status_code == 303
    assert poster.post(comment="Two.").status_code == 303
    assert poster.post(comment="Three.").status_code == 429
    neighbour = visitor(limited_app, "192.0.2.21")
    assert neighbour.post(comment="From another address.").status_code == 303


def test_rate_limit_is_off_when_ratelimit_enabled_is_false(app, commenter):
    assert app.config["RATELIMIT_ENABLED"] is False
    for n in range(12):
        assert commenter.post(comment=f"Number {n}.").status_code == 303


# --- the notification box ---


def test_notify_box_is_offered_unticked_with_its_label(commenter):
    form = comment_form(page(commenter.article()))
    box = form.by_id("comment-notify")
    assert box.attrs["type"] == "checkbox" and "checked" not in box.attrs
    label = next(e for e in form.find_all("label") if e.attrs.get("for") == "comment-notify")
    assert label.text == "Notify me when my comment is published or answered"


@pytest.mark.parametrize(("ticked", "stored"), [({"notify": "y"}, True), ({}, False)])
def test_notify_choice_is_stored_with_the_comment(app, commenter, ticked, stored):
    assert commenter.post(**ticked).status_code == 303
    assert comments_in_db(app)[-1].notify is stored
