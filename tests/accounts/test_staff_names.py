"""A staff member is shown to readers by their name, or else by their role: never their
email address, on the article page, its feeds or a new article's byline."""

import pytest
from flask import Flask

from cms.models import Role
from cms.models.users import User
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token, staff_browser
from tests.support.site import APPROVED, HEROIN, add_comment

NAMELESS = "nameless.editor@example.org"


def reply_from_queue(browser: Editor, comment_id: int, text: str) -> None:
    token = csrf_token(browser.queue().get_data(as_text=True))
    response = browser.client.post(
        f"/admin/comments/{comment_id}/reply", data={"csrf_token": token, "comment": text}
    )
    assert response.status_code in (302, 303)


@pytest.mark.parametrize(
    ("role", "label"),
    [(Role.MODERATOR, "Moderator"), (Role.EDITOR, "Editor"), (Role.ADMIN, "Admin")],
)
def test_an_account_without_a_name_is_shown_by_its_role(role: Role, label: str) -> None:
    assert User(email=NAMELESS, name="", role=role).display_name == label
    assert User(email=NAMELESS, name="  ", role=role).display_name == label
    assert User(email=NAMELESS, name="Nia", role=role).display_name == "Nia"


def test_a_reply_by_an_account_without_a_name_never_shows_its_address(app: Flask) -> None:
    parent = add_comment(app, "Is it normal to feel this way?", status=APPROVED)
    nameless = staff_browser(app, Role.EDITOR, email=NAMELESS)
    reply_from_queue(nameless, parent, "Yes, and you are not alone.")
    reader = app.test_client()
    article = reader.get(f"/{HEROIN}/").get_data(as_text=True)
    assert "Yes, and you are not alone." in article
    for path in (f"/{HEROIN}/", "/feed/", "/comments/feed/", f"/{HEROIN}/feed/"):
        body = reader.get(path).get_data(as_text=True)
        assert NAMELESS not in body and "nameless.editor" not in body, path
    reply = [
        li
        for li in page(reader.get(f"/{HEROIN}/")).find_all("article")
        if "you are not alone" in li.text
    ]
    assert reply and "Editor" in reply[0].text


def test_a_new_article_by_an_account_without_a_name_is_signed_by_its_role(app: Flask) -> None:
    nameless = staff_browser(app, Role.EDITOR, email=NAMELESS)
    form = page(nameless.client.get("/admin/articles/new"))
    assert form.by_id("author").attrs["value"] == "Editor"
