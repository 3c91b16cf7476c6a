"""The staff articles page: comment counts and the per-article "comments open" switch."""

from flask import Flask

from cms.models import CommentStatus
from tests.support.html_page import page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import (
    EDITOR_EMAIL,
    HEROIN,
    OPIOID,
    add_comment,
    article_id,
    audit_rows,
    comments_in_db,
    set_discussion,
    user_id,
)

AUDIT_ROW = ("user_id", "action", "comment_id", "detail")


def switch(editor: Editor, slug: str, open_: str):
    """Press the article's switch as the page offers it, with the open value given."""
    token = csrf_token(editor.client.get("/admin/articles").get_data(as_text=True))
    return editor.client.post(
        f"/admin/articles/{article_id(editor.client.application, slug)}/comments",
        data={"csrf_token": token, "open": open_},
        follow_redirects=True,
    )


def test_articles_page_lists_each_article_with_its_comment_counts(app: Flask, editor: Editor):
    add_comment(app, status=CommentStatus.APPROVED)
    add_comment(app)
    add_comment(app)
    add_comment(app, status=CommentStatus.SPAM, previous=CommentStatus.PENDING)
    doc = page(editor.client.get("/admin/articles"))
    heroin = doc.by_id(f"article-{article_id(app, HEROIN)}")
    assert heroin.find("td", "counts").text == "1 approved, 2 pending"
    assert heroin.find("td", "comments-switch").text.startswith("Open Close comments")
    opioid = doc.by_id(f"article-{article_id(app, OPIOID)}")
    assert opioid.find("td", "counts").text == "0 approved, 0 pending"


def test_closing_comments_closes_the_public_form_and_refuses_posts(
    app: Flask, editor: Editor, commenter: Commenter
) -> None:
    token = csrf_token(commenter.article().get_data(as_text=True))
    response = switch(editor, HEROIN, "0")
    assert "Comments on “I Relapsed On Heroin, Now What?” are closed." in page(response).text
    row = page(response).by_id(f"article-{article_id(app, HEROIN)}")
    assert row.find("td", "comments-switch").text.startswith("Closed Open comments")

    doc = page(commenter.article())
    assert doc.find("p", "comments-closed").text == "Comments are closed."
    assert doc.by_id("commentform") is None
    refused = commenter.client.post(
        f"/{HEROIN}/comments",
        data={"author": "Sam", "email": "s@example.net", "comment": "Hi", "csrf_token": token},
    )
    assert refused.status_code == 403
    assert "Comments are closed on this article." in page(refused).text
    assert comments_in_db(app) == []
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (user_id(app, EDITOR_EMAIL), "comments-closed", None, HEROIN)
    ]
    # The other article is untouched.
    assert page(commenter.article(OPIOID)).by_id("commentform") is not None


def test_reopening_comments_brings_the_form_back_and_is_recorded(
    app: Flask, editor: Editor, commenter: Commenter
) -> None:
    switch(editor, HEROIN, "0")
    response = switch(editor, HEROIN, "1")
    assert "Comments on “I Relapsed On Heroin, Now What?” are open." in page(response).text
    assert page(commenter.article()).by_id("commentform") is not None
    assert commenter.post().status_code == 303
    switches = [
        row[1] for row in audit_rows(app, fields=AUDIT_ROW) if row[1].startswith("comments-")
    ]
    assert switches == ["comments-closed", "comments-open"]


def test_pressing_close_twice_records_one_decision(app: Flask, editor: Editor) -> None:
    switch(editor, HEROIN, "0")
    switch(editor, HEROIN, "0")
    assert len(audit_rows(app, fields=AUDIT_ROW)) == 1


def test_switch_refuses_a_value_it_does_not_offer(app: Flask, editor: Editor) -> None:
    assert switch(editor, HEROIN, "maybe").status_code == 400
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_articles_page_says_when_the_age_rule_closes_an_open_article(
    app: Flask, editor: Editor
) -> None:
    set_discussion(app, close_old=True, close_after_days=1)
    doc = page(editor.client.get("/admin/articles"))
    cell = doc.by_id(f"article-{article_id(app, HEROIN)}").find("td", "comments-switch")
    note = cell.find("p", "age-closed")
    assert note is not None
    assert note.text == "Closed anyway by the age rule (older than 1 day)."
