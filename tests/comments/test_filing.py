"""Filing a new comment: stored in the status it was given, with its audit row and its mail."""

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.comments import filing
from cms.extensions import db
from cms.models import Article, Comment, CommentStatus, OutboxMail, User
from tests.support.site import EDITOR_EMAIL, HEROIN, audit_rows
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
