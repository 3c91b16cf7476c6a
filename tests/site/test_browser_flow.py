"""The whole path of a comment, in a real browser: posted, held, approved, replied to."""

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import log_in
from tests.support.site import APPROVED, HEROIN, add_comment, comments_in_db, status_of

# Browser tests run on SQLite only: the database is not what they prove.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

AWAITING = "Your comment is awaiting moderation."
ARTICLE = f"/{HEROIN}/"


def post_comment(page: Page, name: str, text: str) -> None:
    """Fill in the article's "Leave a Reply" form and send it."""
    page.get_by_role("textbox", name="Comment", exact=True).fill(text)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Email", exact=True).fill(f"{name.lower()}@example.net")
    page.get_by_role("button", name="Post Comment").click()


def comment_id_by(app, name: str) -> int:
    return next(c.id for c in comments_in_db(app) if c.author_name == name)


def approve_with_a_click(editor: Page, comment_id: int) -> None:
    editor.locator(f"#comment-{comment_id}").get_by_role("button", name="Approve").click()
    # In place (fetch) or by a new page, the row no longer offers to approve it.
    expect(editor.locator(f"#comment-{comment_id} .action-approve")).to_have_count(0)


def test_comments_posted_with_and_without_javascript_wait_then_show_once_approved(app, person):
    reader = person()
    reader.goto(ARTICLE)
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Relapsed On Heroin")

    with_js, without_js = person(), person(java_script_enabled=False)
    for page, name in ((with_js, "Robin"), (without_js, "Kai")):
        page.goto(ARTICLE)
        post_comment(page, name, f"{name} here: day three again.")
        mine = page.locator(".comment", has_text=f"{name} here")
        expect(mine).to_contain_text(AWAITING)

    reader.reload()
    expect(reader.get_by_text("day three again")).to_have_count(0)
    expect(reader.get_by_text(AWAITING)).to_have_count(0)

    editor = person()
    log_in(editor)
    editor.goto("/admin/comments")
    robin, kai = comment_id_by(app, "Robin"), comment_id_by(app, "Kai")
    # A mark that a new page would wipe: the queue must update in place.
    editor.evaluate("window.sameQueuePage = true")
    # Newest first: Kai's is the first row; j chooses it, a approves it.
    editor.keyboard.press("j")
    expect(editor.locator(f"#comment-{kai}")).to_be_focused()
    editor.keyboard.press("a")
    expect(editor.locator(f"#comment-{kai} .action-approve")).to_have_count(0)
    approve_with_a_click(editor, robin)
    assert (status_of(app, robin), status_of(app, kai)) == (APPROVED, APPROVED)
    expect(editor.locator(".status-tabs")).to_contain_text("Pending (0)")
    assert editor.evaluate("window.sameQueuePage") is True

    reader.reload()
    for name in ("Robin", "Kai"):
        expect(reader.locator(".comment", has_text=f"{name} here")).to_be_visible()
    expect(reader.get_by_text(AWAITING)).to_have_count(0)


def open_reply_form(page: Page, comment_id: int, name: str) -> None:
    page.locator(f"#comment-{comment_id}").get_by_role("link", name="Reply").click()
    expect(page.locator("#reply-title")).to_contain_text(f"Replying to {name}")


def test_reply_form_moves_under_the_comment_and_cancel_puts_it_back(app, person):
    parent = add_comment(app, "Two years clean today.", APPROVED, author_name="Jo")
    reader = person()
    reader.goto(ARTICLE)
    open_reply_form(reader, parent, "Jo")
    # With JavaScript the form moves under the comment, on the same page.
    expect(reader.locator(f"#comment-{parent} #commentform")).to_be_visible()
    assert "replytocom" not in reader.url
    reader.get_by_role("link", name="Cancel reply").click()
    expect(reader.locator("#reply-title")).to_contain_text("Leave a Reply")
    expect(reader.locator(f"#comment-{parent} #commentform")).to_have_count(0)


def test_reply_link_without_javascript_opens_a_page_with_the_form(app, person):
    parent = add_comment(app, "Two years clean today.", APPROVED, author_name="Jo")
    reader = person(java_script_enabled=False)
    reader.goto(ARTICLE)
    open_reply_form(reader, parent, "Jo")
    assert f"replytocom={parent}" in reader.url
    reader.get_by_role("link", name="Cancel reply").click()
    expect(reader.locator("#reply-title")).to_contain_text("Leave a Reply")


def test_an_approved_reply_nests_under_the_comment_it_answers(app, person):
    parent = add_comment(app, "Two years clean today.", APPROVED, author_name="Jo")
    replier = person()
    replier.goto(ARTICLE)
    open_reply_form(replier, parent, "Jo")
    post_comment(replier, "Alex", "So glad for you, Jo.")
    reply_id = comment_id_by(app, "Alex")
    expect(replier.locator(f"#comment-{parent} .children #comment-{reply_id}")).to_contain_text(
        AWAITING
    )

    editor = person()
    log_in(editor)
    editor.goto("/admin/comments")
    approve_with_a_click(editor, reply_id)

    reader = person()
    reader.goto(ARTICLE)
    reply = reader.locator(f"#comment-{parent} .children #comment-{reply_id}")
    expect(reply).to_contain_text("So glad for you, Jo.")
    expect(reply).not_to_contain_text(AWAITING)


def test_queue_buttons_still_work_without_javascript(app, person):
    pending = add_comment(app, "Held for a look.", author_name="Lee")
    editor = person(java_script_enabled=False)
    log_in(editor)
    editor.goto("/admin/comments")
    approve_with_a_click(editor, pending)
    assert status_of(app, pending) == APPROVED
