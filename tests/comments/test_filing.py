"""Filing a new comment: stored in the status it was given, with its audit row and its mail."""

import re
from datetime import datetime
from importlib.metadata import version

import pytest
from flask import Flask
from sqlalchemy import Table, func, select

from cms.comments import filing
from cms.extensions import db
from cms.http import freshness
from cms.models import (
    Article,
    AuditEvent,
    Comment,
    CommentStatus,
    OutboxMail,
    Setting,
    User,
    utcnow,
)
from cms.models.content import words_digest
from cms.privacy.crypto import email_digest
from tests.support.people import Commenter
from tests.support.site import (
    EDITOR_EMAIL,
    HEROIN,
    article_id,
    audit_rows,
    last_comment_id,
    set_discussion,
)
from tests.support.smtp import SmtpServer


def _comment(status: CommentStatus, reason: str = "") -> Comment:
    # By id: loading the article would flush comments made before this one.
    article_id = db.session.scalar(select(Article.id).where(Article.slug == HEROIN))
    return Comment(
        article_id=article_id,
        author_name="Sam",
        author_email="sam@example.net",
        content_html="<p>Day 40 today.</p>",
        status=status,
        held_reason=reason,
    )


def _mail_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMail)) or 0


def test_a_posted_comment_is_stored_with_its_status_reason_and_the_editors_mail(
    app: Flask, mailbox: SmtpServer
) -> None:
    with app.test_request_context():
        comment = _comment(CommentStatus.PENDING, "It has two links.")
        filing.file_new([comment], filing.POSTED)
        db.session.commit()
        comment_id, mailed = comment.id, _mail_count()
    assert audit_rows(app, comment_id) == [("post", "", "pending", None, "It has two links.")]
    assert mailed >= 1
    assert any("Please moderate" in m["Subject"] for m in mailbox.to(EDITOR_EMAIL))


def test_a_staff_reply_is_recorded_as_theirs_and_announced_like_an_approval(
    app: Flask, mailbox: SmtpServer
) -> None:
    with app.test_request_context():
        editor = db.session.scalar(select(User).where(User.email == EDITOR_EMAIL))
        reply = _comment(CommentStatus.APPROVED)
        filing.file_new([reply], filing.REPLIED, editor)
        db.session.commit()
        reply_id, editor_id = reply.id, editor.id
    assert audit_rows(app, reply_id) == [("reply", "", "approved", editor_id, "")]


@pytest.mark.parametrize(
    ("arrival", "source"),
    [(filing.IMPORTED, "WordPress import"), (filing.DISQUS_IMPORTED, "Disqus import")],
    ids=["wordpress", "disqus"],
)
def test_an_import_files_a_whole_batch_and_sends_no_mail(
    app: Flask, mailbox: SmtpServer, arrival: filing.Arrival, source: str
) -> None:
    with app.test_request_context():
        before = _mail_count()
        batch = [_comment(status) for status in CommentStatus]
        filing.file_new(batch, arrival)
        db.session.commit()
        ids = [c.id for c in batch]
        assert _mail_count() == before
    for comment_id, status in zip(ids, CommentStatus, strict=True):
        assert audit_rows(app, comment_id) == [("import", "", status.value, None, source)]
    assert mailbox.messages == []


# --- what a post stores, column by column ---

TYPED = {
    "author": "Sam Rivera",
    "email": "Sam@Example.net",
    "url": "example.org/sam",
    "comment": "Day 12 clean.\r\n\r\nThank you <3 & see https://example.org/a",
}
STORED_HTML = (
    "<p>Day 12 clean.</p>\n<p>Thank you &lt;3 &amp; see "
    '<a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a></p>'
)
# The editors' mail: a one-click link per move, each with a token of its own.
MAILED_LINK = re.compile(r"(/mail/comment/\w+/)\S+")


def _rows(app: Flask, table: Table, column: str, value: object) -> list[dict[str, object]]:
    """Return every column of the rows of ``table`` where ``column`` is ``value``, by id."""
    with app.app_context():
        query = select(table).where(table.c[column] == value).order_by(table.c.id)
        return [dict(row._mapping) for row in db.session.execute(query)]


def _now_or(value: object, since: datetime) -> object:
    """Stand in for a time stored during the test by "now"; keep any other value."""
    return "now" if isinstance(value, datetime) and since <= value <= utcnow() else value


def _stored(app: Flask, comment_id: int, since: datetime) -> list[list[dict[str, object]]]:
    """Return the comment's row, its audit rows and its outbox rows, without their ids."""
    found = [
        _rows(app, Comment.__table__, "id", comment_id),
        _rows(app, AuditEvent.__table__, "comment_id", comment_id),
        _rows(app, OutboxMail.__table__, "comment_id", comment_id),
    ]
    return [
        [{k: _now_or(v, since) for k, v in row.items() if k != "id"} for row in rows]
        for rows in found
    ]


def _comment_row(app: Flask, comment_id: int, **changes: object) -> dict[str, object]:
    """Return the comment row TYPED is stored as, pending and wanting mail, with changes."""
    with app.app_context():
        address_hash = email_digest(TYPED["email"])
    return {
        "article_id": article_id(app),
        "parent_id": None,
        "user_id": None,
        "author_name": "Sam Rivera",
        "author_email": "Sam@Example.net",
        "author_email_hash": address_hash,
        "author_url": "https://example.org/sam",
        "author_ip": "127.0.0.1",
        "user_agent": f"Werkzeug/{version('werkzeug')}",
        "content_html": STORED_HTML,
        "words_digest": words_digest(STORED_HTML),
        "status": CommentStatus.PENDING,
        "previous_status": None,
        "held_reason": "",
        "care_reason": "",
        "notify": True,
        "created_at": "now",
        "withdrawn_at": None,
        "wp_id": None,
        "import_key": None,
        "comment_type": "",
    } | changes


def _public_mark(app: Flask) -> str | None:
    with app.app_context():
        return db.session.scalar(select(Setting.value).where(Setting.key == freshness.KEY))


def test_a_held_post_stores_every_column_of_its_comment_audit_and_mail_rows(
    app: Flask, commenter: Commenter, mailbox: SmtpServer
) -> None:
    since, mark = utcnow(), _public_mark(app)
    assert commenter.post(notify="y", **TYPED).status_code == 303
    comment_id = last_comment_id(app)
    comment, audit, outbox = _stored(app, comment_id, since)
    assert comment == [_comment_row(app, comment_id)]
    assert audit == [
        {
            "comment_id": comment_id,
            "user_id": None,
            "action": "post",
            "from_status": "",
            "to_status": "pending",
            "detail": "",
            "created_at": "now",
        }
    ]
    with app.app_context():
        editor_hash, about_hash = email_digest(EDITOR_EMAIL), email_digest(TYPED["email"])
    (mail,) = outbox
    body = MAILED_LINK.sub(r"\1TOKEN", mail.pop("body"))
    assert mail == {
        "to_address": EDITOR_EMAIL,
        "to_hash": editor_hash,
        "about_hash": about_hash,
        "comment_id": comment_id,
        "subject": "[Recovery Notes] Please moderate: “I Relapsed On Heroin, Now What?”",
        "headers": "{}",
        "attempts": 1,
        "last_error": "",
        "next_attempt_at": "now",
        "sent_at": "now",
        "created_at": "now",
    }
    assert "Approve it:       http://localhost/mail/comment/approve/TOKEN\n" in body
    assert "> Name:    Sam Rivera\n> Email:   Sam@Example.net\n" in body
    assert "> Thank you <3 & see https://example.org/a\n" in body
    # A pending comment shows nowhere public: the site's change mark stays.
    assert _public_mark(app) == mark


def test_a_post_approved_at_once_stores_its_rows_and_moves_the_public_mark(
    app: Flask, commenter: Commenter
) -> None:
    set_discussion(app, manual_approval=False)
    since, mark = utcnow(), _public_mark(app)
    assert commenter.post(**TYPED).status_code == 303
    comment_id = last_comment_id(app)
    comment, audit, outbox = _stored(app, comment_id, since)
    approved = CommentStatus.APPROVED
    assert comment == [_comment_row(app, comment_id, status=approved, notify=False)]
    assert [(a["action"], a["to_status"], a["detail"]) for a in audit] == [("post", "approved", "")]
    assert outbox == []
    assert int(_public_mark(app) or 0) > int(mark or 0)
