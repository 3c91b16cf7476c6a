"""The site's logs never hold a commenter's address or words, even when mail fails."""

import logging

from sqlalchemy import select

from cms.extensions import db
from cms.models import OutboxMail
from tests.support.people import Commenter
from tests.support.site import last_comment_id, set_discussion

ADDRESS = "log-leak-check-91@example.org"
WORDS = "Relapsed after ninety days, telling nobody but here"


def test_posting_moderating_and_failing_mail_log_no_address_or_text(
    app, mailbox, commenter: Commenter, editor, caplog
):
    caplog.set_level(logging.DEBUG)
    set_discussion(app, notify_posted=True)
    mailbox.refuse = True
    commenter.post(email=ADDRESS, comment=WORDS, notify="y")
    editor.act(last_comment_id(app), "approve")
    mailbox.stop()
    Commenter(app.test_client()).post(email=ADDRESS.upper(), comment=WORDS + " again")
    editor.login(email=ADDRESS, password="not a staff password")
    # Everything but the test's own SMTP server (aiosmtpd logs what it receives).
    logged = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith("mail.log")
    ).lower()
    assert "not sent" in logged  # the failures were logged, so the check has teeth
    for secret in (ADDRESS, ADDRESS.split("@")[0], "ninety days"):
        assert secret.lower() not in logged


def test_a_refused_recipient_leaves_no_address_in_the_outbox_error(app, mailbox, commenter):
    mailbox.refuse = True
    commenter.post(email=ADDRESS, comment=WORDS, notify="y")
    with app.app_context():
        errors = db.session.scalars(select(OutboxMail.last_error)).all()
    assert errors and all(errors)
    assert not any(ADDRESS.split("@")[0] in e for e in errors)
