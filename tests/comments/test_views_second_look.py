"""The second look, acting as the commenter: the form comes back with what was found marked,
and "Remove these and post" or "Post as written" posts it; nothing is refused."""

from flask import Flask

from cms.models import CommentStatus
from tests.support.html_page import comment_form, form_values, page
from tests.support.people import Commenter
from tests.support.site import comments_in_db

WORDS = "Thank you. If anyone wants to talk, text me on 415-555-0132 <b>any time</b>."


def _look(commenter: Commenter, **fields: object):
    return commenter.post(comment=WORDS, author="Dana Quill", second_look=None, **fields)


def test_the_form_comes_back_with_what_was_found_marked_and_nothing_stored(
    app: Flask, commenter: Commenter
) -> None:
    response = _look(commenter)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    doc = page(response)
    look = doc.by_id("second-look")
    assert "a phone number: “415-555-0132”" in look.text
    assert "“Dana Quill”, looks like a full name" in look.text
    assert [m.text for m in look.find_all("mark")] == ["415-555-0132"]
    # The marked copy is the typed text escaped, not rendered.
    assert "<b>any time</b>" in look.find("blockquote").text
    values = form_values(comment_form(doc))
    assert (values["author"], values["email"]) == ("Dana Quill", "sam@example.net")
    assert comment_form(doc).by_id("comment").text == WORDS
    assert comments_in_db(app) == []


def test_remove_these_and_post(app: Flask, commenter: Commenter) -> None:
    response = commenter.post(comment=WORDS, author="Dana Quill", second_look="remove")
    assert response.status_code == 303
    [stored] = comments_in_db(app)
    assert "415-555-0132" not in stored.content_html and "[removed]" in stored.content_html
    assert stored.author_name == "Dana" and stored.status == CommentStatus.PENDING


def test_post_as_written(app: Flask, commenter: Commenter) -> None:
    assert commenter.post(comment=WORDS, author="Dana Quill", second_look="keep").status_code == 303
    [stored] = comments_in_db(app)
    assert "415-555-0132" in stored.content_html and stored.author_name == "Dana Quill"


def test_a_comment_with_nothing_to_see_posts_at_once(app: Flask, commenter: Commenter) -> None:
    response = commenter.post(comment="Day 12, 16 mg a day, clinic at 9:00.", author="Dana",
                              second_look=None)  # fmt: skip
    assert response.status_code == 303 and len(comments_in_db(app)) == 1


def test_a_preview_shows_it_as_written_without_stopping(commenter: Commenter) -> None:
    doc = page(_look(commenter, preview="1"))
    assert doc.by_id("comment-preview") is not None and doc.by_id("second-look") is None
