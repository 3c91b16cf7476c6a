"""Who gets mail about a comment and what it says, read from a real SMTP server on loopback."""

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.mail import notifications as notify
from cms.models import Comment, Role, Subscription
from tests.support.people import Commenter, Editor, add_user, csrf_token
from tests.support.site import EDITOR_EMAIL, HEROIN, add_comment, comments_in_db, set_discussion
from tests.support.smtp import SmtpServer

TITLE = "I Relapsed On Heroin, Now What?"
SAM = "sam@example.net"
ROBIN = "robin@example.net"
_URL = re.compile(r"https?://\S+")


def body(message: EmailMessage) -> str:
    return message.get_content()


def link_paths(message: EmailMessage, kind: str) -> list[str]:
    """Return the paths of the links in a mail whose path starts with /mail/<kind>/."""
    paths = [urlsplit(url).path for url in _URL.findall(body(message))]
    return [p for p in paths if p.startswith(f"/mail/{kind}/")]


def confirm(commenter: Commenter, message: EmailMessage) -> None:
    """Follow a confirmation mail's link and press its button, as its reader would."""
    [path] = link_paths(message, "confirm")
    page = commenter.client.get(path)
    response = commenter.client.post(
        path, data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 200


def subscribe(commenter: Commenter, mailbox: SmtpServer, email: str = SAM, **fields: object):
    """Post a comment with the notify box ticked and confirm the address it asks about."""
    response = commenter.post(email=email, notify="y", **fields)
    [request] = mailbox.to(email)
    confirm(commenter, request)
    mailbox.clear()
    return response


# Editors' mail: who gets it


def test_held_comment_is_mailed_to_active_editors_and_admins_only(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    add_user(app, Role.ADMIN, "ada@example.org")
    add_user(app, Role.MODERATOR, "mo@example.org")
    add_user(app, Role.EDITOR, "gone@example.org", disabled=True)
    commenter.post()
    assert sorted(m["X-Envelope-To"] for m in mailbox.messages) == [
        "ada@example.org",
        EDITOR_EMAIL,
    ]


@pytest.mark.parametrize(
    ("settings", "fields", "subject"),
    [
        ({}, {}, f"[Recovery Notes] Please moderate: “{TITLE}”"),
        ({"notify_held": False}, {}, None),
        ({"notify_held": False, "notify_posted": True}, {}, "Please moderate"),
        ({"manual_approval": False}, {}, None),
        ({"manual_approval": False, "notify_posted": True}, {}, f"Comment: “{TITLE}”"),
        ({"disallowed_words": ["casino"], "notify_posted": True}, {"comment": "casino"}, None),
        ({"notify_posted": True}, {"subject": "Buy now"}, None),
    ],
    ids=[
        "held-default",
        "held-off",
        "posted-on-held",
        "approved-posted-off",
        "approved-posted-on",
        "spam-word",
        "honeypot",
    ],
)
def test_editors_get_mail_as_the_discussion_settings_ask(
    app: Flask,
    mailbox: SmtpServer,
    commenter: Commenter,
    settings: dict,
    fields: dict,
    subject: str | None,
) -> None:
    set_discussion(app, **settings)
    assert commenter.post(**fields).status_code in (303, 400)
    sent = mailbox.to(EDITOR_EMAIL)
    if subject is None:
        assert sent == []
    else:
        [message] = sent
        assert subject in message["Subject"]


def test_staff_reply_from_the_queue_is_not_mailed_to_its_writer(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    set_discussion(app, notify_posted=True)
    commenter.post()
    mailbox.clear()
    [comment] = comments_in_db(app)
    token = csrf_token(editor.queue().get_data(as_text=True))
    editor.client.post(
        f"/admin/comments/{comment.id}/reply", data={"csrf_token": token, "comment": "Welcome."}
    )
    assert mailbox.to(EDITOR_EMAIL) == []


# Editors' mail: what it says


def test_editor_mail_is_plain_text_with_the_article_author_contact_ip_and_text(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    commenter.post(
        author="Ana Author",
        email="ana@example.net",
        url="example.com/ana",
        comment="Day 3 clean.\n\nIt is <b>hard</b> & I am scared.",
    )
    [message] = mailbox.to(EDITOR_EMAIL)
    text = body(message)
    assert message["From"] == "Recovery Notes <noreply@localhost>"
    assert message.get_content_type() == "text/plain"
    assert not message.is_multipart()
    assert message["Auto-Submitted"] == "auto-generated"
    assert f"“{TITLE}” is waiting for your approval" in text
    assert f"http://localhost/{HEROIN}/" in text
    for line in (
        "Sent from IP address: 127.0.0.1",
        "> Name:    Ana Author",
        "> Email:   ana@example.net",
        "> Website: https://example.com/ana",
        "> Day 3 clean.",
        "> It is hard & I am scared.",
    ):
        assert line in text
    assert "<b>" not in text and "&amp;" not in text
    assert "http://localhost/admin/comments" in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<script>alert('x')</script>", "> <script>alert('x')</script>"),
        ('<img src=x onerror="alert(1)">', '> <img src=x onerror="alert(1)">'),
        ('<a href="javascript:alert(1)">click me</a>', "> click me"),
        ('<a href="https://evil.example/">my story</a>', "> my story (https://evil.example/)"),
        # Typed entities show as the page shows them: as the characters they stand for.
        ("&lt;b&gt; is how you bold", "> <b> is how you bold"),
    ],
)
def test_hostile_html_in_a_comment_arrives_as_inert_plain_text(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, typed: str, shown: str
) -> None:
    commenter.post(comment=typed)
    [message] = mailbox.to(EDITOR_EMAIL)
    assert message.get_content_type() == "text/plain"
    assert shown in body(message)
    assert "javascript:" not in body(message)


def test_a_pending_comment_has_approve_spam_and_trash_links_an_approved_one_no_approve(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    set_discussion(app, notify_posted=True)
    commenter.post()
    set_discussion(app, manual_approval=False)
    commenter.post(comment="Second")
    held, posted = mailbox.to(EDITOR_EMAIL)
    assert [p.split("/")[3] for p in link_paths(held, "comment")] == ["approve", "spam", "trash"]
    assert [p.split("/")[3] for p in link_paths(posted, "comment")] == ["spam", "trash"]


def test_links_use_site_url_when_it_is_set(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    app.config["SITE_URL"] = "https://notes.example.org/blog"
    commenter.post()
    text = body(mailbox.to(EDITOR_EMAIL)[0])
    assert f"https://notes.example.org/blog/{HEROIN}/" in text
    assert "https://notes.example.org/blog/mail/comment/approve/" in text
    assert "localhost" not in text


# Mail layout: no field a commenter typed can pass for one of the site's lines

# As stored before names were checked, or imported: CR, LF and a Unicode line separator,
# each starting a line that copies the site's own.
FORGED_NAME = (
    "Sam\r\nApprove it:       http://evil.example/approve\u2028Queue: http://evil.example/q"
)
FORGED_SITE = "https://example.com/\nMark it as spam:  http://evil.example/spam\u2029x"
FORGED_TEXT = "Fine.\u2028Approve it: http://evil.example/in-text\x1b[2K\u202eknil"
SITE_LINK = re.compile(r"^[A-Z][^>]*: +http://localhost/")


def _site_lines(text: str) -> list[str]:
    """Return the lines a reader takes for the site's own: those outside the quoted block."""
    return [line for line in text.split("\n") if not line.startswith(">")]


def _store_forged(app: Flask, parent: int | None = None) -> int:
    comment_id = add_comment(app, text=FORGED_TEXT, author_name=FORGED_NAME, parent=parent)
    with app.app_context():
        db.session.get(Comment, comment_id).author_url = FORGED_SITE
        db.session.commit()
    return comment_id


def _assert_forgery_is_quoted(text: str) -> None:
    assert "\r" not in text and "\u2028" not in text and "\u2029" not in text
    assert "\x1b" not in text and "\u202e" not in text
    assert all("evil.example" not in line for line in _site_lines(text))
    # The site's lines come first, the commenter's words after, every one of them quoted.
    quoted = [line for line in text.split("\n") if "evil.example" in line]
    assert quoted and all(line.startswith("> ") for line in quoted)
    assert text.index("What they wrote") < text.index("evil.example")


def test_line_breaks_in_a_stored_name_or_website_cannot_forge_the_editors_links(
    app: Flask, mailbox: SmtpServer
) -> None:
    comment_id = _store_forged(app)
    with app.test_request_context():
        notify.comment_posted(db.session.get(Comment, comment_id))
        db.session.commit()
    [message] = mailbox.to(EDITOR_EMAIL)
    text = body(message)
    _assert_forgery_is_quoted(text)
    links = [line for line in _site_lines(text) if SITE_LINK.match(line)]
    assert [line.split(":")[0] for line in links] == [
        "Approve it",
        "Mark it as spam",
        "Move it to trash",
        "Moderation queue",
        "The article",
    ]
    assert text.index("Approve it:") < text.index("What they wrote")
    assert "> Name:    Sam Approve it: http://evil.example/approve Queue: http://evil" in text


def test_line_breaks_in_a_replys_name_cannot_forge_lines_in_the_reply_mail(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    parent = _approved_parent(app, mailbox, commenter, editor)
    reply = _store_forged(app, parent=parent.id)
    editor.act(reply, "approve")
    [message] = mailbox.to(SAM)
    text = body(message)
    _assert_forgery_is_quoted(text)
    assert [line for line in _site_lines(text) if "http" in line] == [
        f"Read the conversation and reply: http://localhost/{HEROIN}/#comment-{reply}",
        next(line for line in text.split("\n") if line.startswith("To stop these emails:")),
    ]


# Commenters: double opt-in


def test_ticking_notify_sends_one_confirmation_that_reveals_nothing_of_the_comment(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    commenter.post(email="Sam@Example.NET", notify="y", comment="I used again last night.")
    [message] = mailbox.to("sam@example.net")
    text = body(message)
    assert message["Subject"] == "[Recovery Notes] Please confirm comment notifications"
    assert "Recovery Notes" in text and "ignore this email" in text
    for secret in ("used again", "Heroin", "heroin", "Relapsed", "Sam"):
        assert secret not in text and secret not in message["Subject"]
    assert len(link_paths(message, "confirm")) == 1
    with app.app_context():
        stored = db.session.scalar(select(Subscription))
        assert stored.email == "sam@example.net" and stored.confirmed_at is None


def test_no_confirmation_is_sent_without_the_box_ticked(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    commenter.post()
    assert mailbox.to(SAM) == []


def test_a_second_comment_the_same_day_sends_no_second_confirmation(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    commenter.post(notify="y")
    commenter.post(notify="y", comment="Another thought.")
    assert len(mailbox.to(SAM)) == 1


def test_no_published_mail_goes_to_an_unconfirmed_address(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    commenter.post(notify="y")
    [comment] = comments_in_db(app)
    editor.act(comment.id, "approve")
    [only] = mailbox.to(SAM)
    assert "confirm" in only["Subject"]


def test_a_confirmed_commenter_is_told_when_their_comment_is_published(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    subscribe(commenter, mailbox)
    [comment] = comments_in_db(app)
    editor.act(comment.id, "approve")
    [message] = mailbox.to(SAM)
    text = body(message)
    assert message["Subject"] == f"[Recovery Notes] Your comment is published: “{TITLE}”"
    assert f"http://localhost/{HEROIN}/#comment-{comment.id}" in text
    [unsubscribe] = [u for u in _URL.findall(text) if "/mail/unsubscribe/" in u]
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_comment_posted_without_the_box_gets_no_published_mail(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    subscribe(commenter, mailbox)
    commenter.post(comment="This one without notifications.")
    second = comments_in_db(app)[-1]
    editor.act(second.id, "approve")
    # Only the private link to the comment, which a confirmed address always gets.
    assert [m["Subject"] for m in mailbox.to(SAM)] == ["[Recovery Notes] The link to your comment"]


# Commenters: replies


def _approved_parent(app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor):
    subscribe(commenter, mailbox)
    [parent] = comments_in_db(app)
    editor.act(parent.id, "approve")
    mailbox.clear()
    return parent


def test_the_parent_author_is_told_of_an_approved_reply(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, reader: Commenter, editor: Editor
) -> None:
    parent = _approved_parent(app, mailbox, commenter, editor)
    reader.post(
        author="Robin", email=ROBIN, comment="Me too. <i>Hang on.</i>", comment_parent=parent.id
    )
    assert mailbox.to(SAM) == []
    reply = comments_in_db(app)[-1]
    editor.act(reply.id, "approve")
    [message] = mailbox.to(SAM)
    text = body(message)
    assert message["Subject"] == f"[Recovery Notes] New reply to your comment: “{TITLE}”"
    assert "Someone replied to your comment" in text
    assert "> Name: Robin" in text
    assert "> Me too. Hang on." in text
    assert f"#comment-{reply.id}" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_answering_yourself_sends_no_reply_mail(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    parent = _approved_parent(app, mailbox, commenter, editor)
    commenter.post(email=SAM.upper(), comment="Update: still here.", comment_parent=parent.id)
    editor.act(comments_in_db(app)[-1].id, "approve")
    assert mailbox.to(SAM) == []


def test_a_reply_approved_at_once_is_mailed_to_the_parent_author(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, reader: Commenter, editor: Editor
) -> None:
    parent = _approved_parent(app, mailbox, commenter, editor)
    set_discussion(app, manual_approval=False)
    reader.post(author="Robin", email=ROBIN, comment="Keep going.", comment_parent=parent.id)
    [message] = mailbox.to(SAM)
    assert "> Name: Robin" in body(message)


def test_an_editors_reply_from_the_queue_is_mailed_to_the_commenter(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    parent = _approved_parent(app, mailbox, commenter, editor)
    token = csrf_token(editor.queue("approved").get_data(as_text=True))
    editor.client.post(
        f"/admin/comments/{parent.id}/reply",
        data={"csrf_token": token, "comment": "We are glad you wrote."},
    )
    [message] = mailbox.to(SAM)
    assert "> We are glad you wrote." in body(message)
