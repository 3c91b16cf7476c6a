"""Staff accounts as the users page and `flask user` change them: the rules and the record."""

from collections.abc import Callable

import pytest
from flask import Flask

from cms.accounts import staff
from cms.accounts.staff import AccountError
from cms.extensions import db
from cms.models import Role, User
from tests.accounts.test_login import is_logged_in
from tests.support.people import Editor, staff_browser
from tests.support.site import EDITOR_EMAIL, audit_rows, user_id

NEW = "new.moderator@example.org"
AUDIT = ("action", "from_status", "to_status", "user_id", "detail")


def acting(app: Flask, change: Callable[[], object]) -> object:
    """Run one account change in the app and commit it, as a view or command does."""
    with app.app_context():
        result = change()
        db.session.commit()
        return result


def account(email: str = EDITOR_EMAIL) -> User:
    return staff.get_user(email)


def test_a_created_account_logs_in_and_the_record_names_who_made_it(app: Flask) -> None:
    staff_browser(app, Role.ADMIN)
    admin_id = user_id(app, "admin@example.org")
    with app.app_context():
        by = db.session.get(User, admin_id)
        staff.create(NEW, "  Nia  ", Role.MODERATOR, "a long new password", by)
        db.session.commit()
    with app.app_context():
        made = account(NEW)
        assert (made.name, made.role, made.disabled) == ("Nia", Role.MODERATOR, False)
    assert Editor(app.test_client()).login(NEW, "a long new password").status_code == 302
    assert audit_rows(app, fields=AUDIT)[-1] == (
        "user-create",
        "",
        "moderator",
        admin_id,
        f"{NEW} as moderator",
    )


@pytest.mark.parametrize(
    ("email", "name", "password", "message"),
    [
        ("EDITOR@example.org", "Eddie", "a long password", "already exists"),
        (NEW, "   ", "a long password", "Enter the name readers will see"),
        (NEW, "Nia", "short", "at least 8 characters"),
    ],
)
def test_a_refused_account_says_why_and_stores_nothing(
    app: Flask, email: str, name: str, password: str, message: str
) -> None:
    with app.app_context(), pytest.raises(AccountError, match=message):
        staff.create(email, name, Role.MODERATOR, password, by=None)
    with app.app_context():
        assert [u.email for u in staff.all_users()] == [EDITOR_EMAIL]
    assert audit_rows(app) == []


def test_changes_at_the_command_line_are_recorded_as_such(app: Flask) -> None:
    acting(app, lambda: staff.create(NEW, "Nia", Role.MODERATOR, "a long password", by=None))
    acting(app, lambda: staff.set_role(account(NEW), Role.EDITOR, by=None))
    assert audit_rows(app, fields=AUDIT) == [
        ("user-create", "", "moderator", None, f"{NEW} as moderator (command line)"),
        ("role", "moderator", "editor", None, f"{NEW}: moderator → editor (command line)"),
    ]


def test_giving_the_same_role_again_changes_and_records_nothing(app: Flask) -> None:
    assert acting(app, lambda: staff.set_role(account(), Role.EDITOR, by=None)) is False
    assert acting(app, lambda: staff.set_disabled(account(), False, by=None)) is False
    assert audit_rows(app) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda me: staff.set_role(me, Role.EDITOR, by=me),
        lambda me: staff.set_disabled(me, True, by=me),
    ],
    ids=["demote", "disable"],
)
def test_nobody_demotes_or_disables_themselves(app: Flask, change: Callable) -> None:
    staff_browser(app, Role.ADMIN)
    with app.app_context():
        me = account("admin@example.org")
        with pytest.raises(AccountError, match="ask another admin"):
            change(me)
        db.session.commit()
    with app.app_context():
        me = account("admin@example.org")
        assert (me.role, me.disabled) == (Role.ADMIN, False)
    assert audit_rows(app) == []


def test_disabling_logs_the_account_out_and_enabling_lets_it_log_in(
    app: Flask, editor: Editor
) -> None:
    assert acting(app, lambda: staff.set_disabled(account(), True, by=None)) is True
    assert not is_logged_in(editor.client)
    assert Editor(app.test_client()).login().status_code == 400
    assert acting(app, lambda: staff.set_disabled(account(), False, by=None)) is True
    assert Editor(app.test_client()).login().status_code == 302
    assert [row[0] for row in audit_rows(app)] == ["disable", "enable"]


def test_a_new_password_ends_every_login_and_says_how_many(app: Flask, editor: Editor) -> None:
    Editor(app.test_client()).login()
    ended = acting(app, lambda: staff.set_password(account(), "a brand new password", by=None))
    assert ended == 2
    assert not is_logged_in(editor.client)
    assert Editor(app.test_client()).login(password="a brand new password").status_code == 302
    [(action, old, new, *_)] = audit_rows(app, fields=AUDIT)
    assert (action, old, new) == ("password", "old password", "new password")


def test_an_unknown_address_is_explained(app: Flask) -> None:
    with app.app_context(), pytest.raises(AccountError, match="no account with the email"):
        staff.get_user("nobody@example.org")


def test_all_users_lists_every_account_oldest_first(app: Flask) -> None:
    staff_browser(app, Role.MODERATOR)
    staff_browser(app, Role.ADMIN)
    with app.app_context():
        emails = [u.email for u in staff.all_users()]
    assert emails == [EDITOR_EMAIL, "moderator@example.org", "admin@example.org"]
