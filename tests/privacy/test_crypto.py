"""Commenters' addresses at rest: encrypted apart from their key, found by keyed hash, rotatable."""

import hashlib
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import CommentStatus, Subscription
from cms.privacy import crypto
from tests.support.people import Commenter, Editor
from tests.support.postgres import dump
from tests.support.site import comments_in_db, last_comment_id

ADDRESSES = ["Relapse.Day3@Example.org", "quiet-reader-5e1@example.net"]
# Caught by the honeypot: stored as spam, and no less private for it.
SPAMMER = "caught-by-honeypot-77@example.com"


def forms_of(address: str) -> list[bytes]:
    """Return what a leak of this address could look like in a file."""
    plain = address.strip().lower()
    local = plain.split("@")[0]
    hashes = [hashlib.new(n, plain.encode()).hexdigest() for n in ("md5", "sha1", "sha256")]
    return [s.encode() for s in (address, plain, local, *hashes)]


def database_file(app: Flask) -> bytes:
    """Return a copy of the whole database: the SQLite file, or PostgreSQL's pg_dump."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            return dump(app.config["DATABASE_URL"])
        path = Path(db.engine.url.database)
        # The last connection to close writes the WAL back into the file.
        db.engine.dispose()
    return path.read_bytes()


def post_everything(app: Flask, commenter: Commenter, editor: Editor) -> None:
    """Post approved, pending and notifying comments and a reply under the test addresses."""
    first, second = ADDRESSES
    commenter.post(email=first, comment="Day three again.", notify="y")
    editor.act(last_comment_id(app), "approve")
    commenter.post(email=second, comment="Still here.", comment_parent=last_comment_id(app))
    commenter.post(email=second, comment="Pending words.", notify="y")
    Commenter(app.test_client()).post(email=SPAMMER, comment="Buy now.", subject="filled")


def test_a_copy_of_the_database_file_reveals_no_commenter_address(app, mailbox, commenter, editor):
    post_everything(app, commenter, editor)
    raw = database_file(app)
    assert b"Day three again." in raw  # the copy holds the comments, but not their addresses
    for address in [*ADDRESSES, SPAMMER]:
        for leak in forms_of(address):
            assert leak not in raw, leak
    # The site itself still reads every address, and mailed the subscribers.
    assert {c.author_email for c in comments_in_db(app)} == {*ADDRESSES, SPAMMER}
    assert mailbox.to(ADDRESSES[0].lower())


def test_equal_addresses_in_any_case_share_one_keyed_hash(app):
    with app.app_context():
        assert crypto.email_digest(" A@B.org") == crypto.email_digest("a@b.ORG")
        assert crypto.email_digest("a@b.org") != hashlib.sha256(b"a@b.org").hexdigest()
        assert crypto.encrypt("a@b.org") != crypto.encrypt("a@b.org")


def test_one_subscription_per_address_whatever_its_case(app, mailbox, commenter, editor):
    post_everything(app, commenter, editor)
    commenter.post(email=ADDRESSES[0].upper(), comment="Another one.", notify="y")
    with app.app_context():
        rows = db.session.scalars(select(Subscription)).all()
        assert sorted(s.email for s in rows) == sorted(a.lower() for a in ADDRESSES)


def test_rotation_with_the_new_key_first_rewrites_every_address(
    app, mailbox, commenter, editor, runner
):
    post_everything(app, commenter, editor)
    app.config["EMAIL_KEY"] = "the new key,test email key"
    result = runner.invoke(args=["rotate-email-key"])
    assert result.exit_code == 0, result.output
    # Four comments and two subscriptions.
    assert "Re-encrypted 6 addresses" in result.output
    with app.app_context():
        subscribed = db.session.scalars(select(Subscription.email)).all()
        assert sorted(subscribed) == sorted(a.lower() for a in ADDRESSES)
    app.config["EMAIL_KEY"] = "the new key"
    assert {c.author_email for c in comments_in_db(app)} == {*ADDRESSES, SPAMMER}
    app.config["EMAIL_KEY"] = "test email key"
    with pytest.raises(RuntimeError, match="EMAIL_KEY"):
        comments_in_db(app)


def test_known_commenter_is_still_recognised_after_rotation(app, commenter, editor, runner):
    from tests.support.site import set_discussion

    set_discussion(app, previous_approved=True)
    post_everything(app, commenter, editor)
    # The browser's cookie vouches for the address it last posted with.
    commenter.post(email=ADDRESSES[0], comment="Before the new key.")
    app.config["EMAIL_KEY"] = "the new key,test email key"
    assert runner.invoke(args=["rotate-email-key"]).exit_code == 0
    app.config["EMAIL_KEY"] = "the new key"
    # The same browser: its signed cookie, not the address alone, says it wrote before.
    commenter.post(email=ADDRESSES[0].upper(), comment="Back again.")
    assert comments_in_db(app)[-1].status == CommentStatus.APPROVED


def test_rotation_makes_and_keeps_a_new_key_in_the_instance_folder(
    app, commenter, editor, runner, tmp_path
):
    post_everything(app, commenter, editor)
    key_file = tmp_path / "email_key"
    key_file.write_text("test email key")
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["rotate-email-key"])
    assert result.exit_code == 0, result.output
    new_key = key_file.read_text()
    assert new_key and "," not in new_key and new_key != "test email key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    app.config["EMAIL_KEY"] = new_key
    assert {c.author_email for c in comments_in_db(app)} == {*ADDRESSES, SPAMMER}
