"""What is held about one address, found, exported and erased: comments, subscription, mail."""

import json

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Comment, OutboxMail, Subscription
from cms.privacy.crypto import email_digest
from tests.admin.test_comment_edit import save_edit
from tests.support.html_page import page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import APPROVED, PENDING, add_comment, audit_rows, comments_in_db
from tests.support.smtp import SmtpServer

SAM = "Sam.Recovery@Example.net"
OTHER = "other@example.org"
DATA_ACTIONS = ("data-request", "data-export", "data-erase")


def seed(app: Flask) -> dict[str, int]:
    """Store two comments by Sam (one a reply to the other), a reply by someone else to
    Sam's first comment, and Sam's confirmed notification subscription."""
    first = add_comment(app, "First words.", APPROVED, author_name="Sam", author_email=SAM)
    theirs = add_comment(app, "A reply.", APPROVED, author_email=OTHER, parent=first)
    second = add_comment(app, "Second words.", PENDING, author_email=SAM, parent=theirs)
    with app.app_context():
        for comment_id in (first, second):
            comment = db.session.get(Comment, comment_id)
            comment.author_name, comment.author_url = "Sam <b>R</b>", "https://sam.example.net/"
            comment.author_ip, comment.user_agent, comment.notify = "192.0.2.7", "Firefox", True
        db.session.add(Subscription(email=SAM.lower(), confirmed_at=comment.created_at))
        db.session.commit()
    return {"first": first, "theirs": theirs, "second": second}


def data_events(app: Flask) -> list[tuple]:
    rows = audit_rows(app, fields=("action", "user_id", "detail"))
    return [row for row in rows if row[0] in DATA_ACTIONS]


def short_digest(app: Flask, address: str = SAM) -> str:
    with app.app_context():
        return email_digest(address)[:12]


def subscriptions(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Subscription)).all())


# --- driven from the editors' screen (tests/admin/test_data_requests.py tests the screen) ---


def staff_post(browser: Editor, path: str, **data: str):
    token = csrf_token(browser.client.get("/admin/personal-data").get_data(as_text=True))
    return browser.client.post(f"/admin/personal-data{path}", data={"csrf_token": token, **data})


def erase_as_editor(editor: Editor, text: str, confirm: bool = True):
    data = {"email": SAM, "text": text, **({"confirm": "y"} if confirm else {})}
    return staff_post(editor, "/erase", **data)


def test_erasing_and_keeping_the_text_leaves_anonymous_comments(app: Flask, editor: Editor) -> None:
    ids = seed(app)
    response = erase_as_editor(editor, "keep")
    assert response.status_code == 303
    follow = editor.client.get(response.headers["Location"])
    assert "Erased: 2 comments made anonymous" in page(follow).find("div", cls="flashes").text
    with app.app_context():
        blank = email_digest("")
    for comment in comments_in_db(app):
        if comment.id == ids["theirs"]:
            assert comment.author_email == OTHER
            continue
        assert (comment.author_name, comment.author_email, comment.author_email_hash) == (
            "Anonymous",
            "",
            blank,
        )
        assert (comment.author_url, comment.author_ip, comment.user_agent) == ("", "", "")
        assert comment.notify is False and "words." in comment.content_html
    assert subscriptions(app) == 0
    [(action, _, detail)] = data_events(app)
    assert action == "data-erase" and "text keep" in detail and short_digest(app) in detail
    # Erased comments belong to nobody: a search for the address finds nothing more.
    assert "Nothing" in page(staff_post(editor, "", email=SAM)).find("p", cls="held-summary").text


def test_erasing_with_the_text_deletes_the_comments_and_others_replies_move_up(
    app: Flask, editor: Editor
) -> None:
    ids = seed(app)
    assert erase_as_editor(editor, "remove").status_code == 303
    [left] = comments_in_db(app)
    assert (left.id, left.parent_id, left.author_email) == (ids["theirs"], None, OTHER)
    deletions = [r for r in audit_rows(app) if r[0] == "delete"]
    assert [r[4] for r in deletions] == ["data-erase", "data-erase"]
    assert subscriptions(app) == 0
    assert data_events(app)[0][0] == "data-erase"


def outbox(app: Flask) -> list[tuple[str, str]]:
    """Return each stored message's recipient and subject, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        return [(m.to_address, m.subject) for m in rows]


def mail_about_sam_and_another(app: Flask, mailbox: SmtpServer) -> None:
    """Sam comments asking for notifications (editors are told, Sam is asked to confirm);
    someone else comments too (editors are told)."""
    Commenter(app.test_client()).post(email=SAM, notify="y", comment="About my relapse.")
    Commenter(app.test_client()).post(email=OTHER, comment="Someone else's words.")
    assert [to for to, _ in outbox(app)] == [
        "editor@example.org",
        SAM.lower(),
        "editor@example.org",
    ]


def test_erasing_deletes_every_mail_to_or_about_them_and_keeps_the_rest(
    app: Flask, mailbox: SmtpServer, editor: Editor
) -> None:
    mail_about_sam_and_another(app, mailbox)
    summary = page(staff_post(editor, "", email=SAM)).find("p", cls="held-summary").text
    assert summary.endswith("2 messages to or about them in the outbox.")
    response = erase_as_editor(editor, "keep")
    assert response.status_code == 303
    flashed = page(editor.client.get(response.headers["Location"])).find("main").text
    assert "2 messages to or about them deleted from the outbox" in flashed
    [(to, subject)] = outbox(app)
    assert to == "editor@example.org" and "Please moderate" in subject
    with app.app_context():
        [left] = db.session.scalars(select(OutboxMail)).all()
        assert "Someone else's words." in left.body and "About my relapse" not in left.body
    assert "2 message(s)" in data_events(app)[-1][2]


def test_the_export_lists_mail_to_and_about_them_without_the_editors_address(
    app: Flask, mailbox: SmtpServer, editor: Editor
) -> None:
    mail_about_sam_and_another(app, mailbox)
    response = staff_post(editor, "/export", email=SAM)
    data = json.loads(response.get_data(as_text=True))
    notice, confirmation = data["mail"]
    assert notice["subject"].startswith("[Recovery Notes] Please moderate")
    assert notice["to"].startswith("the site's editors")
    assert confirmation["subject"] == "[Recovery Notes] Please confirm comment notifications"
    assert confirmation["to"] == "you"
    assert notice["written"].endswith("Z") and notice["sent"].endswith("Z")
    assert "editor@example.org" not in response.get_data(as_text=True)


def test_erasing_finds_mail_about_a_comment_whose_address_an_editor_corrected(
    app: Flask, mailbox: SmtpServer, editor: Editor
) -> None:
    Commenter(app.test_client()).post(email="sam@exmaple.net", comment="About my relapse.")
    Commenter(app.test_client()).post(email=OTHER, comment="Someone else's words.")
    assert save_edit(editor, comments_in_db(app)[0].id, email=SAM).status_code == 302
    assert erase_as_editor(editor, "remove").status_code == 303
    with app.app_context():
        bodies = [m.body for m in db.session.scalars(select(OutboxMail))]
    assert any("Someone else's words." in body for body in bodies)
    assert not any("About my relapse" in body for body in bodies)
