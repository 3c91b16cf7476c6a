"""The editors' personal data screen: find an address's data, download it, erase it."""

import json

import pytest
from flask import Flask

from tests.accounts.test_sessions import on_another_network, reauth_target
from tests.privacy.test_personal_data import (
    SAM,
    data_events,
    erase_as_editor,
    seed,
    short_digest,
    staff_post,
    subscriptions,
)
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token
from tests.support.site import APPROVED, add_comment, comments_in_db, user_id


def test_editor_finds_how_many_comments_and_whether_a_subscription_exists(
    app: Flask, editor: Editor
) -> None:
    seed(app)
    response = staff_post(editor, "", email="  sam.recovery@EXAMPLE.net ")
    assert response.status_code == 200
    summary = page(response).find("p", cls="held-summary").text
    assert summary == (
        "2 comments; a notification subscription; no mail to or about them in the outbox."
    )


def test_editor_is_told_when_nothing_is_held(app: Flask, editor: Editor) -> None:
    seed(app)
    response = staff_post(editor, "", email="nobody@example.org")
    assert "Nothing: no comment" in page(response).find("p", cls="held-summary").text


def test_editor_downloads_everything_held_as_json_and_the_record_names_no_address(
    app: Flask, editor: Editor
) -> None:
    ids = seed(app)
    response = staff_post(editor, "/export", email=SAM)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert [c["id"] for c in data["comments"]] == [ids["first"], ids["second"]]
    first = data["comments"][0]
    assert first["article"] == "I Relapsed On Heroin, Now What?"
    assert first["article_url"] == "http://localhost/i-relapsed-on-heroin-now-what/"
    assert (first["status"], first["name"], first["email"]) == ("approved", "Sam <b>R</b>", SAM)
    assert (first["website"], first["ip_address"], first["user_agent"]) == (
        "https://sam.example.net/",
        "192.0.2.7",
        "Firefox",
    )
    assert first["text"] == "First words." and first["date"].endswith("Z")
    assert data["comments"][1]["status"] == "pending"
    assert data["notification_subscription"]["email"] == SAM.lower()
    assert data["notification_subscription"]["confirmed"] is not None
    [(action, by, detail)] = data_events(app)
    assert (action, by) == ("data-export", user_id(app, "editor@example.org"))
    assert f"#{short_digest(app)}" in detail and "2 comment(s)" in detail
    assert "sam" not in detail.lower()


def test_erasing_needs_the_confirmation_box(app: Flask, editor: Editor) -> None:
    seed(app)
    response = erase_as_editor(editor, "remove", confirm=False)
    assert response.status_code == 400
    assert "Tick the box to confirm." in page(response).find("div", cls="form-errors").text
    assert len(comments_in_db(app)) == 3 and subscriptions(app) == 1
    assert data_events(app) == []


@pytest.mark.parametrize("path", ["", "/export", "/erase"])
def test_moderators_may_not_touch_personal_data(app: Flask, moderator: Editor, path: str) -> None:
    seed(app)
    token = csrf_token(moderator.client.get("/admin/comments").get_data(as_text=True))
    data = {"csrf_token": token, "email": SAM, "text": "remove", "confirm": "y"}
    assert moderator.client.post(f"/admin/personal-data{path}", data=data).status_code == 403
    assert len(comments_in_db(app)) == 3 and data_events(app) == []


def test_editors_read_data_requests_in_the_audit_log(app: Flask, editor: Editor) -> None:
    seed(app)
    staff_post(editor, "/export", email=SAM)
    rows = page(editor.client.get("/admin/audit")).find_all("td", cls="action")
    assert "data-export" in [cell.text for cell in rows]


def test_an_address_in_the_query_string_finds_nothing(app: Flask, editor: Editor) -> None:
    # The address travels in POST bodies only, so it stays out of URLs and server logs.
    seed(app)
    response = editor.client.get("/admin/personal-data", query_string={"email": SAM})
    assert response.status_code == 200
    assert page(response).find("p", cls="held-summary") is None


def test_an_address_a_visitor_form_would_refuse_is_still_found(app: Flask, editor: Editor) -> None:
    # Addresses imported from WordPress were never checked by this site's comment form.
    add_comment(app, "Imported words.", APPROVED, author_email="sam at example dot net")
    response = staff_post(editor, "", email="sam at example dot net")
    assert response.status_code == 200
    assert page(response).find("p", cls="held-summary").text.startswith("1 comment;")


def test_erasing_with_the_text_says_in_one_sentence_what_went(app: Flask, editor: Editor) -> None:
    seed(app)
    response = erase_as_editor(editor, "remove")
    flashed = page(editor.client.get(response.headers["Location"])).find("div", cls="flashes")
    assert flashed.text.strip() == (
        "Erased: 2 comments deleted and the notification subscription deleted."
    )


def test_erasing_without_an_address_is_refused_and_erases_nothing(
    app: Flask, editor: Editor
) -> None:
    seed(app)
    response = staff_post(editor, "/erase", email="  ", text="remove", confirm="y")
    assert response.status_code == 400
    assert "Enter an email address." in page(response).find("div", cls="form-errors").text
    assert len(comments_in_db(app)) == 3 and subscriptions(app) == 1
    assert data_events(app) == []


def test_erasing_from_a_login_that_is_not_fresh_asks_for_the_password_first(
    app: Flask, editor: Editor
) -> None:
    seed(app)
    token = csrf_token(editor.client.get("/admin/personal-data").get_data(as_text=True))
    on_another_network(editor)
    response = editor.client.post(
        "/admin/personal-data/erase",
        data={"csrf_token": token, "email": SAM, "text": "remove", "confirm": "y"},
        headers={"Referer": "http://localhost/admin/personal-data"},
    )
    assert reauth_target(response) == "/admin/personal-data"
    assert len(comments_in_db(app)) == 3 and subscriptions(app) == 1
    assert data_events(app) == []
