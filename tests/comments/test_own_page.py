"""A commenter's private link to their own comment, acting as the commenter: the link on
the preview, the page's state and text, changing it, and withdrawing it."""

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import inspect, select, text

from cms.extensions import db
from cms.models import Comment, CommentStatus, OutboxMail, utcnow
from tests.mail.test_notifications import SAM, body, subscribe
from tests.support.html_page import page, parse_html
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import HEROIN, audit_rows, comments_in_db, set_discussion

WORDS = "My sister's name is Quillon and she found me that night."
_LINK = re.compile(r'href="(/your-comment/[^"/]+/)"')


def own_link(commenter: Commenter) -> str:
    """Return the private link the commenter's pending preview shows."""
    [link] = _LINK.findall(commenter.article().get_data(as_text=True))
    return link


def post_and_link(commenter: Commenter, **fields: object) -> str:
    assert commenter.post(comment=WORDS, **fields).status_code == 303
    return own_link(commenter)


def press(commenter: Commenter, link: str, action: str, **fields: str):
    token = csrf_token(commenter.client.get(link).get_data(as_text=True))
    return commenter.client.post(link + action, data={"csrf_token": token, **fields})


def _approve(app: Flask, minutes_ago: int = 0) -> None:
    with app.app_context():
        comment = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
        comment.status = CommentStatus.APPROVED
        comment.created_at = utcnow() - timedelta(minutes=minutes_ago)
        db.session.commit()


def test_the_pending_preview_gives_the_link_and_the_page_shows_state_and_text(
    app: Flask, commenter: Commenter, reader: Commenter
) -> None:
    link = post_and_link(commenter)
    assert link not in reader.article().get_data(as_text=True)
    response = reader.client.get(link)  # the link alone is the key, in any browser
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    shown = page(response)
    assert "It is waiting for an editor" in shown.text and WORDS in shown.text
    assert "sam@example.net" not in response.get_data(as_text=True)


def test_changing_a_pending_comment(app: Flask, commenter: Commenter) -> None:
    link = post_and_link(commenter)
    response = press(commenter, link, "edit", comment="Shorter now.")
    assert response.status_code == 303
    assert "Your change is saved." in commenter.client.get(link).get_data(as_text=True)
    [stored] = comments_in_db(app)
    assert stored.content_html == "<p>Shorter now.</p>"
    assert ("author-edit", "pending", "pending", "") in audit_rows(
        app, fields=("action", "from_status", "to_status", "detail")
    )


def test_a_change_to_a_published_comment_goes_back_to_the_queue_and_says_so(
    app: Flask, commenter: Commenter, reader: Commenter
) -> None:
    link = post_and_link(commenter)
    _approve(app)
    press(commenter, link, "edit", comment="Changed after publishing.")
    after = commenter.client.get(link).get_data(as_text=True)
    assert "is waiting for them again" in after
    assert comments_in_db(app)[0].status == CommentStatus.PENDING
    assert "Changed after publishing." not in reader.article().get_data(as_text=True)
    assert ("author-edit", "approved", "pending", None) in audit_rows(
        app, fields=("action", "from_status", "to_status", "user_id")
    )


def test_without_moderation_a_change_stays_published(app: Flask, commenter: Commenter) -> None:
    link = post_and_link(commenter)
    set_discussion(app, manual_approval=False)
    _approve(app)
    press(commenter, link, "edit", comment="Still published.")
    assert comments_in_db(app)[0].status == CommentStatus.APPROVED


def test_after_the_window_it_can_no_longer_be_changed_but_keeps_the_text(
    app: Flask, commenter: Commenter
) -> None:
    link = post_and_link(commenter)
    _approve(app, minutes_ago=16)
    shown = commenter.client.get(link).get_data(as_text=True)
    assert "Save my change" not in shown and "Withdraw my comment" in shown
    response = press(commenter, link, "edit", comment="Too late, but kept.")
    assert response.status_code == 409
    assert "Too late, but kept." in response.get_data(as_text=True)
    assert comments_in_db(app)[0].content_html != "<p>Too late, but kept.</p>"


def _all_text(app: Flask) -> str:
    """Every text value in every table, outbox bodies decrypted, as one string."""
    with app.app_context():
        found = []
        for table in inspect(db.engine).get_table_names():
            for row in db.session.execute(text(f'SELECT * FROM "{table}"')):
                found += [str(v) for v in row if isinstance(v, str)]
        found += [m.body + m.subject for m in db.session.scalars(select(OutboxMail))]
        return "\n".join(found)


def test_withdrawing_erases_it_from_every_table_and_the_outbox(
    app: Flask, mailbox, commenter: Commenter, reader: Commenter
) -> None:
    link = post_and_link(commenter, author="Dana Quill", url="https://dana.example.org")
    assert "Quillon" in _all_text(app)  # the editors' notice holds the words
    response = press(commenter, link, "withdraw")
    assert response.status_code == 200
    assert "Your comment is withdrawn" in page(response).text
    everything = _all_text(app)
    for trace in ("Quillon", "Dana Quill", SAM, "dana.example.org"):
        assert trace not in everything, trace
    assert comments_in_db(app) == []
    assert commenter.client.get(link).status_code == 410


def test_with_replies_under_it_a_placeholder_keeps_the_thread(
    app: Flask, commenter: Commenter, reader: Commenter, editor: Editor
) -> None:
    link = post_and_link(commenter, author="Dana Quill")
    _approve(app)
    [parent] = comments_in_db(app)
    reader.post(comment="I'm glad she was there.", author="Kai", comment_parent=parent.id)
    editor.act(comments_in_db(app)[-1].id, "approve")
    press(commenter, link, "withdraw")
    stored = comments_in_db(app)[0]
    assert (stored.author_name, stored.author_email, stored.content_html) == ("", "", "")
    assert stored.withdrawn_at is not None and stored.author_ip == ""
    thread = page(reader.article()).by_id(f"comment-{parent.id}")
    assert "Withdrawn by its author." in thread.text and "glad she was there" in thread.text
    assert "Dana Quill" not in thread.text and "Quillon" not in thread.text
    feed = reader.client.get(f"/{HEROIN}/feed/").get_data(as_text=True)
    assert "Withdrawn" not in feed and "glad she was there" in feed
    assert "You withdrew this comment" in commenter.client.get(link).get_data(as_text=True)


@pytest.mark.parametrize("change", ["cut", "altered"])
def test_a_broken_link_says_so_plainly(commenter: Commenter, change: str) -> None:
    link = post_and_link(commenter)
    broken = (
        link[:-8] + "/" if change == "cut" else link.replace("/your-comment/", "/your-comment/x")
    )
    response = commenter.client.get(broken)
    assert response.status_code == 400
    assert "This link does not work" in parse_html(response.get_data(as_text=True)).text


def test_published_at_once_the_link_comes_with_the_thank_you(
    app: Flask, commenter: Commenter
) -> None:
    set_discussion(app, manual_approval=False)
    response = commenter.post(comment=WORDS, follow=True)
    shown = response.get_data(as_text=True)
    assert "your comment is published" in shown and _LINK.search(shown)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_confirmed_address_gets_the_link_by_mail_and_a_typed_one_does_not(
    app: Flask, mailbox, commenter: Commenter
) -> None:
    other = Commenter(app.test_client())
    other.post(comment=WORDS, email="someone@example.org")
    assert [m["Subject"] for m in mailbox.to("someone@example.org")] == []
    subscribe(commenter, mailbox)
    commenter.post(comment="A second one.")
    [message] = [m for m in mailbox.to(SAM) if "link to your comment" in m["Subject"]]
    assert "/your-comment/" in body(message) and "second one" not in body(message)


DANGER = "I can't do this anymore. I just want to die tonight."


def test_a_change_that_signals_danger_is_held_flagged_and_editors_are_told(
    app: Flask, mailbox, commenter: Commenter, reader: Commenter
) -> None:
    set_discussion(app, manual_approval=False)
    link = post_and_link(commenter)
    _approve(app)
    press(commenter, link, "edit", comment=DANGER)
    [stored] = comments_in_db(app)
    assert stored.status == CommentStatus.PENDING and stored.care_reason
    assert "An editor will read it before it is shown again" in (
        commenter.client.get(link).get_data(as_text=True)
    )
    assert "want to die" not in reader.article().get_data(as_text=True)
    assert ("author-edit", "approved", "pending", "needs care") in audit_rows(
        app, fields=("action", "from_status", "to_status", "detail")
    )
    with app.app_context():
        subjects = [m.subject for m in db.session.scalars(select(OutboxMail))]
    assert any("needs attention soon" in subject for subject in subjects), subjects


def test_a_change_the_rules_would_hold_goes_back_to_the_queue_not_to_spam(
    app: Flask, commenter: Commenter
) -> None:
    set_discussion(app, manual_approval=False, disallowed_words=["casino"])
    link = post_and_link(commenter)
    _approve(app)
    press(commenter, link, "edit", comment="Now with a casino link.")
    [stored] = comments_in_db(app)
    assert stored.status == CommentStatus.PENDING
    assert stored.held_reason == 'disallowed word "casino"'


def test_withdrawing_a_flagged_comment_leaves_no_flag_behind(
    app: Flask, commenter: Commenter
) -> None:
    assert commenter.post(comment=DANGER).status_code == 303
    flagged = comments_in_db(app)[0].id
    press(commenter, own_link(commenter), "withdraw")
    details = [row[-1] for row in audit_rows(app, flagged)]
    assert details and not any("care" in detail for detail in details), details
