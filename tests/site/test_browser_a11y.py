"""axe-core finds nothing to fix on the pages readers and editors use, light and dark.

Each page is also saved as full-page screenshots at 375 and 1280 px into screenshots/, for
a person to look at. axe is injected from outside the site, so these contexts bypass the
site's CSP (script-src 'self'); everything else about the pages is as served.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.care.test_help_box import US
from tests.support.axe import report, violations
from tests.support.browser import log_in, screenshot
from tests.support.people import Commenter
from tests.support.site import APPROVED, HEROIN, add_comment, set_discussion

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

ARTICLE = f"/{HEROIN}/"


def thread(app) -> None:
    """Give the article a conversation: approved comments, a reply, and pending ones; and
    the site its help lines, so the "Need help now?" box is on the pages as readers meet it."""
    set_discussion(app, help_lines=US)
    first = add_comment(app, "Day 40 after a slip. It gets easier.", APPROVED, author_name="Robin")
    add_comment(app, "Thank you, Robin.", APPROVED, author_name="Kai", parent=first)
    add_comment(app, "Seven months clean, one bad night.", APPROVED, author_name="Jo")
    add_comment(app, "Is it normal to feel ashamed?", author_name="Sam")
    add_comment(app, "Visit <a href='https://example.com'>my page</a>", author_name="Lee")
    # One that needs care: its table, guide and pre-filled reply come first in the queue.
    Commenter(app.test_client()).post(comment="I can't go on. I just want to die.", author="Jo")


def index(page: Page) -> None:
    page.goto("/")


def article(page: Page) -> None:
    page.goto(ARTICLE)


def form_errors(page: Page) -> None:
    page.goto(ARTICLE)
    page.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#commentform .form-errors")).to_be_visible()


def comment_preview(page: Page) -> None:
    page.goto(ARTICLE)
    page.get_by_label("Comment").first.fill("Day 12. Thank you for this.")
    page.get_by_label("Name").first.fill("Sam")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#comment-preview")).to_be_visible()


def own_comment(page: Page) -> None:
    page.goto(ARTICLE)
    page.get_by_label("Comment").first.fill("Day 12. Thank you for this.")
    page.get_by_label("Name").first.fill("Sam")
    page.get_by_role("button", name="Post Comment").click()
    page.get_by_role("link", name="your comment's private page").click()
    expect(page.get_by_role("heading", name="Your comment", exact=True)).to_be_visible()


def second_look(page: Page) -> None:
    page.goto(ARTICLE)
    page.get_by_label("Comment").first.fill("Text me on 415-555-0132 if you want to talk.")
    page.get_by_label("Name").first.fill("Dana Quill")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#second-look")).to_be_visible()


def flagged_preview(page: Page) -> None:
    page.goto(ARTICLE)
    page.get_by_label("Comment").first.fill("I can't do this anymore. I just want to die tonight.")
    page.get_by_label("Name").first.fill("Robin")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".comment-awaiting-moderation, .care-note").first).to_be_visible()
    expect(page.locator("li.comment aside.help-box").first).to_be_visible()


def login(page: Page) -> None:
    page.goto("/admin/login")


def queue(page: Page) -> None:
    log_in(page)
    page.goto("/admin/comments")
    expect(page.locator(".queue tbody tr").first).to_be_visible()


def redact(page: Page) -> None:
    log_in(page)
    page.goto("/admin/comments")
    page.get_by_role("link", name="Approve with changes").first.click()
    expect(page.get_by_role("heading", name="Approve with changes")).to_be_visible()


def dashboard(page: Page) -> None:
    log_in(page)
    page.goto("/admin/")


PAGES: dict[str, Callable[[Page], None]] = {
    "index": index,
    "article": article,
    "article-form-errors": form_errors,
    "article-comment-preview": comment_preview,
    "own-comment": own_comment,
    "article-second-look": second_look,
    "article-flagged-preview": flagged_preview,
    "login": login,
    "queue": queue,
    "dashboard": dashboard,
    "redact": redact,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations_in_light_or_dark(app, person, name: str):
    thread(app)
    page = person(bypass_csp=True)
    PAGES[name](page)
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    assert status in (200, 400, 422), f"{name} answered {status}"
    found = {}
    # One page, both schemes: switching prefers-color-scheme restyles it as a reload would.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found[scheme] = violations(page)
        screenshot(page, f"{name}-{scheme}")
    reports = [f"{scheme}:\n{report(v)}" for scheme, v in found.items() if v]
    assert not reports, f"axe found on {name}:\n" + "\n".join(reports)
