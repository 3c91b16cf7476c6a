"""Delivery: the outbox, retries, a failing server, and `flask mail send`, on real SMTP."""

import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from cms.comments import moderation
from cms.extensions import db
from cms.mail import outbox as mail
from cms.models import Comment, OutboxMail, Subscription, utcnow
from tests.mail.test_notifications import SAM, body, subscribe
from tests.support.html_page import Element, page
from tests.support.people import Commenter, Editor, session_csrf_token
from tests.support.site import (
    EDITOR_EMAIL,
    HEROIN,
    audit_rows,
    comments_in_db,
    make_app,
    set_discussion,
)
from tests.support.smtp import SmtpServer


def outbox(app: Flask) -> list[OutboxMail]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        db.session.expunge_all()
        return list(rows)


def mail_command(app: Flask, command: str = "send") -> str:
    result = app.test_cli_runner().invoke(args=["mail", command])
    assert result.exit_code == 0, result.output
    return result.output


def wait_for_background_mail() -> None:
    for thread in threading.enumerate():
        if thread.name == mail.THREAD_NAME:
            thread.join(timeout=10)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections but never answers, like a hung mail server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_with_no_mail_server_nothing_is_written_or_sent(app: Flask, commenter: Commenter) -> None:
    assert commenter.post(notify="y").status_code == 303
    assert outbox(app) == []


# No mail server, no mail promised

NO_MAIL = "This site cannot send email"
MAIL_OFF = "Mail is off."
NOTIFY_LABEL = "Notify me when my comment is published or answered"


def inputs(element: Element, name: str) -> list[Element]:
    return [e for e in element.find_all("input") if e.attrs.get("name") == name]


def offers(app: Flask, admin: Editor) -> dict[str, bool]:
    """Say, page by page, whether the site offers or promises mail, as a visitor reads it."""
    visitor = app.test_client()
    form = page(visitor.get(f"/{HEROIN}/")).by_id("commentform")
    your_data = page(visitor.get("/your-data/")).find("main")
    settings = page(admin.client.get("/admin/settings")).find("main")
    dashboard = page(admin.client.get("/admin/")).find("main")
    return {
        "notify box": NOTIFY_LABEL in form.text or inputs(form, "notify") != [],
        "link by mail": "Email me a link" in your_data.text and NO_MAIL not in your_data.text,
        "settings say mail is on": MAIL_OFF not in settings.text,
        "dashboard says mail is on": MAIL_OFF not in dashboard.text,
    }


def test_with_defaults_no_page_offers_mail(app: Flask, admin: Editor) -> None:
    assert offers(app, admin) == dict.fromkeys(offers(app, admin), False)
    settings = page(admin.client.get("/admin/settings")).find("main").text
    for turned_off in ("editors' notices", "“Notify me” box", "the links the “Your data” page"):
        assert turned_off in settings
    # A screen reader on the mail settings' boxes hears why they do nothing now.
    doc = page(admin.client.get("/admin/settings"))
    for name in ("notify_held", "notify_posted"):
        assert "mail-status" in doc.by_id(name).attrs["aria-describedby"].split()
    assert doc.by_id("mail-status").attrs["role"] == "note"


def test_with_a_mail_server_every_page_offers_mail_as_before(
    app: Flask, mailbox: SmtpServer, admin: Editor
) -> None:
    assert offers(app, admin) == dict.fromkeys(offers(app, admin), True)


def test_with_defaults_a_posted_notify_box_is_ignored(app: Flask, commenter: Commenter) -> None:
    assert commenter.post(notify="y").status_code == 303
    [comment] = comments_in_db(app)
    assert comment.notify is False
    with app.app_context():
        assert db.session.scalars(select(Subscription)).all() == []
    assert outbox(app) == []


def test_without_mail_your_data_says_where_to_write_instead(app: Flask, reader) -> None:
    set_discussion(app, privacy_contact="privacy@example.org")
    doc = page(reader.client.get("/your-data/"))
    assert NO_MAIL in doc.find("main").text
    assert inputs(doc, "email") == []
    [link] = doc.find("p", cls="data-contact").find_all("a")
    assert (link.attrs["href"], link.text) == ("mailto:privacy@example.org", "privacy@example.org")
    set_discussion(app, privacy_contact="https://example.org/privacy")
    [link] = page(reader.client.get("/your-data/")).find("p", cls="data-contact").find_all("a")
    assert link.attrs["href"] == "https://example.org/privacy"


def test_without_mail_or_a_contact_your_data_still_says_what_to_do(app: Flask, reader) -> None:
    doc = page(reader.client.get("/your-data/"))
    told = doc.find("p", cls="data-contact").text
    assert "leave a comment" in told and "only the editors ever see it" in told
    assert "Every comment waits for an editor" in told
    # Where a comment may be published at once, the page says to keep it general.
    set_discussion(app, previous_approved=True)
    told = page(reader.client.get("/your-data/")).find("p", cls="data-contact").text
    assert "write only that you would like an editor to get in touch" in told
    assert "discussion settings" in doc.find("p", cls="data-contact-admin").text
    # Asking anyway (a form kept open from before) records and promises nothing.
    token = session_csrf_token(reader.client)
    answer = reader.client.post("/your-data/", data={"email": SAM, "csrf_token": token})
    assert answer.status_code == 200
    assert "sent a link" not in answer.get_data(as_text=True)
    assert outbox(app) == [] and not [r for r in audit_rows(app) if r[0] == "data-request"]


# Mail written to files, for development


@pytest.fixture
def file_mail(app: Flask, tmp_path: Path) -> Path:
    """Turn on the file backend for `app`, writing into a temporary folder."""
    app.config.update(MAIL_BACKEND="file", MAIL_FILE_DIR=str(tmp_path / "mail"))
    return tmp_path / "mail"


def written(folder: Path) -> list[EmailMessage]:
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def test_the_file_backend_writes_each_message_labelled_not_delivered(
    app: Flask, file_mail: Path, commenter: Commenter
) -> None:
    commenter.post(notify="y", comment="Written, not sent.")
    notice, confirmation = written(file_mail)
    assert notice["To"] == EDITOR_EMAIL and confirmation["To"] == SAM
    for message in (notice, confirmation):
        assert message["X-Not-Delivered"] == mail.NOT_DELIVERED
        assert message.get_content().startswith(
            "NOT DELIVERED: written to a file for development\n"
        )
    assert "> Written, not sent." in notice.get_content()
    assert {p.stat().st_mode & 0o777 for p in file_mail.iterdir()} == {0o600}
    assert file_mail.stat().st_mode & 0o777 == 0o700
    assert all(row.sent_at is not None for row in outbox(app))


def test_with_file_mail_pages_say_nothing_is_delivered(
    app: Flask, file_mail: Path, admin: Editor, reader
) -> None:
    assert offers(app, admin)["notify box"]
    assert (
        "Mail is written to files, not delivered."
        in page(admin.client.get("/admin/settings")).find("main").text
    )
    token = session_csrf_token(reader.client)
    answer = page(reader.client.post("/your-data/", data={"email": SAM, "csrf_token": token}))
    assert "no email was sent" in answer.find("p", cls="data-request-sent").text
    [message] = written(file_mail)
    assert "/your-data/" in message.get_content()


def test_a_misspelt_mail_backend_stops_the_site_from_starting(app: Flask) -> None:
    with pytest.raises(ValueError, match="MAIL_BACKEND must be one of smtp, file, not 'smpt'"):
        make_app(app.config["DATABASE_URL"], MAIL_BACKEND="smpt")


def test_mail_send_says_when_mail_is_off(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code != 0
    assert "Mail is off" in result.output


def test_sent_mail_is_marked_sent_in_the_outbox(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    commenter.post()
    [row] = outbox(app)
    assert row.to_address == EDITOR_EMAIL
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize("failure", ["server down", "server refuses with 451"])
def test_a_failing_server_never_loses_the_comment_and_mail_send_delivers_later(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, failure: str
) -> None:
    if failure == "server down":
        mailbox.stop()
    else:
        mailbox.refuse = True
    response = commenter.post(comment="Please read this.")
    assert response.status_code == 303
    [comment] = comments_in_db(app)
    assert comment.content_html == "<p>Please read this.</p>"
    [row] = outbox(app)
    assert row.sent_at is None and row.attempts == 1
    assert ("ConnectionRefusedError" if failure == "server down" else "451") in row.last_error
    assert mailbox.messages == []

    mailbox.refuse = False
    if failure == "server down":
        mailbox.start()
    assert mail_command(app) == "Sent 1, failed 0.\n"
    [message] = mailbox.messages
    assert "> Please read this." in body(message)
    [row] = outbox(app)
    assert row.sent_at is not None and row.attempts == 2 and row.last_error == ""


def test_a_failure_is_logged_without_the_message_or_the_address(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, caplog: pytest.LogCaptureFixture
) -> None:
    mailbox.refuse = True
    with caplog.at_level(logging.WARNING, logger="cms.mail.outbox"):
        commenter.post(email="private@example.net", comment="My private story.")
    [record] = [r for r in caplog.records if r.name == "cms.mail.outbox"]
    assert record.levelno == logging.WARNING
    assert "not sent" in record.getMessage() and "451" in record.getMessage()
    for secret in ("private story", "private@example.net", EDITOR_EMAIL):
        assert secret not in record.getMessage()


def test_each_retry_waits_twice_as_long_as_the_last(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    app.config["MAIL_RETRY_SECONDS"] = 60
    mailbox.refuse = True
    commenter.post()
    [row] = outbox(app)
    assert timedelta(seconds=55) < row.next_attempt_at - utcnow() <= timedelta(seconds=60)
    assert mail_command(app) == "Sent 0, failed 0.\n"
    with app.app_context():
        db.session.execute(update(OutboxMail).values(next_attempt_at=utcnow()))
        db.session.commit()
    assert mail_command(app) == "Sent 0, failed 1.\n"
    [row] = outbox(app)
    assert row.attempts == 2
    assert timedelta(seconds=115) < row.next_attempt_at - utcnow() <= timedelta(seconds=120)


def test_a_message_stops_after_max_attempts_until_an_operator_retries_it(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    mailbox.refuse = True
    commenter.post()
    assert mail_command(app) == "Sent 0, failed 1.\n"
    mailbox.refuse = False
    assert mail_command(app) == "Sent 0, failed 0.\n"
    assert outbox(app)[0].attempts == 2
    assert mail_command(app, "retry") == "Retried 1: sent 1, failed 0.\n"
    assert len(mailbox.messages) == 1


def test_the_next_delivery_also_sends_mail_that_failed_before(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    mailbox.refuse = True
    commenter.post(comment="First")
    mailbox.refuse = False
    commenter.post(comment="Second")
    texts = [body(m) for m in mailbox.messages]
    assert ["> First" in t for t in texts] == [True, False]
    assert all(row.sent_at for row in outbox(app))


@pytest.mark.parametrize(
    "subject", ["Hello\r\nBcc: victim@example.com", "Hello\nBcc: victim@example.com"]
)
def test_line_breaks_in_a_subject_or_header_cannot_add_headers(
    app: Flask, mailbox: SmtpServer, subject: str
) -> None:
    with app.app_context():
        mail.queue(EDITOR_EMAIL, subject, "Body", {"X-Note": "one\r\nBcc: victim@example.com"})
        db.session.commit()
    [message] = mailbox.messages
    assert message["Bcc"] is None
    assert message["X-Envelope-To"] == EDITOR_EMAIL
    assert message["Subject"] == "Hello Bcc: victim@example.com"
    assert message["X-Note"] == "one Bcc: victim@example.com"


@pytest.mark.parametrize(
    "to",
    [
        "editor@example.org\r\nBcc: victim@example.com",
        "editor@example.org, victim@example.com",
        "Eddie <editor@example.org>",
        "not an address",
    ],
)
def test_mail_goes_only_to_one_plain_address(app: Flask, mailbox: SmtpServer, to: str) -> None:
    with app.app_context():
        mail.queue(to, "Hello", "Body")
        db.session.commit()
    assert outbox(app) == []
    assert mailbox.messages == []


def test_background_delivery_sends_after_the_response(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    app.config["MAIL_BACKGROUND"] = True
    assert commenter.post().status_code == 303
    wait_for_background_mail()
    assert [m["X-Envelope-To"] for m in mailbox.messages] == [EDITOR_EMAIL]


def test_a_hung_mail_server_does_not_hold_up_posting(
    app: Flask, commenter: Commenter, silent_server: int
) -> None:
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=silent_server, MAIL_TIMEOUT=2, MAIL_BACKGROUND=True
    )
    started = time.monotonic()
    assert commenter.post().status_code == 303
    assert time.monotonic() - started < 1.5
    assert len(comments_in_db(app)) == 1
    wait_for_background_mail()
    [row] = outbox(app)
    assert row.sent_at is None and "timed out" in row.last_error


def test_an_approval_outside_a_request_links_to_site_url(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    subscribe(commenter, mailbox)
    app.config["SITE_URL"] = "https://notes.example.org"
    with app.app_context():
        moderation.approve(db.session.scalar(select(Comment)), by=None)
        db.session.commit()
    [message] = mailbox.to(SAM)
    assert message["List-Unsubscribe"].startswith("<https://notes.example.org/mail/unsubscribe/")
    assert "https://notes.example.org/i-relapsed-on-heroin-now-what/#comment-" in body(message)


def test_without_site_url_or_a_request_mail_needing_links_is_skipped_not_crashed(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, caplog: pytest.LogCaptureFixture
) -> None:
    subscribe(commenter, mailbox)
    app.config["SITE_URL"] = None
    # Said at debug per link: the warning is the one said once at startup.
    caplog.set_level(logging.DEBUG, logger="cms.tokens")
    with app.app_context():
        moderation.approve(db.session.scalar(select(Comment)), by=None)
        db.session.commit()
    assert mailbox.to(SAM) == []
    assert "SITE_URL is not set" in caplog.text
    assert comments_in_db(app)[0].status == "approved"
