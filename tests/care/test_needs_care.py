"""A comment that cannot wait, acting as its writer and as the editor: held whatever the
rules say, help first on its preview, first in the queue with its reason and a guide, a
pre-filled reply, a neutral mail at once, and nothing of it public."""

import re
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Comment, CommentStatus, OutboxMail, utcnow
from tests.admin.test_queue import store
from tests.mail.test_notifications import body
from tests.support.html_page import page
from tests.support.people import Commenter, Editor
from tests.support.site import HEROIN, add_comment, audit_rows, comments_in_db, set_discussion

WORDS = "I can't do this anymore. I just want to die tonight."
US = ["In danger now: call 911", "988 Suicide & Crisis Lifeline: call or text 988"]


def _post(commenter: Commenter, words: str = WORDS, **fields: object):
    return commenter.post(comment=words, author="Robin", **fields)


def test_it_is_held_and_marked_whatever_the_rules_say(app: Flask, commenter: Commenter) -> None:
    set_discussion(app, manual_approval=False, disallowed_words=["tonight"])
    _post(commenter)
    [stored] = comments_in_db(app)
    assert stored.status == CommentStatus.PENDING
    assert stored.care_reason.startswith("thoughts of suicide: ")
    assert stored.held_reason


def test_ordinary_talk_is_not_marked(app: Flask, commenter: Commenter) -> None:
    _post(commenter, "I overdosed last year and narcan saved my life.")
    assert comments_in_db(app)[0].care_reason == ""


def test_the_writers_preview_leads_with_help(app: Flask, commenter: Commenter) -> None:
    set_discussion(app, help_lines=US)
    _post(commenter)
    stored = comments_in_db(app)[0]
    item = page(commenter.article()).by_id(f"comment-{stored.id}")
    box = item.find("aside", cls="help-box")
    assert "please reach someone now" in box.text and "tel:911" in str(box.find("a").attrs)
    text = item.text
    assert text.index("Need help now?") < text.index("I just want to die")


def test_with_no_help_lines_set_the_preview_still_leads_with_plain_words(
    app: Flask, commenter: Commenter
) -> None:
    _post(commenter)
    item = page(commenter.article()).by_id(f"comment-{comments_in_db(app)[0].id}")
    note = item.find("p", cls="care-note").text
    assert "call your local emergency number" in note
    assert item.text.index("sounds really hard") < item.text.index("I just want to die")


def test_first_in_the_queue_with_its_reason_and_a_guide(app: Flask, editor: Editor) -> None:
    earlier = store(app, "An ordinary comment, posted first.")
    commenter = Commenter(app.test_client())
    _post(commenter)
    flagged = comments_in_db(app)[-1]
    doc = page(editor.queue())
    care_table = doc.by_id("queue-care")
    assert care_table.by_id(f"comment-{flagged.id}") is not None
    assert doc.by_id("queue").by_id(f"comment-{flagged.id}") is None
    assert doc.by_id("queue").by_id(f"comment-{earlier}") is not None
    row = care_table.by_id(f"comment-{flagged.id}")
    assert "Needs care: thoughts of suicide" in row.text and "do not delete it silently" in row.text
    tab = doc.find("li", cls="care-tab")
    assert tab.text == "Needs care (1)"
    care_view = page(editor.client.get(tab.find("a").attrs["href"]))
    assert [r.attrs["id"] for r in care_view.find_all("tr", cls="queue-row")] == [
        f"comment-{flagged.id}"
    ]


def test_reply_with_resources_starts_from_the_template_with_the_help_lines(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    set_discussion(app, help_lines=US)
    _post(Commenter(app.test_client()))
    flagged = comments_in_db(app)[-1]
    row = page(editor.queue()).by_id(f"comment-{flagged.id}")
    reply = row.find("details", cls="care-reply").find("textarea")
    assert "Thank you for telling us" in reply.text and "call or text 988" in reply.text


def test_reply_with_resources_says_plainly_that_sending_it_publishes_the_comment(
    app: Flask, editor: Editor
) -> None:
    _post(Commenter(app.test_client()))
    flagged = comments_in_db(app)[-1]
    form = page(editor.queue()).by_id(f"comment-{flagged.id}").find("details", cls="care-reply")
    note = form.find("p", cls="care-reply-note")
    assert "Sending this reply also publishes their comment" in note.text
    assert "“Approve with changes” first" in note.text
    assert f"/admin/comments/{flagged.id}/redact" in note.find("a").attrs["href"]
    assert form.find("textarea").attrs["aria-describedby"] == note.attrs["id"]
    assert form.find("button").text == "Publish their comment and send this reply"


def test_editors_are_mailed_at_once_saying_nothing_of_health_or_the_text(
    app: Flask, mailbox, editor: Editor
) -> None:
    set_discussion(app, notify_held=False)
    _post(Commenter(app.test_client()))
    messages = [m for m in mailbox.messages if "attention" in m["Subject"]]
    assert messages and all(
        m["Subject"] == "[Recovery Notes] A comment needs attention soon" for m in messages
    )
    said = body(messages[0]).lower()
    for word in ("suicide", "die", "robin", "tonight", "danger", "relapse"):
        assert word not in said and word not in messages[0]["Subject"].lower(), word
    assert "care=1" in said


def test_the_flag_is_never_public_but_is_in_the_persons_data(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    _post(Commenter(app.test_client()), email="robin@example.org")
    flagged = comments_in_db(app)[-1]
    editor.act(flagged.id, "approve")
    for path in (f"/{HEROIN}/", f"/{HEROIN}/feed/", "/comments/feed/", "/"):
        shown = reader.client.get(path).get_data(as_text=True)
        assert "thoughts of suicide" not in shown and "Needs care" not in shown, path
    with app.test_request_context():
        from cms.privacy import personal_data

        held = personal_data.find_address("robin@example.org")
        exported = personal_data.export(held)
        assert exported["comments"][0]["marked_needs_care"].startswith("thoughts of suicide")
        personal_data.erase(held, keep_text=True, by=None)
        db.session.commit()
        erased = db.session.get(Comment, flagged.id)
        assert (erased.care_reason, erased.held_reason) == ("", "")
    # Nor does the record of its arrival keep it.
    details = [row[-1] for row in audit_rows(app, flagged.id)]
    assert details and not any("care" in detail for detail in details), details


def test_erasing_with_the_text_leaves_no_flag_in_the_record(app: Flask) -> None:
    _post(Commenter(app.test_client()), email="robin@example.org")
    flagged = comments_in_db(app)[-1]
    with app.test_request_context():
        from cms.privacy import personal_data

        personal_data.erase(personal_data.find_address("robin@example.org"), False, None)
        db.session.commit()
    rows = audit_rows(app, flagged.id, fields=("action", "detail"))
    assert [action for action, _ in rows] == ["post", "delete"]
    assert not any("care" in detail for _, detail in rows), rows


def test_the_dashboard_shows_who_is_waiting_and_how_soon_staff_acted(
    app: Flask, editor: Editor
) -> None:
    _post(Commenter(app.test_client()))
    section = page(editor.client.get("/admin/")).find("section", cls="dashboard-care")
    assert "1 comment" in section.text and "nobody yet" in section.text
    editor.act(comments_in_db(app)[-1].id, "approve")
    section = page(editor.client.get("/admin/")).find("section", cls="dashboard-care")
    assert "None is waiting." in section.text and re.search(r"\d+ min", section.text)
    with app.app_context():
        assert db.session.scalar(select(OutboxMail)) is None  # mail is off here


def test_the_dashboard_counts_every_flagged_comment_waiting_and_the_oldest_however_old(
    app: Flask, editor: Editor
) -> None:
    # More than the 50 rows and older than the 30 days of the table of first actions.
    posted = [utcnow() - timedelta(days=45)] + [utcnow() - timedelta(hours=1)] * 54
    ids = [add_comment(app, created_at=when) for when in posted]
    with app.app_context():
        for comment in db.session.scalars(select(Comment).where(Comment.id.in_(ids))):
            comment.care_reason = "thoughts of suicide: “i want to die”"
        db.session.commit()
    section = page(editor.client.get("/admin/")).find("section", cls="dashboard-care")
    said = section.find("p", cls="care-open").text
    assert said.startswith("55 comments whose writer may be in danger now are waiting")
    minutes = int(re.search(r"the oldest for (\d+) minutes", said).group(1))
    assert 45 * 24 * 60 <= minutes < 45 * 24 * 60 + 5
