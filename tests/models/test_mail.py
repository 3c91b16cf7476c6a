"""Stored mail: the outbox's defaults and encryption, one subscription per address, and
mailed links that cannot be used twice."""

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import MailToken, OutboxMail, Subscription, utcnow
from cms.privacy.crypto import email_digest


def test_a_queued_message_is_due_now_unsent_and_untried(app: Flask) -> None:
    with app.app_context():
        before = utcnow()
        mail = OutboxMail(to_address="pat@example.net", subject="Your comment", body="Hello.")
        db.session.add(mail)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(OutboxMail, mail.id)
        assert (stored.attempts, stored.last_error, stored.headers) == (0, "", "{}")
        assert stored.sent_at is None
        assert before <= stored.next_attempt_at <= utcnow()
        assert before <= stored.created_at <= utcnow()


def test_a_queued_messages_recipient_and_body_are_stored_encrypted(app: Flask) -> None:
    with app.app_context():
        mail = OutboxMail(
            to_address="pat@example.net", subject="New comment", body="Sam wrote: hold on."
        )
        db.session.add(mail)
        db.session.commit()
        raw = db.session.execute(
            text("SELECT to_address, subject, body FROM outbox WHERE id = :id"), {"id": mail.id}
        ).one()
        assert "pat@" not in raw.to_address and "hold on" not in raw.body
        assert raw.subject == "New comment"
        db.session.expire_all()
        stored = db.session.get(OutboxMail, mail.id)
        assert (stored.to_address, stored.body) == ("pat@example.net", "Sam wrote: hold on.")


def test_a_subscription_keeps_the_keyed_hash_of_its_address(app: Flask) -> None:
    with app.app_context():
        subscription = Subscription(email="pat@example.net")
        assert subscription.email_hash == email_digest("PAT@example.net ")
        db.session.add(subscription)
        db.session.commit()
        raw = db.session.execute(text("SELECT email FROM subscriptions")).scalar()
        assert "pat" not in raw
        db.session.expire_all()
        stored = db.session.scalar(select(Subscription))
        assert stored.email == "pat@example.net"
        assert (stored.confirmed_at, stored.requested_at, stored.unsubscribed_at) == (
            None,
            None,
            None,
        )


def test_an_address_has_one_subscription_whatever_its_case(app: Flask) -> None:
    with app.app_context():
        db.session.add(Subscription(email="pat@example.net"))
        db.session.commit()
        db.session.add(Subscription(email="Pat@Example.NET"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalars(select(Subscription.email)).all() == ["pat@example.net"]


def test_a_used_link_cannot_be_recorded_as_used_twice(app: Flask) -> None:
    with app.app_context():
        before = utcnow()
        db.session.add(MailToken(jti="once"))
        db.session.commit()
        assert before <= db.session.get(MailToken, "once").used_at <= utcnow()
        db.session.expunge_all()
        db.session.add(MailToken(jti="once"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalars(select(MailToken.jti)).all() == ["once"]
