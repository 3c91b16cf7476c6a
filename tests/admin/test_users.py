"""The users page and `flask user`: roles, disabling, adding accounts, and what is recorded."""

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Role, User
from tests.support.html_page import page
from tests.support.people import STAFF_PASSWORD, Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, EDITOR_PASSWORD, audit_rows, user_id

NEW_EMAIL = "new.moderator@example.org"
# Each audit entry as (who, action, comment, from, to, detail).
AUDIT_ROW = ("user_id", "action", "comment_id", "from_status", "to_status", "detail")


def user(app: Flask, email: str) -> User | None:
    with app.app_context():
        found = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        db.session.expunge_all()
        return found


def post(browser: Editor, path: str, **data: str):
    """Post a form of the users page, with the token read from it; return the page after."""
    token = csrf_token(browser.client.get("/admin/users").get_data(as_text=True))
    return browser.client.post(path, data={"csrf_token": token, **data}, follow_redirects=True)


def flashed(response) -> str:
    return page(response).find("div", "flashes").text


def test_users_page_lists_each_account_with_role_status_and_date(app: Flask, admin: Editor):
    doc = page(admin.client.get("/admin/users"))
    row = doc.by_id(f"user-{user_id(app, EDITOR_EMAIL)}")
    cells = [td.text for td in row.find_all("td")]
    assert cells[0] == "Eddie Editor"
    assert cells[1] == EDITOR_EMAIL
    selected = [o.attrs["value"] for o in row.find_all("option") if "selected" in o.attrs]
    assert selected == ["editor"]
    assert cells[3].startswith("Active")
    assert doc.by_id(f"user-{user_id(app, 'admin@example.org')}").text.startswith("Ada Admin (you)")


def test_admin_changes_a_role_and_the_change_is_recorded(app: Flask, admin: Editor) -> None:
    editor_id = user_id(app, EDITOR_EMAIL)
    response = post(admin, f"/admin/users/{editor_id}/role", role="moderator")
    assert "Eddie Editor is now moderator." in flashed(response)
    assert user(app, EDITOR_EMAIL).role == Role.MODERATOR
    admin_id = user_id(app, "admin@example.org")
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (admin_id, "role", None, "editor", "moderator", f"{EDITOR_EMAIL}: editor → moderator")
    ]


def test_new_role_takes_effect_on_the_users_next_request(app: Flask, admin: Editor) -> None:
    browser = Editor(app.test_client())
    browser.login()
    assert browser.client.get("/admin/articles").status_code == 200
    post(admin, f"/admin/users/{user_id(app, EDITOR_EMAIL)}/role", role="moderator")
    assert browser.client.get("/admin/articles").status_code == 403
    assert browser.client.get("/admin/comments").status_code == 200


def test_choosing_the_same_role_changes_and_records_nothing(app: Flask, admin: Editor) -> None:
    response = post(admin, f"/admin/users/{user_id(app, EDITOR_EMAIL)}/role", role="editor")
    assert "Nothing changed." in flashed(response)
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_an_unknown_role_is_refused(app: Flask, admin: Editor) -> None:
    response = post(admin, f"/admin/users/{user_id(app, EDITOR_EMAIL)}/role", role="owner")
    assert "Choose one of the roles offered." in flashed(response)
    assert user(app, EDITOR_EMAIL).role == Role.EDITOR
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_disabling_logs_the_user_out_and_enabling_lets_them_back(app: Flask, admin: Editor):
    browser = Editor(app.test_client())
    browser.login()
    editor_id = user_id(app, EDITOR_EMAIL)
    response = post(admin, f"/admin/users/{editor_id}/disable")
    assert "Eddie Editor is disabled and can no longer log in." in flashed(response)
    assert (
        page(response).by_id(f"user-{editor_id}").find("td", "status").text.startswith("Disabled")
    )
    assert browser.client.get("/admin/comments").status_code == 302
    assert browser.login().status_code == 400

    response = post(admin, f"/admin/users/{editor_id}/enable")
    assert "Eddie Editor is enabled and can log in again." in flashed(response)
    assert browser.login().status_code == 302
    admin_id = user_id(app, "admin@example.org")
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (admin_id, "disable", None, "active", "disabled", f"{EDITOR_EMAIL}: active → disabled"),
        (admin_id, "enable", None, "disabled", "active", f"{EDITOR_EMAIL}: disabled → active"),
    ]


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("role", {"role": "editor"}, "You cannot change the role of your own account"),
        ("role", {"role": "moderator"}, "You cannot change the role of your own account"),
        ("disable", {}, "You cannot disable your own account"),
    ],
)
def test_admin_cannot_demote_or_disable_themselves(
    app: Flask, admin: Editor, path: str, data: dict[str, str], message: str
) -> None:
    me = user_id(app, "admin@example.org")
    response = post(admin, f"/admin/users/{me}/{path}", **data)
    assert message in flashed(response)
    assert "so the site always keeps an admin who can log in" in flashed(response)
    stored = user(app, "admin@example.org")
    assert stored.role == Role.ADMIN and not stored.disabled
    assert audit_rows(app, fields=AUDIT_ROW) == []
    assert admin.client.get("/admin/users").status_code == 200


def test_users_page_offers_no_role_or_disable_control_for_yourself(
    app: Flask, admin: Editor
) -> None:
    row = page(admin.client.get("/admin/users")).by_id(f"user-{user_id(app, 'admin@example.org')}")
    assert row.find("form") is None


def test_action_on_an_unknown_user_is_not_found(admin: Editor) -> None:
    assert post(admin, "/admin/users/9999/disable").status_code == 404


def test_admin_adds_a_user_who_can_log_in_with_that_role(app: Flask, admin: Editor) -> None:
    response = post(
        admin,
        "/admin/users",
        email=NEW_EMAIL,
        name="Nell New",
        role="moderator",
        password="a long new password",
    )
    assert "Added Nell New as moderator. They can log in now." in flashed(response)
    created = user(app, NEW_EMAIL)
    assert created.role == Role.MODERATOR and created.name == "Nell New"
    assert created.password_hash != "a long new password"
    browser = Editor(app.test_client())
    assert browser.login(NEW_EMAIL, "a long new password").status_code == 302
    assert browser.client.get("/admin/settings").status_code == 403
    admin_id = user_id(app, "admin@example.org")
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (admin_id, "user-create", None, "", "moderator", f"{NEW_EMAIL} as moderator")
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": ""}, "email", "Enter the email address they will log in with."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address"),
        ({"email": EDITOR_EMAIL.upper()}, "email", "already exists"),
        ({"password": "short"}, "password", "The password must be at least 8 characters."),
        ({"password": ""}, "password", "Enter a password for the account."),
        ({"role": "owner"}, "role", "Not a valid choice"),
        ({"name": "n" * 101}, "name", "Name must be at most 100 characters."),
        ({"name": ""}, "name", "Enter the name readers will see."),
        ({"name": "   "}, "name", "Enter the name readers will see."),
    ],
)
def test_a_bad_new_user_is_explained_kept_and_not_stored(
    app: Flask, admin: Editor, fields: dict[str, str], field: str, message: str
) -> None:
    data = {"email": NEW_EMAIL, "name": "Nell New", "role": "editor", "password": "long enough"}
    token = csrf_token(admin.client.get("/admin/users").get_data(as_text=True))
    response = admin.client.post("/admin/users", data={"csrf_token": token, **data, **fields})
    assert response.status_code == 400
    doc = page(response)
    assert message in doc.by_id(f"{field}-error").text
    assert message in doc.find("div", "form-errors").text
    if field != "email":
        assert doc.by_id("email").attrs["value"] == NEW_EMAIL
    if field != "name":
        assert doc.by_id("name").attrs["value"] == "Nell New"
    assert "long enough" not in response.get_data(as_text=True)
    assert user(app, NEW_EMAIL) is None
    assert audit_rows(app, fields=AUDIT_ROW) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_user_emails_are_shown_to_admins_only(app: Flask, editor: Editor) -> None:
    assert editor.client.get("/admin/users").status_code == 403


# --- flask user: the same rules at the command line ---


def test_user_list_shows_each_account(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["user", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{EDITOR_EMAIL}\teditor\tactive\tEddie Editor"]


def test_user_create_records_the_account_as_made_at_the_command_line(
    app: Flask, runner: FlaskCliRunner
) -> None:
    args = ["user", "create", "--name", "Nell New", "--email", NEW_EMAIL, "--role", "moderator"]
    result = runner.invoke(args=[*args, "--password", STAFF_PASSWORD])
    assert result.exit_code == 0, result.output
    assert audit_rows(app, fields=AUDIT_ROW) == [
        (None, "user-create", None, "", "moderator", f"{NEW_EMAIL} as moderator (command line)")
    ]


def test_user_set_role_changes_the_role_and_records_it(app: Flask, runner: FlaskCliRunner):
    result = runner.invoke(args=["user", "set-role", EDITOR_EMAIL.upper(), "admin"])
    assert result.exit_code == 0, result.output
    assert f"{EDITOR_EMAIL.upper()} is now admin." in result.output
    assert user(app, EDITOR_EMAIL).role == Role.ADMIN
    browser = Editor(app.test_client())
    browser.login(EDITOR_EMAIL, EDITOR_PASSWORD)
    assert browser.client.get("/admin/users").status_code == 200
    [(who, action, *_rest, detail)] = audit_rows(app, fields=AUDIT_ROW)
    assert (who, action) == (None, "role")
    assert detail == f"{EDITOR_EMAIL}: editor → admin (command line)"


def test_user_disable_and_enable_at_the_command_line(app: Flask, runner: FlaskCliRunner):
    assert runner.invoke(args=["user", "disable", EDITOR_EMAIL]).output == (
        f"Disabled {EDITOR_EMAIL}.\n"
    )
    assert Editor(app.test_client()).login().status_code == 400
    assert "already disabled" in runner.invoke(args=["user", "disable", EDITOR_EMAIL]).output
    assert runner.invoke(args=["user", "enable", EDITOR_EMAIL]).output == (
        f"Enabled {EDITOR_EMAIL}.\n"
    )
    assert Editor(app.test_client()).login().status_code == 302
    assert [row[1] for row in audit_rows(app, fields=AUDIT_ROW)] == ["disable", "enable"]


@pytest.mark.parametrize(
    "args",
    [["set-role", "nobody@example.org", "admin"], ["disable", "nobody@example.org"]],
)
def test_user_commands_explain_an_unknown_email(
    app: Flask, runner: FlaskCliRunner, args: list[str]
) -> None:
    result = runner.invoke(args=["user", *args])
    assert result.exit_code != 0
    assert "There is no account with the email nobody@example.org." in result.output
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_user_set_password_at_the_command_line_ends_every_login(
    app: Flask, runner: FlaskCliRunner, editor: Editor
) -> None:
    result = runner.invoke(
        args=["user", "set-password", EDITOR_EMAIL.upper(), "--password", "a fresh long password"]
    )
    assert result.exit_code == 0, result.output
    assert f"New password set for {EDITOR_EMAIL.upper()}; 1 open login(s) ended." in result.output
    assert editor.client.get("/admin/comments").status_code == 302
    assert Editor(app.test_client()).login(password="a fresh long password").status_code == 302
    assert audit_rows(app, fields=AUDIT_ROW)[-1][1] == "password"


def test_user_set_password_refuses_a_short_one(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["user", "set-password", EDITOR_EMAIL, "--password", "short"])
    assert result.exit_code != 0
    assert "The password must be at least 8 characters." in result.output
    assert Editor(app.test_client()).login().status_code == 302
