"""The commenter's paths: the form, posting, mistakes, replies, the saved-name cookie."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

import pytest
from flask import Flask

from cms.models import CommentStatus
from tests.admin.test_settings import send
from tests.support.html_page import Element, comment_form, form_errors, form_values, page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import (
    HEROIN,
    OPIOID,
    article_id,
    comments_in_db,
    last_comment_id,
    set_discussion,
)

AWAITING = "Your comment is awaiting moderation."
PARENT_GONE = "The comment you are replying to is not available"
SAVE_LABEL = "Save my name, email, and website in this browser for the next time I comment."

# What a visitor types into the form, used wherever the exact text must come back to them.
TYPED = {
    "author": "Sam Rivera",
    "email": "sam@example.net",
    "url": "https://example.org/sam",
    "comment": "Day 12 clean.\r\n\r\nThank you for writing this <3 & for the links.",
}


# --- what the commenter sees in the form ---


def own_reply_link(item: Element) -> Element | None:
    """Return the Reply link of this comment itself, not of a reply nested inside it."""
    body = next(c for c in item.children if isinstance(c, Element) and c.tag == "article")
    return body.find("a", cls="comment-reply-link")


def parent_item(item: Element) -> Element | None:
    """Return the <li> of the comment this one is shown nested under, if any."""
    container = item.parent
    if container is None or "children" not in container.classes:
        return None
    return container.parent


# --- people doing things ---


def post_raw(client, slug: str, data: dict[str, str]):
    # Past the second look, as Commenter.post is (tests/support/people.py says why).
    return client.post(f"/{slug}/comments", data={"second_look": "keep", **data})


def token_of(visitor: Commenter, slug: str = HEROIN) -> str:
    return csrf_token(visitor.article(slug).get_data(as_text=True))


def post_approved(
    app: Flask, commenter: Commenter, editor: Editor, slug: str = HEROIN, **fields: object
) -> int:
    """Post a comment and have the editor approve it; return its id."""
    assert commenter.post(slug, **fields).status_code == 303
    comment_id = last_comment_id(app)
    assert editor.act(comment_id, "approve").status_code == 302
    return comment_id


def build_chain(app: Flask, commenter: Commenter, editor: Editor, length: int) -> list[int]:
    """Approve a chain of replies, each answering the one before; return their ids."""
    ids: list[int] = []
    for depth in range(1, length + 1):
        parent = ids[-1] if ids else 0
        ids.append(
            post_approved(app, commenter, editor, comment=f"Depth {depth}", comment_parent=parent)
        )
    return ids


# --- the form ---


def test_article_page_has_the_comment_form_with_its_fields(commenter):
    doc = page(commenter.article())
    form = comment_form(doc)
    assert form.attrs["method"] == "post"
    # Answered in place (a preview, a second look): the page opens at the form.
    assert form.attrs["action"] == f"/{HEROIN}/comments#respond"
    names = {e.attrs.get("name") for e in form.iter() if e.tag in ("input", "textarea")}
    assert {"author", "email", "url", "comment", "comment_parent", "csrf_token"} <= names
    assert form.by_id("comment").tag == "textarea"
    assert form.by_id("comment_parent").attrs["type"] == "hidden"
    assert form.by_id("comment_parent").attrs["value"] == "0"


def test_comment_form_says_which_fields_are_required(commenter):
    notes = comment_form(page(commenter.article())).find("p", cls="comment-notes")
    assert notes is not None
    assert notes.text == "Required fields are marked *"


def test_save_my_name_box_is_offered_unticked(commenter):
    form = comment_form(page(commenter.article()))
    box = form.by_id("wp-comment-cookies-consent")
    assert box.attrs["type"] == "checkbox"
    assert "checked" not in box.attrs
    label = next(e for e in form.find_all("label") if e.attrs.get("for") == box.attrs["id"])
    assert label.text == SAVE_LABEL


# --- posting and moderation ---


def test_posted_comment_is_stored_pending_with_its_author(app, commenter):
    response = commenter.post(**TYPED)
    assert response.status_code == 303
    [comment] = comments_in_db(app)
    assert comment.status == CommentStatus.PENDING
    assert comment.article_id == article_id(app)
    assert comment.parent_id is None
    assert (comment.author_name, comment.author_email, comment.author_url) == (
        "Sam Rivera",
        "sam@example.net",
        "https://example.org/sam",
    )
    assert comment.author_ip == "127.0.0.1"
    assert "Day 12 clean." in comment.content_html


def test_posting_redirects_to_the_new_comment(app, commenter):
    response = commenter.post(**TYPED)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{HEROIN}/#comment-{last_comment_id(app)}")


def test_author_sees_own_pending_comment_marked_as_awaiting_moderation(app, commenter):
    commenter.post(**TYPED)
    item = page(commenter.article()).by_id(f"comment-{last_comment_id(app)}")
    assert item is not None
    assert AWAITING in item.text
    assert "Day 12 clean." in item.text


def test_pending_preview_says_who_sees_it_and_when_an_editor_reads_it(app, commenter):
    commenter.post(**TYPED)
    item = page(commenter.article()).by_id(f"comment-{last_comment_id(app)}")
    note = item.find("p", cls="comment-awaiting-moderation").text
    assert note == (
        "Your comment is awaiting moderation. For now only you can see it, in this browser: "
        "an editor reads it before it is shown to anyone else. "
        "An editor usually reads new comments within a day."
    )


def test_the_moderation_promise_is_the_admins_to_edit(app, commenter, admin):
    promise = "Someone reads new comments every evening, 6 to 10 pm."
    assert send(admin, moderation_promise=promise).status_code == 302
    commenter.post(**TYPED)
    item = page(commenter.article()).by_id(f"comment-{last_comment_id(app)}")
    note = item.find("p", cls="comment-awaiting-moderation").text
    assert note.endswith(f"anyone else. {promise}")


def test_pending_comment_is_hidden_from_other_readers(app, commenter, reader):
    commenter.post(**TYPED)
    doc = page(reader.article())
    assert doc.by_id(f"comment-{last_comment_id(app)}") is None
    assert "Day 12 clean." not in doc.text
    assert AWAITING not in doc.text


def test_approved_comment_is_public_without_the_moderation_marker(app, commenter, reader, editor):
    commenter.post(**TYPED)
    comment_id = last_comment_id(app)
    assert editor.act(comment_id, "approve").status_code == 302
    for visitor in (reader, commenter):
        doc = page(visitor.article())
        item = doc.by_id(f"comment-{comment_id}")
        assert item is not None
        assert "Day 12 clean." in item.text
        assert "Sam Rivera" in item.text
        assert AWAITING not in doc.text
    assert "sam@example.net" not in reader.article().get_data(as_text=True)


@pytest.mark.parametrize("action", ["spam", "trash"])
@pytest.mark.parametrize("approved_first", [False, True], ids=["from-pending", "from-approved"])
def test_spammed_or_trashed_comment_never_shows_on_the_article(
    app, commenter, reader, editor, action, approved_first
):
    commenter.post(**TYPED)
    comment_id = last_comment_id(app)
    if approved_first:
        assert editor.act(comment_id, "approve").status_code == 302
    assert editor.act(comment_id, action).status_code == 302
    for visitor in (reader, commenter):
        doc = page(visitor.article())
        assert doc.by_id(f"comment-{comment_id}") is None
        assert "Day 12 clean." not in doc.text


# --- replies to something that may not be answered ---


def _pending(app: Flask, reader: Commenter, editor: Editor) -> int:
    reader.post(author="Alex", comment="Still waiting.")
    return last_comment_id(app)


def _spam(app: Flask, reader: Commenter, editor: Editor) -> int:
    comment_id = post_approved(app, reader, editor, author="Alex", comment="Buy pills.")
    editor.act(comment_id, "spam")
    return comment_id


def _trash(app: Flask, reader: Commenter, editor: Editor) -> int:
    comment_id = post_approved(app, reader, editor, author="Alex", comment="Binned.")
    editor.act(comment_id, "trash")
    return comment_id


def _other_article(app: Flask, reader: Commenter, editor: Editor) -> int:
    return post_approved(app, reader, editor, OPIOID, author="Alex", comment="Elsewhere.")


def _nonexistent(app: Flask, reader: Commenter, editor: Editor) -> int:
    return 9999


@pytest.mark.parametrize(
    "make_parent",
    [_pending, _spam, _trash, _other_article, _nonexistent],
    ids=["pending", "spam", "trash", "other-article", "nonexistent"],
)
def test_reply_to_a_comment_that_cannot_be_answered_is_refused(
    app, commenter, reader, editor, make_parent: Callable[..., int]
):
    parent_id = make_parent(app, reader, editor)
    before = len(comments_in_db(app))
    response = commenter.post(comment_parent=parent_id, **TYPED)
    assert len(comments_in_db(app)) == before
    doc = page(commenter.sent_back(response))
    assert PARENT_GONE in form_errors(doc)
    assert form_values(doc) == TYPED


# --- "Save my name, email, and website in this browser" ---

SAVED = {
    "author": "Zoë O'Neil & co",
    "email": "zoe@example.net",
    "url": "https://example.org/zoe",
}


def test_ticked_save_box_fills_in_the_form_on_the_next_visit(commenter):
    assert commenter.post(remember="y", **SAVED).status_code == 303
    form = comment_form(page(commenter.article()))
    assert {k: form.by_id(k).attrs["value"] for k in SAVED} == SAVED
    assert "checked" in form.by_id("wp-comment-cookies-consent").attrs
    assert form.by_id("comment").raw_text.strip() == ""


def test_saved_commenter_cookie_holds_only_name_email_and_website(commenter):
    commenter.post(remember="y", comment="Private thoughts.", **SAVED)
    cookie = commenter.client.get_cookie("comment_author")
    assert cookie is not None
    saved = parse_qs(cookie.value)
    assert saved == {k: [v] for k, v in SAVED.items()}
    assert cookie.http_only


def test_unticked_save_box_sets_no_cookie_and_prefills_nothing(commenter):
    assert commenter.post(**SAVED).status_code == 303
    assert commenter.client.get_cookie("comment_author") is None
    form = comment_form(page(commenter.article()))
    assert [form.by_id(k).attrs["value"] for k in SAVED] == ["", "", ""]
    assert "checked" not in form.by_id("wp-comment-cookies-consent").attrs


def test_unticked_save_box_forgets_a_previously_saved_commenter(commenter):
    commenter.post(remember="y", **SAVED)
    assert commenter.client.get_cookie("comment_author") is not None
    response = commenter.post(comment="Thanks again.", **SAVED)
    assert response.status_code == 303
    assert commenter.client.get_cookie("comment_author") is None
    form = comment_form(page(commenter.article()))
    assert [form.by_id(k).attrs["value"] for k in SAVED] == ["", "", ""]
    assert "checked" not in form.by_id("wp-comment-cookies-consent").attrs


def test_a_refused_comment_does_not_change_the_saved_commenter(commenter):
    commenter.post(remember="y", **SAVED)
    commenter.sent_back(commenter.post(remember="y", **{**SAVED, "author": ""}))
    saved = parse_qs(commenter.client.get_cookie("comment_author").value)
    assert saved["author"] == [SAVED["author"]]


# --- replies and threading ---


def test_approved_comment_has_a_reply_link_to_the_form(app, commenter, reader, editor):
    comment_id = post_approved(app, commenter, editor, **TYPED)
    link = own_reply_link(page(reader.article()).by_id(f"comment-{comment_id}"))
    assert link is not None
    assert link.attrs["href"] == f"/{HEROIN}/?replytocom={comment_id}#respond"
    assert link.text == "Reply"


def test_own_pending_comment_has_no_reply_link(app, commenter):
    commenter.post(**TYPED)
    item = page(commenter.article()).by_id(f"comment-{last_comment_id(app)}")
    assert own_reply_link(item) is None


def test_following_a_reply_link_sets_up_the_form_to_answer_that_comment(
    app, commenter, reader, editor
):
    comment_id = post_approved(app, commenter, editor, **TYPED)
    doc = page(reader.article(replytocom=comment_id))
    title = doc.by_id("reply-title")
    assert "Replying to Sam Rivera" in title.text
    cancel = doc.by_id("cancel-comment-reply-link")
    assert cancel.text == "Cancel reply"
    assert cancel.attrs["href"] == f"/{HEROIN}/#respond"
    assert comment_form(doc).by_id("comment_parent").attrs["value"] == str(comment_id)


def test_reply_link_to_an_unapproved_comment_leaves_a_plain_form(app, commenter, reader):
    commenter.post(**TYPED)
    doc = page(reader.article(replytocom=last_comment_id(app)))
    assert "Leave a Reply" in doc.by_id("reply-title").text
    assert doc.by_id("cancel-comment-reply-link") is None
    assert comment_form(doc).by_id("comment_parent").attrs["value"] == "0"


def test_reply_is_stored_under_its_parent_and_shown_nested_once_approved(
    app, commenter, reader, editor
):
    parent_id = post_approved(app, commenter, editor, **TYPED)
    response = reader.post(author="Alex", comment="Same here.", comment_parent=parent_id)
    assert response.status_code == 303
    reply = comments_in_db(app)[-1]
    assert reply.parent_id == parent_id
    assert reply.status == CommentStatus.PENDING
    assert editor.act(reply.id, "approve").status_code == 302
    item = page(commenter.article()).by_id(f"comment-{reply.id}")
    assert item is not None
    assert item.parent.tag == "ol" and "children" in item.parent.classes
    assert parent_item(item).attrs["id"] == f"comment-{parent_id}"
    assert "depth-2" in item.classes


def test_only_comments_above_the_depth_limit_have_a_reply_link(app, commenter, reader, editor):
    ids = build_chain(app, commenter, editor, 5)
    doc = page(reader.article())
    for depth, comment_id in enumerate(ids, start=1):
        item = doc.by_id(f"comment-{comment_id}")
        assert f"depth-{depth}" in item.classes
        assert (own_reply_link(item) is not None) == (depth < 5), f"depth {depth}"


def test_reply_to_the_deepest_comment_is_shown_beside_it_not_deeper(app, commenter, reader, editor):
    ids = build_chain(app, commenter, editor, 5)
    response = reader.post(author="Alex", comment="Past the limit.", comment_parent=ids[-1])
    assert response.status_code == 303
    reply = comments_in_db(app)[-1]
    assert reply.parent_id == ids[-1]
    editor.act(reply.id, "approve")
    item = page(reader.article()).by_id(f"comment-{reply.id}")
    assert "depth-5" in item.classes
    assert not any(c.startswith("depth-6") for c in item.classes)
    assert parent_item(item).attrs["id"] == f"comment-{ids[3]}"
    assert own_reply_link(item) is None


def test_thread_depth_is_a_setting(app, commenter, reader, editor):
    set_discussion(app, thread_depth=2)
    first, second = build_chain(app, commenter, editor, 2)
    reply_id = post_approved(app, reader, editor, comment="Third.", comment_parent=second)
    doc = page(reader.article())
    assert own_reply_link(doc.by_id(f"comment-{first}")) is not None
    assert own_reply_link(doc.by_id(f"comment-{second}")) is None
    item = doc.by_id(f"comment-{reply_id}")
    assert "depth-2" in item.classes
    assert parent_item(item).attrs["id"] == f"comment-{first}"


def test_comment_form_of_one_article_does_not_post_to_another(app, commenter):
    assert commenter.post(OPIOID, **TYPED).status_code == 303
    assert comments_in_db(app)[-1].article_id == article_id(app, OPIOID)
    assert "Day 12" not in page(commenter.article(HEROIN)).text
