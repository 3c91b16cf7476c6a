"""Preview before posting: the comment shown exactly as it will appear once approved, the
form filled as typed, and nothing stored, checked for floods, or mailed."""

from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.html.sanitize import clean_comment
from cms.models import AuditEvent, Comment, OutboxMail
from tests.support.html_page import comment_form, form_errors, form_values, page, parse_html
from tests.support.people import Commenter, Editor
from tests.support.site import comments_in_db, set_discussion

TYPED = {
    "author": "Sam Rivera",
    "email": "sam@example.net",
    "url": "https://example.org/sam",
    "comment": "Day 12.\r\n\r\n<b>Thank you</b> <script>alert(1)</script> & see https://example.org/x",
}


def _rows(app: Flask) -> list[int]:
    with app.app_context():
        return [
            db.session.scalar(select(func.count()).select_from(t))
            for t in (Comment, AuditEvent, OutboxMail)
        ]


def test_the_form_offers_preview_beside_post(commenter: Commenter) -> None:
    form = comment_form(page(commenter.article()))
    buttons = [b.text for b in form.find_all("button")]
    assert buttons[:2] == ["Post Comment", "Preview"]
    assert form.by_id("preview").attrs["formaction"].endswith("/comments#comment-preview")


def test_preview_shows_the_comment_as_it_will_appear_and_stores_nothing(
    app: Flask, commenter: Commenter, mailbox
) -> None:
    before = _rows(app)
    response = commenter.post(**TYPED, preview="1")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    doc = page(response)
    shown = doc.by_id("comment-preview")
    assert "Nothing has been posted or sent yet" in shown.text
    content = shown.find("div", cls="comment-content")
    # The stored comment's own sanitizer, and its own markup: bold kept, the script as text.
    assert content.text == parse_html(clean_comment(TYPED["comment"])).text
    assert content.find("b") is not None and content.find("script") is None
    assert content.find("a").attrs["rel"] == "nofollow ugc noopener"
    assert shown.find("b", cls="comment-author").text == "Sam Rivera"
    values = form_values(comment_form(doc))
    assert {k: values[k] for k in ("author", "email", "url")} == {
        k: TYPED[k] for k in ("author", "email", "url")
    }
    assert comment_form(doc).by_id("comment").text == " ".join(TYPED["comment"].split())
    assert _rows(app) == before and not mailbox.messages


def test_posting_after_a_preview_stores_it_once(app: Flask, commenter: Commenter) -> None:
    commenter.post(**TYPED, preview="1")
    commenter.post(**TYPED, preview="1")
    assert comments_in_db(app) == []
    assert commenter.post(**TYPED).status_code == 303
    (stored,) = comments_in_db(app)
    assert stored.content_html == clean_comment(TYPED["comment"])


def test_a_preview_with_mistakes_comes_back_with_them_and_everything_typed(
    app: Flask, commenter: Commenter
) -> None:
    response = commenter.post(**{**TYPED, "author": ""}, preview="1")
    doc = page(commenter.sent_back(response))
    assert "Please enter your name." in form_errors(doc)
    assert doc.by_id("comment-preview") is None
    assert comment_form(doc).by_id("comment").text == " ".join(TYPED["comment"].split())
    assert comments_in_db(app) == []


def test_the_preview_says_when_it_will_appear(app: Flask, commenter: Commenter) -> None:
    held = page(commenter.post(**TYPED, preview="1")).by_id("comment-preview").text
    assert "once an editor approves it" in held
    set_discussion(app, manual_approval=False)
    published = page(commenter.post(**TYPED, preview="1")).by_id("comment-preview").text
    assert "once it is published" in published


def test_a_preview_is_never_shown_to_anyone_else(
    app: Flask, commenter: Commenter, reader: Commenter, editor: Editor
) -> None:
    commenter.post(**TYPED, preview="1")
    assert "Day 12." not in reader.article().get_data(as_text=True)
    assert "Day 12." not in editor.queue().get_data(as_text=True)
