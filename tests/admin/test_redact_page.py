"""Approve with changes, acting as the editor: a fragment out, the rest approved, the words
kept nowhere, and the commenter told the reason kindly when they can be mailed."""

import pytest
from flask import Flask
from sqlalchemy import select, text

from cms.extensions import db
from cms.models import CommentStatus, OutboxMail
from tests.admin.test_actions import follow
from tests.admin.test_queue import post_from_queue, store
from tests.mail.test_notifications import SAM, body, subscribe
from tests.support.html_page import page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import audit_rows, comments_in_db

WORDS = "My counsellor at the clinic, Mrs Quillon, said call 415-555-0132 after 6."


def redact(editor: Editor, comment_id: int, pieces: str, decision: str = "approve", reason=""):
    url = f"/admin/comments/{comment_id}/redact"
    token = csrf_token(editor.client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "pieces": pieces, "reason": reason, "decision": decision}
    return editor.client.post(url, data=data)


def test_the_queue_offers_approve_with_changes(app: Flask, editor: Editor) -> None:
    comment_id = store(app, WORDS)
    row = page(editor.queue()).by_id(f"comment-{comment_id}")
    link = row.find("a", cls="action-redact")
    assert link.text == "Approve with changes"
    assert link.attrs["href"].startswith(f"/admin/comments/{comment_id}/redact")


def test_the_pieces_go_the_rest_is_approved_and_the_words_are_kept_nowhere(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    comment_id = store(app, WORDS)
    response = redact(editor, comment_id, "Mrs Quillon\n415-555-0132", reason="off topic")
    assert response.status_code == 302
    [stored] = comments_in_db(app)
    assert stored.status == CommentStatus.APPROVED
    assert "Quillon" not in stored.content_html and "415-555" not in stored.content_html
    assert stored.content_html.count("[removed by the editors]") == 2
    shown = reader.article().get_data(as_text=True)
    assert "My counsellor at the clinic, [removed by the editors], said call" in shown
    with app.app_context():
        everything = "\n".join(
            str(v)
            for table in ("comments", "audit_events", "revisions", "settings")
            for row in db.session.execute(text(f"SELECT * FROM {table}"))
            for v in row
        )
    assert "Quillon" not in everything and "415-555-0132" not in everything
    assert ("redact", "2 removed; reason: off topic") in audit_rows(
        app, fields=("action", "detail")
    )


@pytest.mark.parametrize("decision", ["approve", "trash"])
@pytest.mark.parametrize("status", [CommentStatus.SPAM, CommentStatus.TRASH])
def test_a_spam_or_trashed_comment_is_refused_and_nothing_changes(
    app: Flask, editor: Editor, status: CommentStatus, decision: str
) -> None:
    comment_id = store(app, WORDS, status=status)
    before = comments_in_db(app)[0].content_html
    url = f"/admin/comments/{comment_id}/redact"
    data = {"pieces": "Mrs Quillon", "reason": "", "decision": decision}
    shown = follow(editor, post_from_queue(editor, url, **data))
    assert f"Comment {comment_id} is {status.value}: only pending or approved" in shown
    [stored] = comments_in_db(app)
    assert (stored.status, stored.content_html) == (status, before)
    assert audit_rows(app) == []


def test_a_spam_comment_offers_no_approve_with_changes(app: Flask, editor: Editor) -> None:
    comment_id = store(app, WORDS, status=CommentStatus.SPAM)
    row = page(editor.queue("spam")).by_id(f"comment-{comment_id}")
    assert row.find("a", cls="action-redact") is None
    assert editor.client.get(f"/admin/comments/{comment_id}/redact").status_code == 302


def test_words_not_in_the_comment_change_nothing_and_say_so(app: Flask, editor: Editor) -> None:
    comment_id = store(app, WORDS)
    response = redact(editor, comment_id, "not in there")
    assert response.status_code == 400
    assert "None of those words are in the comment" in page(response).text
    assert comments_in_db(app)[0].status == CommentStatus.PENDING


def test_trash_with_a_reason(app: Flask, editor: Editor) -> None:
    comment_id = store(app, WORDS)
    redact(editor, comment_id, "", decision="trash", reason="hurtful to someone")
    assert comments_in_db(app)[0].status == CommentStatus.TRASH


def test_the_commenter_is_told_the_reason_never_the_words(
    app: Flask, mailbox, commenter: Commenter, editor: Editor
) -> None:
    subscribe(commenter, mailbox)
    commenter.post(comment=WORDS, email=SAM)
    comment_id = comments_in_db(app)[-1].id
    mailbox.clear()
    redact(editor, comment_id, "Mrs Quillon", reason="personal information removed")
    [told] = [m for m in mailbox.to(SAM) if m["Subject"].endswith("About your comment")]
    said = body(told)
    assert "The reason they gave: personal information removed." in said
    assert "Quillon" not in said and "counsellor" not in said


def test_no_reason_no_mail_and_an_unconfirmed_address_gets_none(
    app: Flask, mailbox, commenter: Commenter, editor: Editor
) -> None:
    commenter.post(comment=WORDS, email="typed@example.org")
    comment_id = comments_in_db(app)[-1].id
    redact(editor, comment_id, "Mrs Quillon", reason="off topic")
    with app.app_context():
        subjects = [m.subject for m in db.session.scalars(select(OutboxMail))]
    assert not [s for s in subjects if "About your comment" in s]
