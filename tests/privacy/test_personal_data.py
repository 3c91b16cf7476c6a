"""Personal data requests: editors export or erase an address's data; commenters do it by link."""

import json
import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner
from sqlalchemy import select

from cms import tokens
from cms.extensions import db
from cms.models import Comment, OutboxMail, Subscription
from cms.privacy.crypto import email_digest
from tests.support.html_page import page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import APPROVED, PENDING, add_comment, audit_rows, comments_in_db, user_id
from tests.support.smtp import SmtpServer

SAM = "Sam.Recovery@Example.net"
OTHER = "other@example.org"
SENT = "If we hold anything for that address, we have sent a link to it."
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


# --- the editors' screen ---


def staff_post(browser: Editor, path: str, **data: str):
    token = csrf_token(browser.client.get("/admin/personal-data").get_data(as_text=True))
    return browser.client.post(f"/admin/personal-data{path}", data={"csrf_token": token, **data})


def test_editor_finds_how_many_comments_and_whether_a_subscription_exists(
    app: Flask, editor: Editor
) -> None:
    seed(app)
    response = staff_post(editor, "", email="  sam.recovery@EXAMPLE.net ")
    assert response.status_code == 200
    summary = page(response).find("p", cls="held-summary").text
    assert summary == (
        "2 comments; a notification subscription; no mail to or about them in the outbox."
    )


def test_editor_is_told_when_nothing_is_held(app: Flask, editor: Editor) -> None:
    seed(app)
    response = staff_post(editor, "", email="nobody@example.org")
    assert "Nothing: no comment" in page(response).find("p", cls="held-summary").text


def test_editor_downloads_everything_held_as_json_and_the_record_names_no_address(
    app: Flask, editor: Editor
) -> None:
    ids = seed(app)
    response = staff_post(editor, "/export", email=SAM)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert [c["id"] for c in data["comments"]] == [ids["first"], ids["second"]]
    first = data["comments"][0]
    assert first["article"] == "I Relapsed On Heroin, Now What?"
    assert first["article_url"] == "http://localhost/i-relapsed-on-heroin-now-what/"
    assert (first["status"], first["name"], first["email"]) == ("approved", "Sam <b>R</b>", SAM)
    assert (first["website"], first["ip_address"], first["user_agent"]) == (
        "https://sam.example.net/",
        "192.0.2.7",
        "Firefox",
    )
    assert first["text"] == "First words." and first["date"].endswith("Z")
    assert data["comments"][1]["status"] == "pending"
    assert data["notification_subscription"]["email"] == SAM.lower()
    assert data["notification_subscription"]["confirmed"] is not None
    [(action, by, detail)] = data_events(app)
    assert (action, by) == ("data-export", user_id(app, "editor@example.org"))
    assert f"#{short_digest(app)}" in detail and "2 comment(s)" in detail
    assert "sam" not in detail.lower()


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


def test_erasing_needs_the_confirmation_box(app: Flask, editor: Editor) -> None:
    seed(app)
    response = erase_as_editor(editor, "remove", confirm=False)
    assert response.status_code == 400
    assert "Tick the box to confirm." in page(response).find("div", cls="form-errors").text
    assert len(comments_in_db(app)) == 3 and subscriptions(app) == 1
    assert data_events(app) == []


@pytest.mark.parametrize("path", ["", "/export", "/erase"])
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


@pytest.mark.parametrize("path", ["", "/export", "/erase"])
def test_moderators_may_not_touch_personal_data(app: Flask, moderator: Editor, path: str) -> None:
    seed(app)
    token = csrf_token(moderator.client.get("/admin/comments").get_data(as_text=True))
    data = {"csrf_token": token, "email": SAM, "text": "remove", "confirm": "y"}
    assert moderator.client.post(f"/admin/personal-data{path}", data=data).status_code == 403
    assert len(comments_in_db(app)) == 3 and data_events(app) == []


def test_editors_read_data_requests_in_the_audit_log(app: Flask, editor: Editor) -> None:
    seed(app)
    staff_post(editor, "/export", email=SAM)
    rows = page(editor.client.get("/admin/audit")).find_all("td", cls="action")
    assert "data-export" in [cell.text for cell in rows]


# --- the public "Your data" page and its mailed link ---


def ask(client: FlaskClient, email: str):
    form = client.get("/your-data/")
    return client.post(
        "/your-data/", data={"email": email, "csrf_token": csrf_token(form.get_data(as_text=True))}
    )


def data_link(mailbox: SmtpServer, to: str) -> str:
    """Return the path of the data link in the last mail to ``to``."""
    urls = re.findall(r"https?://\S+", mailbox.to(to)[-1].get_content())
    [path] = [urlsplit(u).path for u in urls if urlsplit(u).path.startswith("/your-data/")]
    return path


def press(client: FlaskClient, path: str, action: str, **data: str):
    html = client.get(path).get_data(as_text=True)
    return client.post(f"{path}/{action}", data={"csrf_token": csrf_token(html), **data})


def visible(response) -> str:
    """Return the page's visible text, which carries no token."""
    return page(response).find("main").text


def test_footer_links_to_the_your_data_page(reader: Commenter) -> None:
    footer = page(reader.client.get("/")).find("footer")
    assert [a.attrs["href"] for a in footer.find_all("a")] == ["/your-data/"]


def test_asking_answers_the_same_whether_or_not_anything_is_held(
    app: Flask, mailbox: SmtpServer, reader: Commenter
) -> None:
    seed(app)
    known, unknown = ask(reader.client, SAM), ask(reader.client, "stranger@example.org")
    assert known.status_code == unknown.status_code == 200
    assert visible(known) == visible(unknown)
    assert SENT in visible(known)
    # Both get a link, so not even the mail log tells who has data here.
    assert len(mailbox.to(SAM)) == len(mailbox.to("stranger@example.org")) == 1
    actions = [(a, by) for a, by, _ in data_events(app)]
    assert actions == [("data-request", None), ("data-request", None)]
    assert all("sam" not in detail.lower() for *_, detail in data_events(app))


def test_the_mailed_link_carries_no_address(app: Flask, mailbox: SmtpServer, reader) -> None:
    seed(app)
    ask(reader.client, SAM)
    path = data_link(mailbox, SAM)
    with app.app_context():
        claims = tokens.serializer("data").loads(path.split("/")[-1])
        assert claims["digest"] == email_digest(SAM)
    assert "@" not in json.dumps(claims) and "sam" not in path.lower()
    assert "sam" not in mailbox.to(SAM)[-1]["Subject"].lower()


def test_a_bad_address_is_sent_back_without_mail(app: Flask, mailbox, reader) -> None:
    response = ask(reader.client, "not an address")
    assert response.status_code == 400
    assert "valid email address" in page(response).find("div", cls="form-errors").text
    assert mailbox.messages == [] and data_events(app) == []


def test_opening_the_link_shows_what_is_held_escaped_and_changes_nothing(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    response = commenter.client.get(data_link(mailbox, SAM))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert "<b>R</b>" not in html and "Sam &lt;b&gt;R&lt;/b&gt;" in html
    doc = page(response)
    assert "We hold 2 comments" in doc.find("p", cls="held-summary").text
    assert doc.find("p", cls="held-summary").text == (
        "We hold 2 comments written with your email address, your address for comment "
        "notifications and 1 email to or about you, such as the one that brought you this link."
    )
    [mail_row] = doc.find("section", cls="held-mail").find_all("tr")[1:]
    assert "[Recovery Notes] Your data" in mail_row.text and "you" in mail_row.text
    assert [s.find("blockquote").text for s in doc.find_all("section", cls="held-comment")] == [
        "First words.",
        "Second words.",
    ]
    assert "192.0.2.7" in doc.text and SAM in doc.text
    assert len(comments_in_db(app)) == 3 and [a for a, *_ in data_events(app)] == ["data-request"]


def test_the_link_downloads_everything_as_json(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    ids = seed(app)
    ask(commenter.client, SAM)
    response = press(commenter.client, data_link(mailbox, SAM), "download")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert [c["id"] for c in data["comments"]] == [ids["first"], ids["second"]]
    assert data_events(app)[-1][:2] == ("data-export", None)
    assert "by the owner's link" in data_events(app)[-1][2]


@pytest.mark.parametrize(("text", "left"), [("keep", 3), ("remove", 1)])
def test_the_link_erases_once(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, text: str, left: int
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    path = data_link(mailbox, SAM)
    refused = press(commenter.client, path, "erase", text=text)
    assert refused.status_code == 400 and len(comments_in_db(app)) == 3
    response = press(commenter.client, path, "erase", text=text, confirm="y")
    assert response.status_code == 200
    assert page(response).find("h1").text == "Your data is erased"
    assert len(comments_in_db(app)) == left and subscriptions(app) == 0
    # The mail that brought the link named them too.
    assert outbox(app) == []
    assert all(c.author_email != SAM for c in comments_in_db(app))
    assert data_events(app)[-1][:2] == ("data-erase", None)
    again = commenter.client.get(path)
    assert again.status_code == 410
    assert page(again).find("h1").text == "This link was already used"


class PastSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 8 * 24 * 3600


def test_an_expired_link_shows_nothing(app: Flask, mailbox, commenter: Commenter) -> None:
    seed(app)
    ask(commenter.client, SAM)
    path = data_link(mailbox, SAM)
    with app.app_context():
        claims = tokens.serializer("data").loads(path.split("/")[-1])
        old = tokens.serializer("data", signer=PastSigner).dumps(claims)
    response = commenter.client.get(f"/your-data/{old}")
    assert response.status_code == 410
    assert page(response).find("h1").text == "This link has expired"
    assert SAM not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "forge",
    [
        lambda app, path: path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"),
        # A signed link of another purpose carrying a digest is still refused.
        lambda app, path: "/your-data/" + tokens.make("confirm", digest=email_digest(SAM)),
        lambda app, path: "/your-data/garbage",
    ],
    ids=["altered", "other-purpose", "garbage"],
)
def test_a_forged_link_shows_nothing_and_erases_nothing(
    app: Flask, mailbox, commenter: Commenter, forge
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    with app.test_request_context():
        path = forge(app, data_link(mailbox, SAM))
    response = commenter.client.get(path)
    assert response.status_code == 400 and SAM not in response.get_data(as_text=True)
    token = csrf_token(commenter.client.get("/your-data/").get_data(as_text=True))
    erase = {"csrf_token": token, "text": "remove", "confirm": "y"}
    assert commenter.client.post(f"{path}/erase", data=erase).status_code == 400
    assert len(comments_in_db(app)) == 3


# --- the limits that stop the form from flooding an inbox ---


@pytest.fixture
def limited(app_with: Callable[..., Flask], smtp: SmtpServer) -> Flask:
    return app_with(
        RATELIMIT_ENABLED=True,
        DATA_REQUEST_RATE_LIMIT="2 per hour",
        DATA_REQUESTS_PER_ADDRESS=2,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
    )


def browser_at(app: Flask, ip: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def test_requests_from_one_network_are_limited(limited: Flask, smtp: SmtpServer) -> None:
    client = browser_at(limited, "192.0.2.30")
    assert ask(client, "not an address").status_code == 400  # sent back: costs nothing
    assert ask(client, "a@example.org").status_code == 200
    assert ask(client, "b@example.org").status_code == 200
    refused = ask(client, "c@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in page(refused).find("div", cls="form-errors").text
    assert smtp.to("c@example.org") == []
    assert ask(browser_at(limited, "192.0.2.31"), "c@example.org").status_code == 200


def test_one_address_gets_few_links_a_day_whoever_asks(limited: Flask, smtp: SmtpServer) -> None:
    answers = [
        visible(ask(browser_at(limited, f"192.0.2.{40 + n}"), "target@example.org"))
        for n in range(4)
    ]
    assert len(set(answers)) == 1 and SENT in answers[0]
    assert len(smtp.to("target@example.org")) == 2


def test_erasing_finds_mail_about_a_comment_whose_address_an_editor_corrected(
    app: Flask, mailbox: SmtpServer, editor: Editor
) -> None:
    from tests.admin.test_queue import save_edit

    Commenter(app.test_client()).post(email="sam@exmaple.net", comment="About my relapse.")
    Commenter(app.test_client()).post(email=OTHER, comment="Someone else's words.")
    assert save_edit(editor, comments_in_db(app)[0].id, email=SAM).status_code == 302
    assert erase_as_editor(editor, "remove").status_code == 303
    with app.app_context():
        bodies = [m.body for m in db.session.scalars(select(OutboxMail))]
    assert any("Someone else's words." in body for body in bodies)
    assert not any("About my relapse" in body for body in bodies)
