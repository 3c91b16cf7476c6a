"""Commenters' IP addresses and browsers are kept only as long as moderation needs them."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from cms.extensions import db
from cms.models import Comment, OutboxMail, utcnow
from cms.privacy import personal_data, retention
from tests.support.html_page import page
from tests.support.people import Commenter
from tests.support.site import add_comment, comments_in_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("203.0.113.0", "203.0.113.0"),
        ("2001:db8:abcd:12:34::1", "2001:db8:abcd::"),
        ("2001:DB8:ABCD:0012:0000:0000:0000:0001", "2001:db8:abcd::"),
        ("2001:db8:abcd::", "2001:db8:abcd::"),
        ("2001:db8:1:2::", "2001:db8:1::"),
        ("::1", "::"),
        ("", ""),
        ("unknown", ""),
    ],
)
def test_old_address_is_cut_to_its_network(app: Flask, stored: str, kept: str) -> None:
    comment_id = old_comment(app, ip=stored)
    with app.app_context():
        retention.prune()
    assert stored_source(app, comment_id) == (kept, "")


def test_recent_comments_keep_their_address_and_browser(app: Flask) -> None:
    comment_id = old_comment(app, ip="198.51.100.23", age=timedelta(days=29, hours=23))
    with app.app_context():
        assert retention.prune() == 0
    assert stored_source(app, comment_id) == ("198.51.100.23", BROWSER)


def test_retention_period_is_a_setting(app_with) -> None:
    app = app_with(PERSONAL_DATA_RETENTION_DAYS=7)
    comment_id = old_comment(app, ip="198.51.100.23", age=timedelta(days=8))
    with app.app_context():
        retention.prune()
    assert stored_source(app, comment_id) == ("198.51.100.0", "")


def test_pruning_twice_changes_nothing_the_second_time(app: Flask) -> None:
    ids = [old_comment(app, ip=ip) for ip in ("203.0.113.9", "2001:db8:1:2::", "2001:db8::7")]
    with app.app_context():
        assert retention.prune() == 3
        assert retention.prune() == 0
    assert [stored_source(app, i) for i in ids] == [
        ("203.0.113.0", ""),
        ("2001:db8:1::", ""),
        ("2001:db8::", ""),
    ]


def test_pruning_goes_through_more_comments_than_one_batch(app: Flask, monkeypatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)
    ids = [old_comment(app, ip=f"192.0.2.{n}") for n in range(1, 6)]
    with app.app_context():
        assert retention.prune() == 5
    assert {stored_source(app, i) for i in ids} == {("192.0.2.0", "")}


def test_command_prunes_and_says_how_many(app: Flask) -> None:
    old_comment(app, ip="203.0.113.77")
    result = app.test_cli_runner().invoke(args=["privacy", "prune"])
    assert result.exit_code == 0
    assert result.output == "Pruned 1 comment older than 30 days.\n"
    again = app.test_cli_runner().invoke(args=["privacy", "prune"])
    assert again.output == "Pruned 0 comments older than 30 days.\n"


def test_posting_a_comment_prunes_old_addresses(app: Flask, commenter: Commenter) -> None:
    old_id = old_comment(app, ip="203.0.113.77")
    assert commenter.post().status_code == 303
    assert stored_source(app, old_id) == ("203.0.113.0", "")


def test_site_prunes_at_most_once_per_interval(app: Flask, commenter: Commenter) -> None:
    commenter.post(comment="First.")
    later_id = old_comment(app, ip="203.0.113.77")
    commenter.post(comment="Second.")
    assert stored_source(app, later_id) == ("203.0.113.77", BROWSER)


def test_new_comment_keeps_its_full_address_for_moderation(
    app: Flask, commenter: Commenter
) -> None:
    commenter.post()
    assert comments_in_db(app)[-1].author_ip == "127.0.0.1"


def test_flood_check_still_works_once_old_addresses_are_cut(app_with) -> None:
    app = app_with(COMMENT_FLOOD_SECONDS=15)
    old_id = old_comment(app, ip="127.0.0.1")
    commenter = Commenter(app.test_client())
    assert commenter.post(comment="First.").status_code == 303
    assert stored_source(app, old_id) == ("127.0.0.0", "")
    response = commenter.post(comment="Second, too soon.", email="other@example.net")
    assert "You sent a comment a moment ago." in commenter.sent_back(response).text


def test_queue_shows_and_searches_a_cut_address(app: Flask, editor) -> None:
    old_comment(app, ip="203.0.113.77")
    with app.app_context():
        retention.prune()
    response = editor.client.get("/admin/comments", query_string={"q": "203.0.113"})
    assert response.status_code == 200
    assert "203.0.113.0" in page(response).find("table").text


DAYS = timedelta(days=1)


@pytest.mark.parametrize(
    ("sent_days_ago", "written_days_ago", "attempts", "kept"),
    [
        (31, 31, 1, False),
        (29, 31, 1, True),
        # Gave up after MAIL_MAX_ATTEMPTS (8): kept the same time, for `flask mail retry`.
        (None, 31, 8, False),
        (None, 29, 8, True),
        # Still being tried: never dropped unsent.
        (None, 31, 3, True),
    ],
    ids=["sent-long-ago", "sent-lately", "gave-up-long-ago", "gave-up-lately", "still-trying"],
)
def test_old_mail_leaves_the_outbox(
    app: Flask, sent_days_ago: int | None, written_days_ago: int, attempts: int, kept: bool
) -> None:
    now = utcnow()
    with app.app_context():
        db.session.add(
            OutboxMail(
                to_address="editor@example.org",
                subject="Please moderate",
                body="Sam wrote from 192.0.2.7: about my relapse",
                attempts=attempts,
                created_at=now - written_days_ago * DAYS,
                sent_at=now - sent_days_ago * DAYS if sent_days_ago else None,
            )
        )
        db.session.commit()
        retention.prune()
        assert (db.session.scalar(select(func.count()).select_from(OutboxMail)) == 1) is kept


def test_mail_from_before_the_outbox_kept_hashes_is_found_and_erased(app: Flask) -> None:
    old_notice = "Author:     Sam\nEmail:      sam.r@example.net\nIP address: 192.0.2.7\n"
    with app.app_context():
        for to, body in (("editor@example.org", old_notice), ("Sam.R@example.net", "Hello")):
            db.session.add(OutboxMail(to_address=to, subject="s", body=body, sent_at=utcnow()))
        db.session.commit()
        retention.prune()
        assert len(personal_data.find_address("sam.r@example.net").mail) == 2
        assert personal_data.find_address("editor@example.org").mail != []
        personal_data.erase(personal_data.find_address("sam.r@example.net"), True, None)
        db.session.commit()
        assert db.session.scalars(select(OutboxMail)).all() == []


def test_posting_a_comment_prunes_old_mail(app: Flask, commenter: Commenter) -> None:
    with app.app_context():
        old = utcnow() - 31 * DAYS
        db.session.add(OutboxMail(to_address="a@example.org", subject="s", body="b", sent_at=old))
        db.session.commit()
    commenter.post()
    with app.app_context():
        assert db.session.scalars(select(OutboxMail)).all() == []


def old_comment(app: Flask, ip: str, age: timedelta = timedelta(days=31)) -> int:
    """Store a comment posted `age` ago from this IP address and browser."""
    comment_id = add_comment(app, created_at=utcnow() - age)
    with app.app_context():
        db.session.execute(
            update(Comment).where(Comment.id == comment_id).values(author_ip=ip, user_agent=BROWSER)
        )
        db.session.commit()
    return comment_id


def stored_source(app: Flask, comment_id: int) -> tuple[str, str]:
    with app.app_context():
        comment = db.session.get_one(Comment, comment_id)
        return comment.author_ip, comment.user_agent
