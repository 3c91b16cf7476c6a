"""The queue worked in place: JSON answers for admin.js, links shown as text, long comments."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms.extensions import db
from cms.html.sanitize import clean_comment
from cms.models import Comment, CommentStatus
from tests.support.bulk_comments import insert_comments
from tests.support.executable import fragment_problems
from tests.support.html_page import page, parse_html
from tests.support.people import Editor, csrf_token
from tests.support.site import APPROVED, NOON, PENDING, SPAM, TRASH, add_comment, status_of

JSON = {"Accept": "application/json"}
# What a browser sends with a plain form post.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def token(editor: Editor) -> str:
    return csrf_token(editor.queue().get_data(as_text=True))


def act(editor: Editor, comment_id: int, action: str, headers: dict = JSON, **args: str):
    """Press a row's button as admin.js does: the same form, asking for JSON."""
    return editor.client.post(
        f"/admin/comments/{comment_id}/{action}",
        query_string=args,
        data={"csrf_token": token(editor)},
        headers=headers,
    )


def store_html(app: Flask, content_html: str, status: CommentStatus = PENDING) -> int:
    """Store a comment's HTML as it is, as an old import might have left it."""
    previous = PENDING if status in (SPAM, TRASH) else None
    comment_id = add_comment(app, status=status, previous=previous)
    with app.app_context():
        db.session.get(Comment, comment_id).content_html = content_html
        db.session.commit()
    return comment_id


def row_of(editor: Editor, comment_id: int, status: CommentStatus = PENDING):
    row = page(editor.queue(status.value)).by_id(f"comment-{comment_id}")
    assert row is not None, f"comment {comment_id} is not listed"
    return row


# --- Actions answered as JSON ---


@pytest.mark.parametrize(
    ("before", "action", "after", "undo"),
    [
        (PENDING, "approve", APPROVED, "unapprove"),
        (APPROVED, "unapprove", PENDING, "approve"),
        (PENDING, "spam", SPAM, "restore"),
        (APPROVED, "trash", TRASH, "restore"),
        (SPAM, "restore", PENDING, "spam"),
        (TRASH, "restore", PENDING, "trash"),
    ],
)
def test_an_action_asked_for_json_answers_the_new_status_counts_and_row(
    app: Flask,
    editor: Editor,
    before: CommentStatus,
    action: str,
    after: CommentStatus,
    undo: str,
) -> None:
    comment_id = add_comment(app, status=before, previous=PENDING)
    add_comment(app, status=PENDING)
    response = act(editor, comment_id, action, status=before.value)
    assert response.status_code == 200 and response.is_json
    answer = response.get_json()
    assert answer["ok"] is True and answer["id"] == comment_id
    assert answer["status"] == after.value
    expected = {s.value: 0 for s in CommentStatus} | {PENDING.value: 1}
    expected[after.value] += 1
    assert answer["counts"] == expected
    assert answer["pending_total"] == expected[PENDING.value]
    assert answer["message"].startswith("Comment ") and answer["message"].endswith(".")
    assert status_of(app, comment_id) == after
    row = parse_html(answer["row_html"]).by_id(f"comment-{comment_id}")
    assert row.attrs["data-status"] == after.value
    assert answer["undo"]["action"] == undo
    assert answer["undo"]["url"] == f"/admin/comments/{comment_id}/{undo}?status={before.value}"


def test_undo_puts_the_comment_back_where_it_was(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app, status=PENDING)
    undo = act(editor, comment_id, "approve").get_json()["undo"]
    answer = editor.client.post(
        undo["url"], data={"csrf_token": token(editor)}, headers=JSON
    ).get_json()
    assert answer["status"] == PENDING.value
    assert status_of(app, comment_id) == PENDING
    assert answer["counts"][PENDING.value] == 1


def test_trashing_spam_offers_no_undo_since_restore_would_not_return_it_to_spam(
    app: Flask, editor: Editor
) -> None:
    comment_id = add_comment(app, status=SPAM, previous=PENDING)
    answer = act(editor, comment_id, "trash", status="spam").get_json()
    assert answer["status"] == TRASH.value and "undo" not in answer


def test_deleting_answers_deleted_with_no_row_and_no_undo(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app, status=TRASH, previous=PENDING)
    answer = act(editor, comment_id, "delete", status="trash").get_json()
    assert answer["status"] == "deleted"
    assert "row_html" not in answer and "undo" not in answer
    assert status_of(app, comment_id) is None


def test_an_illegal_move_answers_409_with_the_reason_and_changes_nothing(
    app: Flask, editor: Editor
) -> None:
    comment_id = add_comment(app, status=APPROVED)
    response = act(editor, comment_id, "approve")
    assert response.status_code == 409
    assert response.get_json() == {
        "ok": False,
        "id": comment_id,
        "status": "approved",
        "message": f"Comment {comment_id}: cannot approve a comment that is approved.",
    }
    assert status_of(app, comment_id) == APPROVED
    # Said once, in the answer: the next page shows no stale message.
    assert "cannot approve" not in editor.queue().get_data(as_text=True)


def test_a_json_action_without_the_csrf_token_is_refused(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app)
    response = editor.client.post(f"/admin/comments/{comment_id}/approve", headers=JSON)
    assert response.status_code == 400
    assert status_of(app, comment_id) == PENDING


def test_a_json_action_from_someone_logged_out_changes_nothing(
    app: Flask, client: FlaskClient
) -> None:
    comment_id = add_comment(app)
    # A valid token from the login page: only the missing login stands in the way.
    data = {"csrf_token": csrf_token(client.get("/admin/login").get_data(as_text=True))}
    response = client.post(f"/admin/comments/{comment_id}/approve", data=data, headers=JSON)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert status_of(app, comment_id) == PENDING


def test_a_moderator_may_act_in_place(app: Flask, moderator: Editor) -> None:
    comment_id = add_comment(app)
    assert act(moderator, comment_id, "approve").get_json()["status"] == "approved"


@pytest.mark.parametrize("headers", [BROWSER, {}], ids=["browser-accept", "no-accept"])
def test_a_plain_form_post_still_returns_to_the_queue_with_a_message(
    app: Flask, editor: Editor, headers: dict
) -> None:
    comment_id = add_comment(app)
    response = act(editor, comment_id, "approve", headers=headers, q="comment")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/comments?status=pending&q=comment"
    shown = page(editor.client.get(response.headers["Location"]))
    assert f"Comment {comment_id} approved." in shown.find("div", "flashes").text


def test_a_bulk_action_asked_for_json_says_where_each_comment_went(
    app: Flask, editor: Editor
) -> None:
    pending = add_comment(app)
    approved = add_comment(app, status=APPROVED)
    response = editor.client.post(
        "/admin/comments/bulk",
        data={"csrf_token": token(editor), "action": "approve", "ids": [pending, approved]},
        headers=JSON,
    )
    answer = response.get_json()
    assert answer["results"] == [{"id": pending, "status": "approved"}]
    assert answer["message"] == (
        f"1 comment approved. Comment {approved}: cannot approve a comment that is approved."
    )
    assert answer["counts"]["approved"] == 2 and answer["counts"]["pending"] == 0


def test_a_bulk_action_with_nothing_chosen_answers_400_as_json(editor: Editor) -> None:
    response = editor.client.post(
        "/admin/comments/bulk", data={"csrf_token": token(editor), "action": "spam"}, headers=JSON
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == "Choose an action and at least one comment."


# --- Hooks the script relies on ---


def test_queue_gives_the_script_its_hooks(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app)
    doc = page(editor.queue())
    live = doc.by_id("queue-live")
    assert live.attrs["role"] == "status" and live.text == ""
    assert doc.by_id("queue").attrs["data-status"] == "pending"
    counts = {c.attrs["data-status"]: c.text for c in doc.find_all("span", "count")}
    assert counts == {
        "pending": "(1)",
        "approved": "(0)",
        "spam": "(0)",
        "trash": "(0)",
        "care": "(0)",
    }
    row = doc.by_id(f"comment-{comment_id}")
    forms = [f for f in row.find_all("form") if "data-inplace" in f.attrs]
    assert [f.attrs["data-action"] for f in forms] == ["approve", "spam", "trash"]
    assert "data-inplace-bulk" in doc.by_id("bulk-form").attrs
    styles = [
        link.attrs["href"] for link in doc.find_all("link") if link.attrs["rel"] == "stylesheet"
    ]
    assert "/static/admin.css" in styles


def test_the_script_sends_forms_asking_for_json_and_folds_long_comments(app: Flask) -> None:
    script = app.test_client().get("/static/admin.js")
    text = script.get_data(as_text=True)
    script.close()
    assert 'Accept: "application/json"' in text and "aria-expanded" in text


# --- Links shown as text ---


@pytest.mark.parametrize("status", [PENDING, SPAM, TRASH])
def test_links_in_comments_not_yet_public_show_their_target_as_text(
    app: Flask, editor: Editor, status: CommentStatus
) -> None:
    comment_id = store_html(
        app,
        clean_comment('Buy <a href="https://evil.example/x?a=1&b=2">cheap pills</a> now'),
        status,
    )
    body = row_of(editor, comment_id, status).find("div", "comment-content")
    assert body.text == "Buy cheap pills [https://evil.example/x?a=1&b=2] now"
    assert body.find("a") is None
    assert body.find("span", "link-target").text == "[https://evil.example/x?a=1&b=2]"


def test_links_in_approved_comments_stay_links_marked_as_user_content(
    app: Flask, editor: Editor
) -> None:
    comment_id = store_html(
        app, clean_comment('See <a href="https://help.example/">the helpline</a>'), APPROVED
    )
    link = row_of(editor, comment_id, APPROVED).find("div", "comment-content").find("a")
    assert link.attrs["href"] == "https://help.example/"
    assert link.attrs["rel"] == "nofollow ugc noopener"


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)" onclick="alert(2)">click</a>',
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">click</a>',
        '<a href="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">click</a>',
        '<a href="https://x.example/"><img src=x onerror=alert(1)>click</a>',
        "<a href='https://x.example/' title='\"><script>alert(1)</script>'>click</a>",
    ],
)
def test_hostile_stored_links_are_shown_escaped_and_inert(
    app: Flask, editor: Editor, html: str
) -> None:
    comment_id = store_html(app, html)
    response = editor.queue()
    text = response.get_data(as_text=True)
    body = row_of(editor, comment_id).find("div", "comment-content")
    assert body.find("a") is None and body.find("script") is None
    assert "click" in body.text and "[" in body.text
    start = text.index(f'id="comment-body-{comment_id}"')
    fragment = text[text.index(">", start) + 1 : text.index("</div>", start)]
    assert fragment_problems(fragment) == []


def test_a_bare_web_address_is_shown_once_as_its_target(app: Flask, editor: Editor) -> None:
    comment_id = store_html(
        app, '<p>See <a href="https://x.example/a" rel="nofollow">https://x.example/a</a></p>'
    )
    body = row_of(editor, comment_id).find("div", "comment-content")
    assert body.text == "See [https://x.example/a]"


# --- Long comments ---


def test_a_long_comment_is_marked_for_folding_and_a_short_one_is_not(
    app: Flask, editor: Editor
) -> None:
    long_id = store_html(app, "<p>" + "I have been clean for a while now. " * 40 + "</p>")
    short_id = add_comment(app, "Short.")
    doc = page(editor.queue())
    long_body = doc.by_id(f"comment-{long_id}").find("div", "comment-content")
    short_body = doc.by_id(f"comment-{short_id}").find("div", "comment-content")
    assert "data-long" in long_body.attrs and long_body.attrs["id"] == f"comment-body-{long_id}"
    assert "data-long" not in short_body.attrs
    # Folding is the script's: without it the whole text is on the page.
    assert long_body.text.count("I have been clean") == 40


def test_counts_past_the_cap_are_answered_as_the_tabs_show_them(app: Flask, editor: Editor):
    insert_comments(app, 10_002, NOON, statuses=[PENDING])
    answer = act(editor, add_comment(app), "approve").get_json()
    assert answer["count_texts"]["pending"] == "10,000+"
    assert answer["pending_text"] == "10,000+"
    assert answer["count_texts"]["approved"] == "1"
