"""Taking words out of a comment: which pieces, matched as the stored text holds them."""

from flask import Flask
from sqlalchemy import select

from cms.comments.redaction import REMOVED, fragments, redact
from cms.extensions import db
from cms.mail import outbox
from cms.models import Comment, OutboxMail, User
from tests.support.site import EDITOR_EMAIL, add_comment, stored_words, user_id


def test_pieces_are_one_a_line_blanks_dropped() -> None:
    assert fragments("  Quillon \n\n415-555-0132\r\n") == ["Quillon", "415-555-0132"]


def test_a_piece_with_signs_matches_the_escaped_text(app: Flask) -> None:
    comment_id = add_comment(app, "Tom & Jerry's clinic, every day.")
    with app.test_request_context():
        comment = db.session.get(Comment, comment_id)
        editor = db.session.get(User, user_id(app, EDITOR_EMAIL))
        assert redact(comment, ["Tom & Jerry's"], editor, "") == 1
        assert comment.content_html == f"<p>{REMOVED} clinic, every day.</p>"


def test_nothing_found_changes_nothing(app: Flask) -> None:
    comment_id = add_comment(app, "Just words.")
    with app.test_request_context():
        comment = db.session.get(Comment, comment_id)
        editor = db.session.get(User, user_id(app, EDITOR_EMAIL))
        assert redact(comment, ["absent"], editor, "") == 0
        assert comment.content_html == "<p>Just words.</p>"


def test_a_redacted_comment_is_found_by_its_new_words_only(app: Flask) -> None:
    comment_id = add_comment(app, "Call me on 415-555-0132 tonight.")
    before = stored_words(app, comment_id)
    with app.test_request_context():
        comment = db.session.get(Comment, comment_id)
        editor = db.session.get(User, user_id(app, EDITOR_EMAIL))
        redact(comment, ["415-555-0132"], editor, "")
        db.session.commit()
    html, digest = stored_words(app, comment_id)
    # The digest follows the text: the old words' digest no longer leads to this comment.
    assert "415-555-0132" not in html and digest != before[1]


def test_the_authors_waiting_private_link_survives_the_editors_notices_do_not(
    app: Flask, mailbox
) -> None:
    comment_id = add_comment(app, "Call me on 415-555-0132.", author_email="sam@example.net")
    with app.test_request_context():
        comment = db.session.get(Comment, comment_id)
        for to in ("sam@example.net", "editor@example.org"):
            outbox.queue(to, "A subject", "A body", comment_id=comment_id)
        db.session.flush()
        editor = db.session.get(User, user_id(app, EDITOR_EMAIL))
        redact(comment, ["415-555-0132"], editor, "")
        db.session.commit()
        left = db.session.scalars(select(OutboxMail)).all()
        assert [message.to_address for message in left] == ["sam@example.net"]
