"""The comment form in a real browser: a quick writer is a person, and a reload re-posts nothing."""

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import log_in
from tests.support.site import HEROIN, comments_in_db

# Browser tests run on SQLite only: the database is not what they prove.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

ARTICLE = f"/{HEROIN}/"
AWAITING = "Your comment is awaiting moderation."


def fill_and_send(page: Page, name: str, text: str, email: str = "quinn@example.net") -> None:
    page.get_by_role("textbox", name="Comment", exact=True).fill(text)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Email", exact=True).fill(email)
    page.get_by_role("button", name="Post Comment").click()


def test_a_quick_writer_sees_their_preview_and_the_editor_finds_it_pending(app, person):
    app.config["COMMENT_MIN_SECONDS"] = 3
    writer = person()
    writer.goto(ARTICLE)
    # Pasted from notes and sent at once: well under three seconds after the page was shown.
    fill_and_send(writer, "Quinn", "Pasted from my notes: I am still here.")
    mine = writer.locator(".comment", has_text="Pasted from my notes")
    expect(mine).to_contain_text(AWAITING)
    expect(mine).to_contain_text("only you can see it")

    [comment] = comments_in_db(app)
    editor = person()
    log_in(editor)
    editor.goto("/admin/comments")
    row = editor.locator(f"#comment-{comment.id}")
    expect(row).to_contain_text("Pasted from my notes")
    expect(row).to_contain_text("after the page was shown")


def test_after_a_form_error_a_reload_sends_nothing_and_the_text_was_kept(app, person):
    writer = person()
    writer.goto(ARTICLE)
    fill_and_send(writer, "Quinn", "Three weeks today.", email="not an address")
    expect(writer.locator("#commentform .form-errors")).to_contain_text("valid email address")
    expect(writer.get_by_role("textbox", name="Comment", exact=True)).to_have_value(
        "Three weeks today."
    )
    assert writer.url.endswith(f"{ARTICLE}#respond")
    writer.reload()  # a GET: no "resend the form?" question, nothing posted
    expect(writer.locator("#commentform .form-errors")).to_have_count(0)
    assert comments_in_db(app) == []
