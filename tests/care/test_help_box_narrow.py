"""The "Need help now?" box on a 320 px phone, in a real browser: every line readable, its
links big enough to press, nothing wider than the screen."""

import pytest
from flask import Flask
from playwright.sync_api import expect

from cms.care.presets import PRESETS
from tests.support.site import HEROIN, set_discussion

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_the_box_fits_a_320_px_screen(app: Flask, person) -> None:
    set_discussion(app, help_lines=list(PRESETS["us"].lines))
    page = person()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/{HEROIN}/")
    box = page.locator("#respond .help-box")
    expect(box).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for link in box.get_by_role("link").all():
        size = link.bounding_box()
        assert size is not None and size["x"] >= 0 and size["x"] + size["width"] <= 320
    expect(page.locator(".site-footer .help-box")).to_contain_text("Need help now?")
