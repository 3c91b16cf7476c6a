"""The email field is optional by default: a commenter decides whether to give one, is told
what it is for, and every check that used it works without it."""

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Comment, CommentStatus
from tests.support.html_page import comment_form, form_errors, page
from tests.support.people import Commenter
from tests.support.site import set_discussion

TYPED = {"author": "Robin", "comment": "Day three without using. Thank you for this."}


def _stored(app: Flask) -> list[Comment]:
    with app.app_context():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        db.session.expunge_all()
        return list(rows)


def test_the_field_says_it_is_optional_and_what_it_is_for(commenter: Commenter) -> None:
    form = comment_form(page(commenter.article()))
    email = form.by_id("email")
    assert "required" not in email.attrs
    note = form.by_id("email-notes").text
    assert note.startswith("Optional.") and "Never shown" in note
    assert form.by_id("author-notes").text == "A first name or a nickname is fine."
    assert "author-notes" in form.by_id("author").attrs["aria-describedby"].split()
    assert "*" not in form.find("div", cls="comment-form-email").text


def test_a_comment_without_an_email_is_stored_and_held_as_usual(
    app: Flask, commenter: Commenter
) -> None:
    response = commenter.post(**TYPED, email="")
    assert response.status_code == 303
    (comment,) = _stored(app)
    assert (comment.author_name, comment.author_email) == ("Robin", "")
    assert comment.status == CommentStatus.PENDING


def test_asking_for_reply_mail_without_an_address_comes_back_with_everything_typed(
    app: Flask, mailbox
) -> None:
    commenter = Commenter(app.test_client())
    form = comment_form(page(commenter.article()))
    assert "tell you about replies" in form.by_id("email-notes").text
    response = commenter.post(**TYPED, email="", notify="y")
    doc = page(commenter.sent_back(response))
    assert "please add your email address above, or untick this box" in form_errors(doc)
    assert comment_form(doc).by_id("comment").text == TYPED["comment"]
    assert _stored(app) == []


def test_when_the_site_requires_an_email_it_says_so_and_refuses_without(
    app: Flask, commenter: Commenter
) -> None:
    set_discussion(app, require_email=True)
    form = comment_form(page(commenter.article()))
    assert "required" in form.by_id("email").attrs
    assert not form.by_id("email-notes").text.startswith("Optional")
    response = commenter.post(**TYPED, email="")
    assert "Please enter your email address." in form_errors(page(commenter.sent_back(response)))
    assert _stored(app) == []


def test_no_address_vouches_for_another_comment_without_one(app: Flask) -> None:
    # "Previously approved" trusts an address this browser posted under; an empty one is no
    # address, so an approved anonymous comment never approves the next.
    set_discussion(app, previous_approved=True, manual_approval=False)
    commenter = Commenter(app.test_client())
    commenter.post(**TYPED, email="")
    with app.app_context():
        first = db.session.scalar(select(Comment))
        first.status = CommentStatus.APPROVED
        db.session.commit()
    commenter.post(author="Robin", comment="A second comment, later on.", email="")
    assert [c.status for c in _stored(app)] == [CommentStatus.APPROVED, CommentStatus.PENDING]
