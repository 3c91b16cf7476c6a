"""Staff TOTP secrets at rest: encrypted under EMAIL_KEY like addresses, rotated with them,
and sealed by migration 0007 when an older database held them in clear."""

from datetime import datetime

import pyotp
from flask import Flask
from flask.testing import FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import text

from cms.extensions import db
from cms.models import User
from tests.accounts.test_login import is_logged_in
from tests.accounts.test_two_factor import code_step, next_code, password_step, turn_on
from tests.privacy.test_crypto import database_file
from tests.support.people import Editor
from tests.support.site import EDITOR_EMAIL, make_app, user_id

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sealed_column(app: Flask) -> str:
    with app.app_context():
        return db.session.execute(
            text("SELECT totp_secret_sealed FROM users WHERE email = :e"), {"e": EDITOR_EMAIL}
        ).scalar_one()


def test_the_database_never_holds_a_totp_secret_in_clear(app: Flask, editor: Editor) -> None:
    secret, _ = turn_on(editor)
    stored = sealed_column(app)
    assert stored and secret not in stored
    assert secret.encode() not in database_file(app)
    assert secret.lower().encode() not in database_file(app)


def test_rotating_the_key_keeps_two_factor_login_working(
    app: Flask, editor: Editor, runner: FlaskCliRunner
) -> None:
    secret, _ = turn_on(editor)
    before = sealed_column(app)
    app.config["EMAIL_KEY"] = "the new key,test email key"
    result = runner.invoke(args=["rotate-email-key"])
    assert result.exit_code == 0, result.output
    assert sealed_column(app) != before
    # Only the new key from now on: the old one may be thrown away.
    app.config["EMAIL_KEY"] = "the new key"
    browser = password_step(app)
    assert code_step(browser, next_code(secret)).status_code == 302
    assert is_logged_in(browser.client)


def test_migration_0007_seals_a_secret_stored_in_clear(empty_database: str) -> None:
    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision="0006")
        db.session.execute(
            text(
                "INSERT INTO users (email, name, password_hash, role, disabled, created_at,"
                " totp_secret, totp_enabled_at)"
                " VALUES (:e, 'Eddie', 'x', 'editor', false, :t, :s, :t)"
            ),
            {"e": EDITOR_EMAIL, "t": datetime(2026, 1, 1), "s": SECRET},
        )
        db.session.commit()
        upgrade()
        stored = db.session.execute(text("SELECT totp_secret_sealed FROM users")).scalar_one()
        assert SECRET not in stored
        user = db.session.get(User, user_id(app, EDITOR_EMAIL))
        assert user.totp_secret == SECRET and user.has_2fa
        assert pyotp.TOTP(user.totp_secret).now().isdigit()
        db.session.remove()
