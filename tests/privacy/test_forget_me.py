"""The "Forget me" button: a visitor who saved their details can remove them at any time."""

from flask import Flask

from tests.support.html_page import comment_form, form_values, page
from tests.support.people import Commenter, csrf_token, session_csrf_token
from tests.support.site import HEROIN

SAVED = {"author": "Robin", "email": "robin@example.net", "url": "https://robin.example"}


def forget_button(doc):
    return next((b for b in doc.find_all("button") if b.text == "Forget me"), None)


def test_visitor_who_saved_nothing_sees_no_forget_button(commenter: Commenter) -> None:
    doc = page(commenter.article())
    assert forget_button(doc) is None
    assert doc.by_id("forget-me") is None


def test_save_box_explains_where_the_details_are_kept(commenter: Commenter) -> None:
    notes = comment_form(page(commenter.article())).by_id("cookie-notes")
    assert "kept in a cookie in this browser only" in notes.text
    assert "365 days" in notes.text


def test_saved_details_come_with_a_visible_forget_button(commenter: Commenter) -> None:
    commenter.post(remember="y", **SAVED)
    doc = page(commenter.article())
    button = forget_button(doc)
    assert button is not None and button.attrs["form"] == "forget-me"
    target = doc.by_id("forget-me")
    assert target.tag == "form" and target.attrs["method"] == "post"
    assert target.attrs["action"] == f"/{HEROIN}/forget-me"
    assert "deletes that cookie" in comment_form(doc).by_id("cookie-notes").text


def test_forget_me_deletes_the_cookie_and_empties_the_form(commenter: Commenter) -> None:
    commenter.post(remember="y", **SAVED)
    response = forget(commenter)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{HEROIN}/#respond"
    assert commenter.client.get_cookie("comment_author") is None
    doc = page(commenter.client.get(f"/{HEROIN}/"))
    assert "this browser no longer remembers your name" in doc.find("div", cls="flashes").text
    assert form_values(doc) == {"author": "", "email": "", "url": "", "comment": ""}
    assert "checked" not in doc.by_id("wp-comment-cookies-consent").attrs
    assert forget_button(doc) is None


def test_forget_me_without_a_valid_token_is_refused_and_forgets_nothing(
    commenter: Commenter,
) -> None:
    commenter.post(remember="y", **SAVED)
    response = commenter.client.post(f"/{HEROIN}/forget-me", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert commenter.client.get_cookie("comment_author") is not None


def test_forget_me_is_not_a_link_that_a_get_can_trigger(commenter: Commenter) -> None:
    commenter.post(remember="y", **SAVED)
    assert commenter.client.get(f"/{HEROIN}/forget-me").status_code == 405
    assert commenter.client.get_cookie("comment_author") is not None


def test_forget_me_under_an_unknown_article_is_not_found(app: Flask, commenter) -> None:
    token = session_csrf_token(commenter.client)
    response = commenter.client.post("/no-such-article/forget-me", data={"csrf_token": token})
    assert response.status_code == 404


def forget(commenter: Commenter):
    """Press "Forget me" on the article page, as the browser would submit its form."""
    html = commenter.article().get_data(as_text=True)
    forget_form = html[html.index('id="forget-me"') :]
    return commenter.client.post(
        f"/{HEROIN}/forget-me", data={"csrf_token": csrf_token(forget_form)}
    )
