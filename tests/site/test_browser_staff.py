"""Staff logins in a real browser: "Keep me logged in" after a restart, a phone changing
network, and the password asked again before the settings page."""

import pytest
from playwright.sync_api import Page, expect

from cms.models import Role
from tests.support.people import STAFF_PASSWORD, add_user

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

ADMIN = "admin@example.org"


def log_in_kept(page: Page) -> None:
    """Log in as the admin with "Keep me logged in" ticked."""
    page.goto("/admin/login")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Keep me logged in on this device").check()
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/comments")


def confirm_password(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Please confirm it is you")
    page.get_by_label("Your password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Confirm and continue").click()


def test_a_restarted_browser_stays_logged_in_and_confirms_before_settings(app, person) -> None:
    add_user(app, Role.ADMIN, email=ADMIN, name="Ada Admin")
    first = person()
    log_in_kept(first)
    kept = [c for c in first.context.cookies() if c["name"] == "remember_token"]
    assert kept and kept[0]["httpOnly"]
    # The browser closed and opened again: session cookies are gone, the kept one is not.
    again = person()
    again.context.add_cookies(kept)
    again.goto("/admin/comments")
    expect(again.get_by_role("heading", level=1)).to_have_text("Comments")
    again.goto("/admin/settings")
    confirm_password(again)
    again.wait_for_url("**/admin/settings")
    expect(again.get_by_role("heading", level=1)).to_contain_text("settings")


def test_a_phone_changing_network_keeps_its_place_in_the_queue(app, person) -> None:
    add_user(app, Role.ADMIN, email=ADMIN, name="Ada Admin")
    wifi = person(user_agent="Phone on Wi-Fi")
    log_in_kept(wifi)
    mobile = person(user_agent="Phone on mobile data")
    mobile.context.add_cookies(wifi.context.cookies())
    mobile.goto("/admin/comments")
    expect(mobile.get_by_role("heading", level=1)).to_have_text("Comments")
    mobile.goto("/admin/users")
    confirm_password(mobile)
    mobile.wait_for_url("**/admin/users")
