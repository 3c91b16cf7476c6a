"""Country presets for the help box: never a silent default, chosen on the dashboard or at
setup, each number with its source."""

import re

import pytest
from flask import Flask

from cms.care.presets import PRESETS
from cms.models import Role
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token, staff_browser
from tests.support.site import audit_rows, make_app


def test_each_country_named_in_the_issue_has_a_preset_with_a_source_per_line() -> None:
    assert {p.name for p in PRESETS.values()} >= {
        "United States", "Canada", "United Kingdom and Ireland", "Australia"
    }  # fmt: skip
    for preset in PRESETS.values():
        assert len(preset.lines) == len(preset.sources) and preset.lines
        assert all(s.startswith("https://") for s in preset.sources)
        # The first line is always the emergency number.
        assert preset.lines[0].startswith("In danger now: call ")


def test_the_dashboard_says_the_box_is_empty_and_why(app: Flask, editor: Editor) -> None:
    shown = page(editor.client.get("/admin/")).find("section", cls="dashboard-help-box").text
    assert "The box is empty." in shown and "no number to call" in shown


def test_an_admin_chooses_a_country_on_the_dashboard(app: Flask, client) -> None:
    admin = staff_browser(app, Role.ADMIN, name="Ada Admin")
    dashboard = admin.client.get("/admin/").get_data(as_text=True)
    response = admin.client.post(
        "/admin/help-box", data={"preset": "uk-ie", "csrf_token": csrf_token(dashboard)}
    )
    assert response.status_code == 303
    footer = page(client.get("/")).find("footer").text
    assert "Samaritans (UK and Ireland, free, 24/7):" in footer and "116 123" in footer
    assert any("help_lines" in detail for _, detail in audit_rows(app, fields=("action", "detail")))


def test_an_editor_is_told_but_cannot_choose(editor: Editor) -> None:
    shown = editor.client.get("/admin/").get_data(as_text=True)
    assert "The box is empty." in shown and 'name="preset"' not in shown
    token = csrf_token(shown)
    response = editor.client.post("/admin/help-box", data={"preset": "us", "csrf_token": token})
    assert response.status_code == 403


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_setup_fills_the_box_with_a_country(empty_database: str, key: str) -> None:
    app = make_app(empty_database)
    result = app.test_cli_runner().invoke(args=["setup", "--help-box", key])
    assert result.exit_code == 0, result.output
    assert f"shows {PRESETS[key].name}'s help lines" in result.output
    footer = app.test_client().get("/").get_data(as_text=True)
    number = re.search(r"call (\d+)", PRESETS[key].lines[0]).group(1)
    assert f'href="tel:{number}"' in footer


def test_setup_without_a_country_says_the_box_is_empty(empty_database: str) -> None:
    result = make_app(empty_database).test_cli_runner().invoke(args=["setup"])
    assert 'The "Need help now?" box is empty' in result.output
