"""Editing a comment's text and author fields, and replying to a comment from the queue."""

import pytest
from flask import Flask

from cms.html.sanitize import clean_comment
from cms.html.text import editable_text
from cms.models import CommentStatus
from tests.admin.test_queue import post_from_queue, query_of, queue, store, stored
from tests.support.html_page import Element, page
from tests.support.people import Commenter, Editor
from tests.support.site import (
    APPROVED,
    EDITOR_EMAIL,
    PENDING,
    SPAM,
    TRASH,
    audit_rows,
    comments_in_db,
    user_id,
)

AUDIT_ROW = ("comment_id", "action", "from_status", "to_status", "user_id", "detail")


# --- Editing ---


def edit_url(comment_id: int, **args: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/admin/comments/{comment_id}/edit" + (f"?{query}" if query else "")


def save_edit(editor: Editor, comment_id: int, at: str | None = None, **fields: str):
    """Open the edit page (at ``at``), change the given fields and save, as an editor would."""
    url = at or edit_url(comment_id)
    form = page(editor.client.get(url))
    data = {
        "comment": form.by_id("comment").raw_text,
        "author": form.by_id("author").attrs["value"],
        "email": form.by_id("email").attrs["value"],
        "url": form.by_id("url").attrs.get("value", ""),
        "csrf_token": _token(form),
        **fields,
    }
    return editor.client.post(url, data=data)


def _token(form: Element) -> str:
    return next(
        e.attrs["value"] for e in form.find_all("input") if e.attrs.get("name") == "csrf_token"
    )


def test_edit_page_shows_the_comment_as_editable_text_and_its_author_fields(
    app: Flask, editor: Editor
) -> None:
    comment_id = store(
        app,
        "I <b>made it</b>.\nOne line on.\n\n<script>x</script>",
        author_name="Ana",
        author_email="ana@example.net",
        author_url="https://ana.example",
    )
    edit = page(editor.client.get(edit_url(comment_id)))
    assert edit.by_id("comment").raw_text.strip() == (
        "I <b>made it</b>.\nOne line on.\n\n&lt;script&gt;x&lt;/script&gt;"
    )
    assert edit.by_id("author").attrs["value"] == "Ana"
    assert edit.by_id("email").attrs["value"] == "ana@example.net"
    assert edit.by_id("url").attrs["value"] == "https://ana.example"


@pytest.mark.parametrize(
    "typed",
    [
        "Plain words",
        "Two\nlines\n\nand a paragraph",
        "I <b>made</b> <em>it</em> & 3 < 4 <script>alert(1)</script>",
        "<blockquote>quoted\n\nstill</blockquote>after",
        "see http://example.com/?a=1&b=2 and <a href='https://e.org' onclick=x>y</a>",
        "&lt;b&gt;literal&lt;/b&gt; <img src=x onerror=alert(1)> <p>typed p</p>",
    ],
)
def test_editable_text_saved_unchanged_gives_back_the_same_stored_html(typed: str) -> None:
    stored_html = clean_comment(typed)
    assert clean_comment(editable_text(stored_html)) == stored_html


def test_saving_an_edit_stores_the_new_fields_and_records_which_changed(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    comment_id = store(app, "Old words", APPROVED)
    response = save_edit(
        editor, comment_id, comment="New *words*\n\nmore", author="Pat R.", url="pat.example"
    )
    assert response.status_code == 302
    comment = stored(app, comment_id)
    assert comment.content_html == "<p>New *words*</p>\n<p>more</p>"
    assert (comment.author_name, comment.author_url) == ("Pat R.", "https://pat.example")
    assert comment.author_email == "pat@example.net"
    me = user_id(app, EDITOR_EMAIL)
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (comment_id, "edit", "approved", "approved", me, "changed text, name, website")
    ]
    assert "New *words*" in reader.article().get_data(as_text=True)
    assert (
        f"Comment {comment_id} updated."
        in page(editor.client.get(response.headers["Location"])).text
    )


def test_an_edited_email_is_named_in_the_record_but_neither_address_is(
    app: Flask, editor: Editor
) -> None:
    comment_id = store(app, author_email="old.private@example.net")
    save_edit(editor, comment_id, email="new.private@example.net")
    assert stored(app, comment_id).author_email == "new.private@example.net"
    [(_, action, *_, detail)] = audit_rows(app, fields=AUDIT_ROW)
    assert (action, detail) == ("edit", "changed email")


def test_saving_an_edit_without_changes_records_nothing(app: Flask, editor: Editor) -> None:
    comment_id = store(app, "Same <b>words</b> & more\n\nsecond")
    before = stored(app, comment_id).content_html
    response = save_edit(editor, comment_id)
    assert stored(app, comment_id).content_html == before
    assert audit_rows(app, fields=AUDIT_ROW) == []
    assert "was not changed" in page(editor.client.get(response.headers["Location"])).text


@pytest.mark.parametrize(
    ("hostile", "kept", "gone"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ('<img src=x onerror="alert(1)">', "&lt;img", "<img"),
        ('<a href="javascript:alert(1)">click</a>', "click", "javascript:"),
        ('<b onmouseover="alert(1)">bold</b>', "<b>bold</b>", "onmouseover"),
    ],
)
def test_edited_text_is_sanitized_like_a_visitors_comment(
    app: Flask, editor: Editor, hostile: str, kept: str, gone: str
) -> None:
    comment_id = store(app)
    save_edit(editor, comment_id, comment=hostile)
    html = stored(app, comment_id).content_html
    assert kept in html and gone not in html
    assert gone not in queue(editor).get_data(as_text=True).split("<tbody>")[1]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("comment", "", "Please type your comment."),
        ("author", "   ", "Please enter your name."),
        ("email", "not-an-address", "Please enter a valid email address, like name@example.com."),
        (
            "url",
            "javascript:alert(1)",
            "Enter a website address starting with http:// or https://.",
        ),
        ("author", "n" * 246, "Name must be at most 245 characters."),
    ],
)
def test_invalid_edit_is_refused_with_the_reason_and_keeps_what_was_typed(
    app: Flask, editor: Editor, field: str, value: str, message: str
) -> None:
    comment_id = store(app, "Original")
    before = stored(app, comment_id)
    typed = {"comment": "Changed text I typed", "author": "Changed name", field: value}
    response = save_edit(editor, comment_id, **typed)
    assert response.status_code == 400
    form = page(response)
    assert message in form.find("div", "form-errors").text
    assert form.by_id(field).attrs["aria-invalid"] == "true"
    if field != "comment":
        assert form.by_id("comment").raw_text.strip() == "Changed text I typed"
    if field != "author":
        assert form.by_id("author").attrs["value"] == "Changed name"
    after = stored(app, comment_id)
    assert (after.content_html, after.author_name) == (before.content_html, before.author_name)
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_edit_returns_to_the_queue_as_the_editor_left_it(app: Flask, editor: Editor) -> None:
    comment_id = store(app, "needle")
    link = page(queue(editor, q="needle")).by_id(f"comment-{comment_id}").find("a", "action-edit")
    assert query_of(link.attrs["href"]) == {"status": "pending", "q": "needle"}
    response = save_edit(editor, comment_id, at=link.attrs["href"], author="Pat Q.")
    assert query_of(response.headers["Location"]) == {"status": "pending", "q": "needle"}


def test_edit_of_an_unknown_comment_is_not_found(editor: Editor) -> None:
    assert editor.client.get(edit_url(999)).status_code == 404


def test_edit_page_is_for_staff_only(app: Flask, client) -> None:
    comment_id = store(app)
    response = client.get(edit_url(comment_id))
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_moderator_may_edit_a_comment(app: Flask, moderator: Editor) -> None:
    comment_id = store(app)
    assert save_edit(moderator, comment_id, author="Pat M.").status_code == 302
    assert stored(app, comment_id).author_name == "Pat M."


# --- Replying from the queue ---


def reply(editor: Editor, comment_id: int, text: str, **args: str):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    url = f"/admin/comments/{comment_id}/reply" + (f"?{query}" if query else "")
    return post_from_queue(editor, url, comment=text)


def test_reply_from_the_queue_is_published_at_once_under_the_comment(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    parent = store(app, "Is it normal to feel this way?", APPROVED)
    response = reply(editor, parent, "Yes. You are not alone <script>x</script>")
    assert response.status_code == 302
    answer = comments_in_db(app)[-1]
    me = user_id(app, EDITOR_EMAIL)
    assert (answer.status, answer.parent_id, answer.user_id) == (APPROVED, parent, me)
    assert (answer.author_name, answer.author_email) == ("Eddie Editor", EDITOR_EMAIL)
    assert "&lt;script&gt;" in answer.content_html
    thread = page(reader.article()).by_id(f"comment-{parent}")
    assert "Yes. You are not alone" in thread.by_id(f"comment-{answer.id}").text
    assert audit_rows(app, fields=AUDIT_ROW) == [(answer.id, "reply", "", "approved", me, "")]


def test_reply_to_a_pending_comment_approves_it_too(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    parent = store(app, "Please help, day one again")
    reply(editor, parent, "We are here with you.")
    answer = comments_in_db(app)[-1]
    assert stored(app, parent).status == APPROVED
    public = reader.article().get_data(as_text=True)
    assert "Please help, day one again" in public and "We are here with you." in public
    me = user_id(app, EDITOR_EMAIL)
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (parent, "approve", "pending", "approved", me, ""),
        (answer.id, "reply", "", "approved", me, ""),
    ]
    flashed = page(editor.client.get("/admin/comments?status=approved")).find("div", "flashes")
    assert f"Comment {parent} approved and replied to" in flashed.text


@pytest.mark.parametrize("status", [SPAM, TRASH])
def test_reply_to_spam_or_trash_is_refused(
    app: Flask, editor: Editor, status: CommentStatus
) -> None:
    parent = store(app, status=status)
    reply(editor, parent, "Hello")
    assert len(comments_in_db(app)) == 1
    assert stored(app, parent).status == status
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_empty_reply_is_refused_and_stores_nothing(app: Flask, editor: Editor) -> None:
    parent = store(app)
    response = reply(editor, parent, "   ", q="Pat")
    assert query_of(response.headers["Location"]) == {"status": "pending", "q": "Pat"}
    assert len(comments_in_db(app)) == 1
    assert stored(app, parent).status == PENDING
    flashed = page(editor.client.get(response.headers["Location"])).find("div", "flashes")
    assert (
        f"Your reply to comment {parent} was not posted: Please type your comment." in flashed.text
    )
