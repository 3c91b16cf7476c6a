"""Who is speaking: staff replies carry their role, the article's author "Author", and no
visitor can take either by the name they type."""

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, Comment, CommentStatus
from tests.admin.test_comment_edit import reply
from tests.admin.test_queue import store
from tests.support.html_page import page
from tests.support.people import Commenter, Editor
from tests.support.site import EDITOR_EMAIL, HEROIN, comments_in_db, user_id


def _badge(reader: Commenter, comment_id: int) -> tuple[str | None, set[str]]:
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    # Its own line, not a reply's nested under it.
    badge = item.find("footer", cls="comment-meta").find("span", cls="comment-badge")
    return (badge.text if badge else None), item.classes


def test_a_staff_reply_names_its_role(app: Flask, editor: Editor, reader: Commenter) -> None:
    parent = store(app, "Is it normal to feel this way?", CommentStatus.APPROVED)
    reply(editor, parent, "Yes. You are not alone.")
    answer = comments_in_db(app)[-1]
    text, classes = _badge(reader, answer.id)
    # Read aloud as "Eddie Editor (Editor)": the brackets are for screen readers only.
    assert text == "(Editor)" and "byuser" in classes and "bypostauthor" not in classes
    text, classes = _badge(reader, parent)
    assert text is None and "byuser" not in classes


def test_the_articles_author_is_named_author(app: Flask, editor: Editor, reader: Commenter) -> None:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        article.author_id = user_id(app, EDITOR_EMAIL)
        db.session.commit()
    parent = store(app, "Thank you for writing this.", CommentStatus.APPROVED)
    reply(editor, parent, "Thank you for reading it.")
    text, classes = _badge(reader, comments_in_db(app)[-1].id)
    assert text == "(Author)" and {"byuser", "bypostauthor"} <= classes


def test_a_visitor_cannot_take_a_badge_by_name(app: Flask, reader: Commenter) -> None:
    comment_id = store(app, "Just me.", CommentStatus.APPROVED)
    with app.app_context():
        db.session.get(Comment, comment_id).author_name = "Editor"
        db.session.commit()
    text, classes = _badge(reader, comment_id)
    assert text is None and "byuser" not in classes
