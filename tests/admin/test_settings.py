"""The discussion settings page: every setting saved, shown back, checked and recorded."""

import json
from dataclasses import asdict

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.comments import discussion
from cms.extensions import db
from cms.http import freshness
from cms.models import Setting
from tests.support.html_page import Element, page
from tests.support.people import Commenter, Editor
from tests.support.site import audit_rows, user_id

AUDIT_ROW = ("user_id", "action", "detail")

# Each setting, what an admin types or ticks, and what is stored and shown back.
CHANGES = [
    ("manual_approval", False, False),
    ("require_email", True, True),
    ("previous_approved", True, True),
    ("edit_minutes", "30", 30),
    (
        "moderation_promise",
        "  An editor reads new\n comments every evening. ",
        "An editor reads new comments every evening.",
    ),
    ("max_links", "0", 0),
    ("moderation_words", "casino\n\n  Free Money \nCASINO\n", ["casino", "Free Money"]),
    ("disallowed_words", "viagra\r\ncrypto pump", ["viagra", "crypto pump"]),
    ("disallowed_action", "trash", "trash"),
    ("close_old", True, True),
    ("close_after_days", "30", 30),
    ("threading", False, False),
    ("thread_depth", "10", 10),
    ("paginate", True, True),
    ("per_page", "20", 20),
    ("default_page", "oldest", "oldest"),
    ("order", "newest", "newest"),
    ("notify_held", False, False),
    ("notify_posted", True, True),
    (
        "removal_reasons",
        "names of other people\n off topic \n\nOff topic",
        ["names of other people", "off topic"],
    ),
    (
        "help_lines",
        " Lifeline: call 988 \n\nCrisis Text Line: text HOME to 741741",
        ["Lifeline: call 988", "Crisis Text Line: text HOME to 741741"],
    ),
    ("care_reply", "  We are here.\n{help_lines} ", "We are here.\n{help_lines}"),
    ("crisis_line", "  call 988\n or text HOME to 741741 ", "call 988 or text HOME to 741741"),
    ("privacy_contact", " privacy@example.org ", "privacy@example.org"),
]


def form_values(form: Element) -> dict[str, object]:
    """Read a form as a browser would send it: checkboxes as booleans, the rest as text."""
    values: dict[str, object] = {}
    for element in form.iter():
        name = element.attrs.get("name")
        if element.tag == "input" and element.attrs.get("type") == "checkbox":
            values[name] = "checked" in element.attrs
        elif element.tag == "input" and name:
            values[name] = element.attrs.get("value", "")
        elif element.tag == "textarea":
            # HTML drops one newline right after <textarea>, as wtforms writes it.
            values[name] = element.raw_text.removeprefix("\r\n").removeprefix("\n")
        elif element.tag == "select":
            options = element.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options
            values[name] = chosen[0].attrs["value"]
    return values


def shown_as(value: object) -> object:
    """Return how the form shows a stored value: ticked or not, else as text."""
    if isinstance(value, bool):
        return value
    return "\n".join(value) if isinstance(value, list) else str(value)


def settings_form(browser: Editor) -> dict[str, object]:
    return form_values(page(browser.client.get("/admin/settings")).find("form", "settings-form"))


def send(browser: Editor, **changes: object):
    """Post the settings form as shown, with some fields changed; unticked boxes are left out."""
    values = settings_form(browser) | changes
    data = {k: ("y" if v is True else v) for k, v in values.items() if v is not False}
    return browser.client.post("/admin/settings", data=data)


def stored(app: Flask) -> dict[str, object]:
    with app.test_request_context():
        return asdict(discussion.load())


def test_page_shows_every_setting_with_its_default(app: Flask, admin: Editor) -> None:
    shown = settings_form(admin)
    defaults = asdict(discussion.Discussion())
    assert {name: shown[name] for name in defaults} == {
        name: shown_as(value) for name, value in defaults.items()
    }


def test_settings_are_grouped_in_fieldsets_with_legends_and_labels(admin: Editor) -> None:
    form = page(admin.client.get("/admin/settings")).find("form", "settings-form")
    legends = [legend.text for legend in form.find_all("legend")]
    assert "Comment moderation" in legends and "Disallowed comment keys" in legends
    labelled = {label.attrs["for"] for label in form.find_all("label")}
    assert set(discussion.SETTING_NAMES) <= labelled


def test_every_setting_is_in_the_table_of_changes() -> None:
    assert [name for name, _, _ in CHANGES] == list(discussion.SETTING_NAMES)


@pytest.mark.parametrize(("name", "typed", "saved"), CHANGES, ids=[c[0] for c in CHANGES])
def test_each_setting_saves_is_shown_back_and_is_recorded(
    app: Flask, admin: Editor, name: str, typed: object, saved: object
) -> None:
    before = stored(app)
    response = send(admin, **{name: typed})
    assert response.status_code == 302
    assert stored(app) == before | {name: saved}
    after = page(admin.client.get(response.headers["Location"]))
    label = after.by_id(name).parent.find("label").text
    assert f"Settings saved. Changed: {label}." in after.find("div", "flashes").text
    assert settings_form(admin)[name] == shown_as(saved)
    old, new = json.dumps(before[name]), json.dumps(saved)
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (user_id(app, "admin@example.org"), "settings", f"{name}: {old} → {new}")
    ]


def test_saving_several_settings_records_one_entry_each(app: Flask, admin: Editor) -> None:
    send(admin, thread_depth="3", order="newest", notify_posted=True)
    assert [(action, detail) for _, action, detail in audit_rows(app, fields=AUDIT_ROW)] == [
        ("settings", "thread_depth: 5 → 3"),
        ("settings", 'order: "oldest" → "newest"'),
        ("settings", "notify_posted: false → true"),
    ]


def test_saving_unchanged_settings_says_so_and_records_nothing(app: Flask, admin: Editor) -> None:
    response = send(admin)
    assert response.status_code == 302
    flashed = page(admin.client.get("/admin/settings")).find("div", "flashes").text
    assert "Nothing changed" in flashed
    assert audit_rows(app, fields=AUDIT_ROW) == []


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("thread_depth", "0", "Enter a whole number from 1 to 10."),
        ("thread_depth", "11", "Enter a whole number from 1 to 10."),
        ("thread_depth", "", "Enter a whole number from 1 to 10."),
        ("max_links", "-1", "Enter a whole number from 0 to 100."),
        ("max_links", "two", "Enter a whole number from 0 to 100."),
        ("per_page", "0", "Enter a whole number from 1 to 500."),
        ("per_page", "2.5", "Enter a whole number from 1 to 500."),
        ("close_after_days", "-7", "Enter a whole number from 1 to 3650."),
        ("moderation_words", "ok\n" + "x" * 101, "at most 100 characters"),
        ("disallowed_action", "delete", "Not a valid choice"),
        ("order", "random", "Not a valid choice"),
        ("privacy_contact", "ask Sam", "Enter an email address, like editors@example.org"),
        ("privacy_contact", "javascript:alert(1)", "or a web page address starting with https://"),
    ],
)
def test_invalid_input_is_explained_kept_and_not_saved(
    app: Flask, admin: Editor, name: str, typed: str, message: str
) -> None:
    before = stored(app)
    response = send(admin, **{name: typed}, disallowed_words="kept words", paginate=True)
    assert response.status_code == 400
    doc = page(response)
    assert message in doc.by_id(f"{name}-error").text
    assert message in doc.find("div", "form-errors").text
    assert doc.by_id(name).attrs["aria-invalid"] == "true"
    values = form_values(doc.find("form", "settings-form"))
    if name not in ("disallowed_action", "order"):
        assert values[name] == typed.replace("\r\n", "\n")
    assert values["disallowed_words"] == "kept words"
    assert values["paginate"] is True
    assert stored(app) == before
    assert audit_rows(app, fields=AUDIT_ROW) == []
    with app.app_context():
        # The site's own change mark (cms/http/freshness.py) lives in the same table.
        saved = select(func.count()).select_from(Setting).where(Setting.key != freshness.KEY)
        assert db.session.scalar(saved) == 0


def test_settings_without_a_csrf_token_are_refused(app: Flask, admin: Editor) -> None:
    response = admin.client.post("/admin/settings", data={"thread_depth": "2"})
    assert response.status_code == 400
    assert stored(app)["thread_depth"] == 5


def test_closing_old_articles_closes_the_launch_articles(
    app: Flask, admin: Editor, reader: Commenter
) -> None:
    send(admin, close_old=True, close_after_days="1")
    doc = page(reader.article())
    assert doc.find("p", "comments-closed").text == "Comments are closed."
