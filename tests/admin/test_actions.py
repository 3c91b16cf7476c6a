"""The moderation queue as an editor uses it, and what each decision does to the public page."""

import re
from datetime import timedelta
from html import unescape

import pytest
from flask import Flask

from cms.models import CommentStatus
from cms.templating import date_time
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import (
    APPROVED,
    EDITOR_EMAIL,
    NOON,
    OPIOID,
    PENDING,
    SPAM,
    TRASH,
    add_comment,
    audit_rows,
    comments_in_db,
    status_of,
    user_id,
)

_ROW = re.compile(r'<tr id="comment-(\d+)"')


def rows(html: str) -> list[int]:
    """Return the ids of the comments listed in the queue, top to bottom."""
    return [int(i) for i in _ROW.findall(html)]


def row(html: str, comment_id: int) -> str:
    start = html.index(f'<tr id="comment-{comment_id}"')
    return html[start : html.index("</tr>", start)]


def paging_link(html: str, label: str) -> str:
    """Return the address of the queue's "Newer" or "Older" link."""
    match = re.search(rf'<a href="([^"]+)" rel="(?:prev|next)">{label}</a>', html)
    assert match, f"the queue has no {label} link"
    return unescape(match.group(1))


def text(html: str) -> str:
    """Return what a person reads on the page: no tags, single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def follow(editor: Editor, response) -> str:
    """Follow an action's redirect, as the browser does, and return the page's text."""
    assert response.status_code == 302
    return text(editor.client.get(response.headers["Location"]).get_data(as_text=True))


def test_queue_without_a_status_shows_pending_comments_only(app: Flask, editor: Editor) -> None:
    pending = add_comment(app, "Waiting words", PENDING)
    add_comment(app, "Public words", APPROVED)
    add_comment(app, "Junk words", SPAM, previous=PENDING)
    add_comment(app, "Binned words", TRASH, previous=PENDING)
    response = editor.queue()
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert rows(html) == [pending]
    assert "Waiting words" in html
    for other in ("Public words", "Junk words", "Binned words"):
        assert other not in html
    assert re.search(r'status=pending" aria-current="page">Pending', html)


def test_queue_lists_the_newest_comment_first(app: Flask, editor: Editor) -> None:
    middle = add_comment(app, "middle", created_at=NOON)
    newest = add_comment(app, "newest", created_at=NOON + timedelta(hours=1))
    oldest = add_comment(app, "oldest", created_at=NOON - timedelta(days=3))
    assert rows(editor.queue().get_data(as_text=True)) == [newest, middle, oldest]


def test_queue_row_shows_article_author_contact_ip_date_and_sanitized_text(
    app: Flask, commenter: Commenter, editor: Editor
) -> None:
    commenter.post(
        OPIOID,
        author="Ana Author",
        email="ana@example.net",
        url="example.com/ana",
        comment="I <b>made it</b> through. <script>alert(1)</script>",
    )
    [comment] = comments_in_db(app)
    shown = row(editor.queue().get_data(as_text=True), comment.id)
    assert "Why Relapse into Opioid Addiction Is Not the End" in shown
    assert f'href="/{OPIOID}/"' in shown
    assert "Ana Author" in shown
    assert "ana@example.net" in shown
    assert "https://example.com/ana" in shown
    assert "127.0.0.1" in shown
    assert date_time(comment.created_at) in shown
    assert "I <b>made it</b> through." in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_status_tabs_show_how_many_comments_each_status_holds(app: Flask, editor: Editor) -> None:
    for status in (PENDING, PENDING, APPROVED, SPAM, SPAM, SPAM):
        add_comment(app, status=status, previous=PENDING if status == SPAM else None)
    page = text(editor.queue().get_data(as_text=True))
    for label in ("Pending (2)", "Approved (1)", "Spam (3)", "Trash (0)"):
        assert label in page


@pytest.mark.parametrize(
    ("start", "previous", "action", "end", "public", "message"),
    [
        (PENDING, None, "approve", APPROVED, True, "approved"),
        (APPROVED, None, "unapprove", PENDING, False, "unapproved"),
        (PENDING, None, "spam", SPAM, False, "marked as spam"),
        (APPROVED, None, "spam", SPAM, False, "marked as spam"),
        (PENDING, None, "trash", TRASH, False, "moved to the trash"),
        (APPROVED, None, "trash", TRASH, False, "moved to the trash"),
        (SPAM, APPROVED, "trash", TRASH, False, "moved to the trash"),
        (SPAM, APPROVED, "restore", APPROVED, True, "restored"),
        (SPAM, PENDING, "restore", PENDING, False, "restored"),
        (TRASH, APPROVED, "restore", APPROVED, True, "restored"),
        (TRASH, PENDING, "restore", PENDING, False, "restored"),
        (TRASH, PENDING, "delete", None, False, "deleted permanently"),
        (SPAM, PENDING, "delete", None, False, "deleted permanently"),
    ],
)
def test_each_action_changes_the_stored_status_and_the_public_page(
    app: Flask,
    editor: Editor,
    reader: Commenter,
    start: CommentStatus,
    previous: CommentStatus | None,
    action: str,
    end: CommentStatus | None,
    public: bool,
    message: str,
) -> None:
    comment_id = add_comment(app, "Distinctive remark", start, previous)
    response = editor.act(comment_id, action)
    assert f"Comment {comment_id} {message}." in follow(editor, response)
    assert status_of(app, comment_id) == end
    assert ("Distinctive remark" in reader.article().get_data(as_text=True)) is public


def test_approved_comment_is_public_at_once(
    app: Flask, commenter: Commenter, reader: Commenter, editor: Editor
) -> None:
    commenter.post(comment="Straight from the heart")
    assert "Straight from the heart" not in reader.article().get_data(as_text=True)
    editor.act(comments_in_db(app)[-1].id, "approve")
    assert "Straight from the heart" in reader.article().get_data(as_text=True)


@pytest.mark.parametrize("action", ["spam", "trash"])
def test_spammed_or_trashed_comment_is_hidden_even_from_its_author(
    app: Flask, commenter: Commenter, reader: Commenter, editor: Editor, action: str
) -> None:
    commenter.post(comment="Buy cheap pills")
    assert "Buy cheap pills" in commenter.article().get_data(as_text=True)
    editor.act(comments_in_db(app)[-1].id, action)
    assert "Buy cheap pills" not in commenter.article().get_data(as_text=True)
    assert "Buy cheap pills" not in reader.article().get_data(as_text=True)


def test_each_action_leaves_a_record_of_the_editor_who_took_it(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app)
    editor.act(comment_id, "approve")
    editor.act(comment_id, "trash")
    editor_id = user_id(app, EDITOR_EMAIL)
    assert audit_rows(app, comment_id, fields=("action", "to_status", "user_id")) == [
        ("approve", "approved", editor_id),
        ("trash", "trash", editor_id),
    ]


@pytest.mark.parametrize(
    ("start", "action"),
    [(APPROVED, "approve"), (PENDING, "unapprove"), (PENDING, "restore"), (TRASH, "spam")],
)
def test_illegal_action_is_explained_and_changes_nothing(
    app: Flask, editor: Editor, start: CommentStatus, action: str
) -> None:
    comment_id = add_comment(app, status=start, previous=PENDING if start == TRASH else None)
    page = follow(editor, editor.act(comment_id, action))
    assert f"Comment {comment_id}: cannot {action} a comment that is {start.value}." in page
    assert status_of(app, comment_id) == start
    assert audit_rows(app) == []


def post_action(editor: Editor, url: str):
    token = csrf_token(editor.queue().get_data(as_text=True))
    return editor.client.post(url, data={"csrf_token": token})


def test_unknown_action_is_not_found_and_changes_nothing(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app)
    assert post_action(editor, f"/admin/comments/{comment_id}/publish").status_code == 404
    assert status_of(app, comment_id) == PENDING
    assert audit_rows(app) == []


def test_action_on_an_unknown_comment_is_not_found(app: Flask, editor: Editor) -> None:
    add_comment(app)
    assert post_action(editor, "/admin/comments/999/approve").status_code == 404
    assert audit_rows(app) == []


def test_action_url_refuses_a_get(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app)
    assert editor.client.get(f"/admin/comments/{comment_id}/approve").status_code == 405
    assert status_of(app, comment_id) == PENDING


def test_action_without_a_csrf_token_is_refused(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app)
    response = editor.client.post(f"/admin/comments/{comment_id}/approve")
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert status_of(app, comment_id) == PENDING
    assert audit_rows(app) == []


def test_each_row_has_a_checkbox_belonging_to_the_bulk_form(app: Flask, editor: Editor) -> None:
    ids = [add_comment(app), add_comment(app)]
    html = editor.queue().get_data(as_text=True)
    assert 'id="bulk-form"' in html
    for comment_id in ids:
        assert re.search(
            rf'name="ids" value="{comment_id}" form="bulk-form"', row(html, comment_id)
        )


def test_bulk_action_applies_to_every_selected_comment_and_reports_the_count(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    first = add_comment(app, "First chosen")
    second = add_comment(app, "Second chosen")
    left = add_comment(app, "Left alone")
    page = follow(editor, editor.bulk("approve", [first, second]))
    assert "2 comments approved." in page
    assert [status_of(app, i) for i in (first, second, left)] == [APPROVED, APPROVED, PENDING]
    public = reader.article().get_data(as_text=True)
    assert "First chosen" in public and "Second chosen" in public
    assert "Left alone" not in public


def test_bulk_action_counts_only_the_legal_moves_and_explains_the_rest(
    app: Flask, editor: Editor
) -> None:
    pending = add_comment(app)
    approved = add_comment(app, status=APPROVED)
    page = follow(editor, editor.bulk("approve", [pending, approved]))
    assert "1 comment approved." in page
    assert f"Comment {approved}: cannot approve a comment that is approved." in page
    assert status_of(app, pending) == APPROVED
    assert len(audit_rows(app)) == 1


def test_bulk_delete_erases_every_selected_comment(app: Flask, editor: Editor) -> None:
    ids = [add_comment(app, status=TRASH, previous=PENDING) for _ in range(3)]
    assert "3 comments deleted permanently." in follow(editor, editor.bulk("delete", ids))
    assert comments_in_db(app) == []


def test_bulk_action_with_nothing_selected_says_so_and_changes_nothing(
    app: Flask, editor: Editor
) -> None:
    comment_id = add_comment(app)
    page = follow(editor, editor.bulk("approve", []))
    assert "Choose an action and at least one comment." in page
    assert status_of(app, comment_id) == PENDING
    assert audit_rows(app) == []


@pytest.mark.parametrize("status", [APPROVED, SPAM, TRASH])
def test_queue_lists_the_comments_of_the_chosen_status(
    app: Flask, editor: Editor, status: CommentStatus
) -> None:
    ids = {
        s: add_comment(app, status=s, previous=PENDING if s in (SPAM, TRASH) else None)
        for s in CommentStatus
    }
    html = editor.queue(status.value).get_data(as_text=True)
    assert rows(html) == [ids[status]]
    assert re.search(rf'status={status.value}" aria-current="page"', html)


def test_queue_for_an_unknown_status_is_not_found(editor: Editor) -> None:
    assert editor.queue("bogus").status_code == 404


@pytest.mark.parametrize(
    "request_page",
    [
        lambda editor, cid: editor.queue(),
        lambda editor, cid: editor.queue("spam"),
        lambda editor, cid: editor.act(cid, "approve"),
        lambda editor, cid: editor.bulk("trash", [cid]),
        lambda editor, cid: editor.client.get("/admin/"),
        lambda editor, cid: editor.queue("bogus"),
    ],
    ids=["queue", "spam-queue", "action", "bulk", "dashboard", "not-found"],
)
def test_admin_responses_are_never_cached(app: Flask, editor: Editor, request_page) -> None:
    response = request_page(editor, add_comment(app))
    assert response.headers["Cache-Control"] == "private, no-store"


def test_queue_is_split_into_pages_newest_first(app: Flask, editor: Editor) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 2
    ids = [add_comment(app, created_at=NOON + timedelta(minutes=n)) for n in range(5)]
    first = editor.queue().get_data(as_text=True)
    assert rows(first) == [ids[4], ids[3]]
    assert "Older</a>" in first and "Newer</a>" not in first
    middle = editor.client.get(paging_link(first, "Older")).get_data(as_text=True)
    assert rows(middle) == [ids[2], ids[1]]
    assert "Newer</a>" in middle and "Older</a>" in middle
    assert "Pending (5)" in text(middle)
    last = editor.client.get(paging_link(middle, "Older")).get_data(as_text=True)
    assert rows(last) == [ids[0]]
    assert "Newer</a>" in last and "Older</a>" not in last
    back = editor.client.get(paging_link(last, "Newer")).get_data(as_text=True)
    assert rows(back) == [ids[2], ids[1]]
