"""Anti-spam: the honeypot, form timing, flood control, duplicates and the per-IP rate limit."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import update

from cms import create_app
from cms.comments.antispam import STAMP_SALT
from cms.extensions import db
from cms.models import Comment, CommentStatus, utcnow
from tests.support.html_page import comment_form, form_errors, form_values, page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import (
    HEROIN,
    OPIOID,
    add_comment,
    audit_rows,
    comments_in_db,
    set_discussion,
    stored_words,
)

SECRET = "test secret"  # the SECRET_KEY of make_app
FLOOD = re.compile(
    r"You sent a comment a moment ago\. Please wait about (\d+) seconds and send this one "
    r"again; everything you typed is kept below\."
)
DUPLICATE = (
    "You already sent this same comment here, so it was not posted a second time. If you "
    "meant to add something, change the text and send it again; everything you typed is kept "
    "below."
)
RATE_LIMITED = "You have posted a lot of comments in a short time, so this one was not posted."
HELD = "Thank you. Your comment is held for review."
FORGED = r"sent without the page's time stamp \(missing or forged\)"
AWAITING = "Your comment is awaiting moderation."
STYLE = Path(__file__).resolve().parents[2] / "static" / "style.css"

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


# --- how soon after showing the form it came back: a quick writer is a person ---


def test_fresh_form_carries_a_signed_stamp(commenter):
    stamp = stamp_of(commenter.article())
    serializer = URLSafeTimedSerializer(SECRET, salt=STAMP_SALT)
    # The payload is how many seconds it is post-dated: none here, with no shared cache timing.
    assert serializer.loads(stamp, max_age=60) == 0


def assert_held(app: Flask, response, reason: str) -> Comment:
    """Check a post was stored pending with its reason (a pattern) and audit row, and that
    its author is sent to their own preview, as for any pending comment."""
    comment = comments_in_db(app)[-1]
    assert comment.status == CommentStatus.PENDING
    assert re.fullmatch(reason, comment.held_reason), comment.held_reason
    assert audit_rows(app, comment.id) == [("post", "", "pending", None, comment.held_reason)]
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    return comment


@pytest.mark.parametrize(
    ("age", "reason"),
    [
        # Whole seconds, and a slow machine may add one between signing and posting.
        (0, r"sent [01] s after the page was shown"),
        (1, r"sent [12] s after the page was shown"),
        (3, ""),
        (600, ""),
        (2 * 86400, ""),
    ],
    ids=["at-once", "after-1s", "after-3s", "after-10-minutes", "after-two-days"],
)
def test_form_sent_back_sooner_than_the_minimum_is_held_with_its_reason(build_app, age, reason):
    app = build_app(COMMENT_MIN_SECONDS=3)
    assert_held(app, visitor(app).post(shown=aged_stamp(age), **TYPED), reason)


def test_quick_writer_sees_their_preview_and_the_editor_finds_it_pending(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    # Pasted from elsewhere: sent straight back from a freshly shown form.
    response = poster.post(shown=stamp_of(poster.article()), **TYPED)
    comment = assert_held(app, response, r"sent [01] s after the page was shown")
    own = page(poster.client.get(response.headers["Location"])).by_id(f"comment-{comment.id}")
    assert own is not None and "Day 12 clean." in own.text
    assert AWAITING in own.find("p", cls="comment-awaiting-moderation").text
    editor = Editor(app.test_client())
    editor.login()
    row = page(editor.queue("pending")).by_id(f"comment-{comment.id}")
    assert row is not None and "Day 12 clean." in row.text
    assert comment.held_reason in row.text


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
def test_missing_or_forged_stamp_holds_the_comment_for_an_editor(build_app, stamp):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    data = {
        **TYPED,
        # Past the second look (tests/support/people.py says why).
        "second_look": "keep",
        "csrf_token": csrf_token(poster.article().text),
        **({"shown": stamp} if stamp is not None else {}),
    }
    assert_held(app, poster.client.post(f"/{HEROIN}/comments", data=data), FORGED)


def test_a_quick_comment_the_rules_would_publish_is_held_instead(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    set_discussion(app, manual_approval=False)
    assert_held(app, visitor(app).post(shown=aged_stamp(0), **TYPED), r"sent [01] s .*")


def test_a_quick_comment_keeps_the_rules_reason_beside_its_own(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    set_discussion(app, moderation_words=["clean"])
    response = visitor(app).post(shown=aged_stamp(0), **TYPED)
    assert_held(app, response, r'moderation word "clean"; sent [01] s after the page was shown')


def test_timing_check_is_off_at_zero_seconds(app, commenter):
    assert app.config["COMMENT_MIN_SECONDS"] == 0
    assert commenter.post(shown="garbage", **TYPED).status_code == 303
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING
    assert comments_in_db(app)[-1].held_reason == ""


def test_form_sent_back_for_correction_keeps_its_original_stamp(build_app):
    app = build_app(COMMENT_MIN_SECONDS=3)
    poster = visitor(app)
    original = aged_stamp(600)
    refused = poster.sent_back(poster.post(shown=original, **{**TYPED, "author": ""}))
    assert stamp_of(refused) == original
    # Sent again at once, it is not mistaken for a robot: the form was shown long ago.
    data = {**form_values(page(refused)), "author": "Sam", "shown": stamp_of(refused)}
    data["second_look"] = "keep"
    data["csrf_token"] = csrf_token(refused.text)
    assert poster.client.post(f"/{HEROIN}/comments", data=data).status_code == 303
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING
    assert comments_in_db(app)[-1].held_reason == ""


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


# --- refusals: said plainly, with everything typed kept, and a reload sends nothing ---


def assert_refused(
    app: Flask, poster: Commenter, response, message: str | re.Pattern, typed: dict, before: int
):
    """Check a refused post stored nothing and sent its author back to the form as typed."""
    assert len(comments_in_db(app)) == before
    doc = page(poster.sent_back(response))
    errors = form_errors(doc)
    assert message.search(errors) if isinstance(message, re.Pattern) else message in errors
    assert form_values(doc) == typed
    return doc


def test_posting_again_from_the_same_ip_within_the_flood_window_is_refused(build_app):
    app = build_app(COMMENT_FLOOD_SECONDS=15)
    assert visitor(app).post(**TYPED).status_code == 303
    typed = {**TYPED, "email": "other@example.net", "comment": "And one more thing."}
    poster = visitor(app)
    doc = assert_refused(app, poster, poster.post(**typed), FLOOD, typed, before=1)
    # The real seconds left of the window, said kindly.
    assert 1 <= int(FLOOD.search(form_errors(doc)).group(1)) <= 15


def test_flood_message_counts_down_the_seconds_really_left(build_app):
    app = build_app(COMMENT_FLOOD_SECONDS=15)
    add_comment(app, created_at=utcnow() - timedelta(seconds=5))
    with app.app_context():
        db.session.execute(update(Comment).values(author_ip="127.0.0.1"))
        db.session.commit()
    poster = visitor(app)
    doc = assert_refused(app, poster, poster.post(**TYPED), FLOOD, TYPED, before=1)
    assert int(FLOOD.search(form_errors(doc)).group(1)) in (9, 10)


def test_the_same_browser_is_held_to_the_flood_window_from_another_ip(build_app):
    app = build_app(COMMENT_FLOOD_SECONDS=15)
    poster = visitor(app)
    assert poster.post(**TYPED).status_code == 303
    # A phone moving from Wi-Fi to mobile data keeps its session.
    poster.client.environ_base["REMOTE_ADDR"] = "198.51.100.4"
    typed = {**TYPED, "comment": "And one more thing."}
    assert_refused(app, poster, poster.post(**typed), FLOOD, typed, before=1)


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
    ids=["exactly", "same-once-sanitized", "same-name", "same-session-other-name"],
)
def test_saying_the_same_thing_twice_on_an_article_is_refused(app, commenter, again):
    assert commenter.post(**TYPED).status_code == 303
    typed = {**TYPED, **again}
    assert_refused(app, commenter, commenter.post(**typed), DUPLICATE, typed, before=1)


def test_words_this_browser_said_several_comments_ago_are_refused(app, commenter):
    said = [f"Day {n} clean." for n in range(10, 14)]
    for words in said:
        assert commenter.post(**{**TYPED, "comment": words}).status_code == 303
    # A middle one, under another name: only the session's own ids tie it to the first.
    typed = {**TYPED, "author": "Another Name", "comment": said[2]}
    assert_refused(app, commenter, commenter.post(**typed), DUPLICATE, typed, before=4)


def test_the_same_name_and_words_from_another_browser_on_the_ip_are_held_not_refused(app):
    set_discussion(app, manual_approval=False)
    first = visitor(app).post(**TYPED)
    assert first.status_code == 303
    other_browser = visitor(app)
    again = other_browser.post(**{**TYPED, "email": "x@example.net"})
    # The answer anyone gets (a refusal would tell a guesser on a shared IP who wrote it),
    # but an editor reads the repeat before it is public.
    assert again.status_code == 303 and not again.headers["Location"].endswith("#respond")
    stored = comments_in_db(app)[-1]
    assert stored.status == CommentStatus.PENDING
    assert stored.held_reason == "the same words as an earlier comment from this IP address"


@pytest.mark.parametrize(
    ("slug", "again"),
    [
        (HEROIN, {"author": "Alex", "email": "alex@example.net"}),
        (HEROIN, {"comment": "Day 13 clean."}),
        (OPIOID, {}),
    ],
    ids=["another-author", "other-text", "other-article"],
)
def test_same_words_from_someone_else_or_elsewhere_are_not_duplicates(app, slug, again):
    assert visitor(app).post(**TYPED).status_code == 303
    assert visitor(app).post(slug, **{**TYPED, **again}).status_code == 303


def test_two_people_on_one_network_may_both_say_the_same_thanks(app):
    assert visitor(app).post(author="Sam", comment="Thank you.").status_code == 303
    assert visitor(app).post(author="Alex", comment="Thank you.").status_code == 303


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
    assert_refused(app, poster, response, DUPLICATE, TYPED, before=1)


def test_invalid_form_is_corrected_before_any_spam_check(app, commenter):
    response = commenter.post(subject="filled", **{**TYPED, "email": "not-an-email"})
    commenter.sent_back(response)
    assert comments_in_db(app) == []


def test_spam_catch_comes_before_the_rules(app, commenter):
    set_discussion(app, manual_approval=False, moderation_words=["clean"])
    assert_caught(app, commenter.post(subject="filled", **TYPED), "honeypot")


# --- no answer depends on whether an address is known ---


def answer(app: Flask, ip: str, **typed: str) -> tuple[int, str, int]:
    """Post from a new browser at this IP; return what it is told: the status, where it is
    sent (comment ids aside), and how many comments are stored after."""
    response = visitor(app, ip).post(**typed)
    location = re.sub(r"comment-\d+", "comment-N", response.headers.get("Location", ""))
    return response.status_code, location, len(comments_in_db(app))


@pytest.mark.parametrize("settings", [{}, {"COMMENT_FLOOD_SECONDS": 15}], ids=["dup", "flood"])
def test_a_stranger_typing_a_victims_address_and_words_is_told_what_anyone_else_is(
    build_app, settings
):
    """The answer to the victim's exact text is the same with her address as with any other."""
    told = []
    for stranger_email in ("victim@example.net", "nobody@example.net"):
        app = build_app(**settings)
        victim = {**TYPED, "email": "victim@example.net", "author": "V."}
        assert visitor(app, "192.0.2.1").post(**victim).status_code == 303
        told.append(
            answer(app, "198.51.100.9", **{**victim, "author": "Guess", "email": stranger_email})
        )
    assert told[0] == told[1]
    assert told[0][0] == 303 and told[0][2] == 2  # stored, as any new comment is


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
    # Answered directly, without a draft: a client past the limit may not store anything.
    assert response.status_code == 429
    assert len(comments_in_db(limited_app)) == 2
    doc = page(response)
    assert RATE_LIMITED in form_errors(doc)
    assert form_values(doc) == typed
    assert doc.find("h1").text == "I Relapsed On Heroin, Now What?"
    assert "Comment 1." in doc.text  # the article page, with the poster's own comments


def test_rate_limit_counts_only_stored_comments_per_ip(limited_app):
    poster = visitor(limited_app, "192.0.2.20")
    for _ in range(3):
        poster.sent_back(poster.post(author=""))  # forms sent back use none of this limit
        assert poster.article().status_code == 200  # and neither does reading
    assert poster.post(comment="One.").status_code == 303
    assert poster.post(comment="Two.").status_code == 303
    assert poster.post(comment="Three.").status_code == 429
    neighbour = visitor(limited_app, "192.0.2.21")
    assert neighbour.post(comment="From another address.").status_code == 303


def test_rate_limit_counts_an_ipv6_network_as_one_client(limited_app):
    # One subscriber holds a whole /64: a new address in it is not a new allowance.
    for n, host in enumerate(("2001:db8:1:2::10", "2001:db8:1:2::11"), start=1):
        assert visitor(limited_app, host).post(comment=f"Comment {n}.").status_code == 303
    assert visitor(limited_app, "2001:db8:1:2:ffff::1").post(comment="Three.").status_code == 429
    assert visitor(limited_app, "2001:db8:1:3::10").post(comment="Next door.").status_code == 303


ATTEMPTS_LIMITED = "This comment form has been sent from your connection many times"


@pytest.fixture
def attempts_app(build_app) -> Flask:
    return build_app(
        RATELIMIT_ENABLED=True,
        COMMENT_RATE_LIMIT="10 per minute",
        COMMENT_ATTEMPT_LIMIT="3 per minute",
    )


@pytest.mark.parametrize(
    "refused",
    [
        pytest.param({"author": ""}, id="validation-error"),
        pytest.param({"csrf_token": "forged"}, id="bad-token"),
        pytest.param({"comment": "<b>" * 600}, id="too-much-formatting"),
    ],
)
def test_refused_posts_count_toward_the_attempt_limit_and_the_next_is_turned_away(
    attempts_app, refused
):
    poster = visitor(attempts_app, "192.0.2.30")
    for _ in range(3):
        poster.sent_back(poster.post(**{**TYPED, **refused}))
    response = poster.post(**TYPED)
    # Answered directly, with the form as typed: nothing was read, so nothing is stored.
    assert response.status_code == 429
    assert comments_in_db(attempts_app) == []
    doc = page(response)
    assert ATTEMPTS_LIMITED in form_errors(doc)
    assert form_values(doc) == TYPED
    assert visitor(attempts_app, "192.0.2.31").post(**TYPED).status_code == 303


def test_duplicates_count_toward_the_attempt_limit(attempts_app):
    poster = visitor(attempts_app, "192.0.2.32")
    assert poster.post(**TYPED).status_code == 303
    poster.sent_back(poster.post(**TYPED))  # a duplicate
    poster.sent_back(poster.post(**TYPED))
    assert poster.post(**{**TYPED, "comment": "Something new."}).status_code == 429
    assert len(comments_in_db(attempts_app)) == 1


def test_a_person_fixing_their_comment_a_few_times_is_not_stopped(build_app):
    app = build_app(RATELIMIT_ENABLED=True)  # the shipped limits
    poster = visitor(app, "192.0.2.33")
    for mistake in ({"author": ""}, {"email": "sam@"}, {"url": "javascript:x"}, {"author": ""}):
        poster.sent_back(poster.post(**{**TYPED, **mistake}))
    assert poster.post(**TYPED).status_code == 303


def test_rate_limit_is_off_when_ratelimit_enabled_is_false(app, commenter):
    assert app.config["RATELIMIT_ENABLED"] is False
    for n in range(12):
        assert commenter.post(comment=f"Number {n}.").status_code == 303


# --- a wall of links ---


def test_a_wall_of_links_is_sent_back_with_the_text_kept(app: Flask, commenter: Commenter) -> None:
    body = "a.co " * 300
    shown = commenter.sent_back(commenter.post(comment=body))
    assert "This comment has 300 links, and 200 is the most" in form_errors(page(shown))
    assert form_values(page(shown))["comment"].strip() == body.strip()
    assert comments_in_db(app) == []


def test_a_comment_with_a_list_of_links_is_posted(app: Flask, commenter: Commenter) -> None:
    body = "\n".join(f"https://meetings.example.org/group/{n}" for n in range(40))
    assert commenter.post(comment=body).status_code == 303
    assert len(comments_in_db(app)) == 1


def test_the_duplicate_check_reads_only_comments_with_the_same_words(app, commenter):
    # Many comments on the article, none with these words: the check must still find the
    # one that has them, by the digest stored with each comment.
    for n in range(30):
        add_comment(app, f"Another reader's words, number {n}.", CommentStatus.APPROVED)
    assert commenter.post(**TYPED).status_code == 303
    html, digest = stored_words(app, comments_in_db(app)[-1].id)
    assert "Day 12 clean." in html and len(digest) == 16
    assert_refused(app, commenter, commenter.post(**TYPED), DUPLICATE, TYPED, before=31)
