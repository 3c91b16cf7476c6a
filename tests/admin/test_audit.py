"""The audit log page: every decision with who, when and what, filterable, and for whom."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.admin.audit import PAGE_SIZE
from cms.comments import discussion, moderation
from cms.extensions import db
from cms.models import AuditEvent, Comment, CommentStatus, User
from tests.support.html_page import Element, page
from tests.support.people import Editor
from tests.support.site import (
    APPROVED,
    EDITOR_EMAIL,
    PENDING,
    SPAM,
    TRASH,
    add_comment,
    set_discussion,
    user_id,
)


def entries(response) -> list[dict[str, str]]:
    """Return the audit table's rows, top to bottom, as {column: visible text}."""
    table = page(response).find("table", "audit")
    if table is None:
        return []
    columns = [th.text for th in table.find("thead").find_all("th")]
    return [
        dict(zip(columns, (td.text for td in tr.find_all("td")), strict=True))
        for tr in table.find("tbody").find_all("tr")
    ]


def comment_cell(response, row: int = 0) -> Element:
    return (
        page(response)
        .find("table", "audit")
        .find("tbody")
        .find_all("tr")[row]
        .find("td", "comment")
    )


def add_event(app: Flask, by_email: str | None = None, **fields: object) -> None:
    """Store an audit entry directly, as some earlier action would have."""
    with app.app_context():
        by = db.session.scalar(select(User).where(User.email == by_email)) if by_email else None
        db.session.add(AuditEvent(user_id=by.id if by else None, **fields))
        db.session.commit()


@pytest.mark.parametrize(
    ("start", "previous", "action", "change"),
    [
        (PENDING, None, "approve", "pending → approved"),
        (APPROVED, None, "unapprove", "approved → pending"),
        (PENDING, None, "spam", "pending → spam"),
        (APPROVED, None, "trash", "approved → trash"),
        (SPAM, APPROVED, "restore", "spam → approved"),
        (TRASH, PENDING, "delete", "pending → deleted"),
    ],
)
def test_each_queue_action_appears_in_the_log_with_who_and_what(
    app: Flask,
    editor: Editor,
    start: CommentStatus,
    previous: CommentStatus | None,
    action: str,
    change: str,
) -> None:
    comment_id = add_comment(app, status=start, previous=previous)
    assert editor.act(comment_id, action).status_code == 302
    response = editor.client.get("/admin/audit")
    [entry] = entries(response)
    assert entry["Who"] == "Eddie Editor"
    assert entry["Action"] == action
    if action == "delete":
        assert entry["From → to"] == "trash → deleted"
        assert entry["Comment"] == f"#{comment_id} (deleted)"
        assert comment_cell(response).find("a") is None
    else:
        assert entry["From → to"] == change
        assert entry["Comment"] == f"#{comment_id}"
        with app.app_context():
            status = db.session.get(Comment, comment_id).status.value
        link = comment_cell(response).find("a").attrs["href"]
        assert link == f"/admin/comments?status={status}#comment-{comment_id}"


def test_log_lists_the_newest_entry_first_with_its_time(app: Flask, editor: Editor) -> None:
    noon = datetime(2024, 6, 1, 12, 0)
    for hours, action in ((0, "approve"), (2, "trash"), (1, "unapprove")):
        add_event(
            app, EDITOR_EMAIL, comment_id=1, action=action, created_at=noon + timedelta(hours=hours)
        )
    shown = entries(editor.client.get("/admin/audit"))
    assert [e["Action"] for e in shown] == ["trash", "unapprove", "approve"]
    assert shown[0]["When"] == "June 1, 2024 at 2:00 pm UTC"


def test_what_the_site_did_by_itself_is_shown_as_the_site(app: Flask, editor: Editor) -> None:
    comment_id = add_comment(app, status=SPAM, previous=PENDING)
    with app.app_context():
        moderation.record(comment_id, "spam", "pending", "spam", None, detail="honeypot")
        db.session.commit()
    [entry] = entries(editor.client.get("/admin/audit"))
    assert (entry["Who"], entry["Action"], entry["Detail"]) == ("the site", "spam", "honeypot")


def test_log_filters_by_comment(app: Flask, editor: Editor) -> None:
    first, second = add_comment(app), add_comment(app)
    editor.act(first, "approve")
    editor.act(second, "spam")
    editor.act(first, "unapprove")
    response = editor.client.get("/admin/audit", query_string={"comment": first})
    assert [(e["Comment"], e["Action"]) for e in entries(response)] == [
        (f"#{first}", "unapprove"),
        (f"#{first}", "approve"),
    ]
    assert page(response).by_id("filter-comment").attrs["value"] == str(first)


def test_log_filters_by_user_and_by_the_site(app: Flask, editor: Editor, moderator: Editor):
    first, second, third = add_comment(app), add_comment(app), add_comment(app)
    editor.act(first, "approve")
    moderator.act(second, "trash")
    with app.app_context():
        moderation.record(third, "spam", "pending", "spam", None, detail="honeypot")
        db.session.commit()
    mo = user_id(app, "moderator@example.org")
    by_mo = editor.client.get("/admin/audit", query_string={"user": mo})
    assert [(e["Who"], e["Comment"]) for e in entries(by_mo)] == [("Mo Moderator", f"#{second}")]
    chosen = [
        o for o in page(by_mo).by_id("filter-user").find_all("option") if "selected" in o.attrs
    ]
    assert [o.text for o in chosen] == ["Mo Moderator"]
    by_site = editor.client.get("/admin/audit", query_string={"user": "site"})
    assert [(e["Who"], e["Comment"]) for e in entries(by_site)] == [("the site", f"#{third}")]
    both = editor.client.get("/admin/audit", query_string={"user": mo, "comment": first})
    assert entries(both) == []
    assert "No entries match these filters." in page(both).text


def test_user_filter_offers_every_staff_member_and_the_site(app: Flask, moderator: Editor):
    options = page(moderator.client.get("/admin/audit")).by_id("filter-user").find_all("option")
    assert [o.text for o in options] == ["Anyone", "The site", "Eddie Editor", "Mo Moderator"]


def test_log_is_split_into_pages_that_keep_the_filter(app: Flask, editor: Editor) -> None:
    for n in range(PAGE_SIZE + 1):
        add_event(app, EDITOR_EMAIL, comment_id=7, action="approve", detail=f"entry {n}")
    add_event(app, EDITOR_EMAIL, comment_id=8, action="approve", detail="another comment")
    first = editor.client.get("/admin/audit", query_string={"comment": 7})
    assert len(entries(first)) == PAGE_SIZE
    older = page(first).find("nav", "pagination").find("a")
    assert older.text == "Older"
    second = editor.client.get(older.attrs["href"])
    assert [e["Detail"] for e in entries(second)] == ["entry 0"]
    assert "page 2 of 2" in page(second).find("caption").text


@pytest.mark.parametrize(
    ("browser", "actions"),
    [
        ("moderator", ["approve"]),
        ("editor", ["comments-closed", "approve"]),
        ("admin", ["role", "settings", "comments-closed", "approve"]),
    ],
)
def test_each_role_reads_the_entries_of_the_decisions_it_may_take(
    app: Flask, request: pytest.FixtureRequest, browser: str, actions: list[str]
) -> None:
    add_event(app, EDITOR_EMAIL, comment_id=add_comment(app), action="approve")
    add_event(app, EDITOR_EMAIL, action="comments-closed", detail="some-article")
    set_discussion(app, thread_depth=3)
    add_event(app, None, action="role", detail="someone@example.org: editor → admin")
    reader = request.getfixturevalue(browser)
    assert [e["Action"] for e in entries(reader.client.get("/admin/audit"))] == actions


def test_hostile_text_in_an_entry_is_shown_as_text(app: Flask, editor: Editor) -> None:
    add_event(app, None, comment_id=3, action="edit", detail='<script>alert("x")</script>')
    response = editor.client.get("/admin/audit")
    assert "<script>alert" not in response.get_data(as_text=True)
    assert entries(response)[0]["Detail"] == '<script>alert("x")</script>'


def test_a_setting_changed_with_any_characters_is_logged_as_the_words_typed(
    app: Flask, admin: Editor
) -> None:
    typed = "Call 988 · text HOME to 741741 — día y noche"
    with app.test_request_context():
        discussion.save(replace(discussion.load(), crisis_line=typed), None)
        db.session.commit()
    with app.app_context():
        stored = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "settings"))
    assert stored == f'crisis_line: "" → "{typed}"'
    assert entries(admin.client.get("/admin/audit"))[0]["Detail"] == stored


def test_a_settings_entry_stored_with_escapes_is_shown_as_text(app: Flask, admin: Editor) -> None:
    add_event(app, action="settings", detail='crisis_line: "" → "Call 988 \\u00b7 text"')
    assert entries(admin.client.get("/admin/audit"))[0]["Detail"] == (
        'crisis_line: "" → "Call 988 · text"'
    )
