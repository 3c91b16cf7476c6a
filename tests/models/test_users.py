"""Staff accounts: passwords kept as hashes, what each role may do, disabled accounts, the
second factor, and the name shown for an account."""

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import Permission, Role, User, utcnow
from cms.models.users import check_no_password

PASSWORD = "correct horse battery staple"
# What each role may reach: the table as a person reads it, not as the code builds it.
MAY = {
    Role.MODERATOR: {Permission.COMMENTS},
    Role.EDITOR: {Permission.COMMENTS, Permission.ARTICLES},
    Role.ADMIN: {Permission.COMMENTS, Permission.ARTICLES, Permission.SETTINGS, Permission.USERS},
}


def account(role: Role = Role.EDITOR, **fields: object) -> User:
    """Return an unsaved account with a password."""
    user = User(email="staff@example.org", role=role, **fields)
    user.set_password(PASSWORD)
    return user


def test_a_password_is_kept_only_as_a_hash_that_checks_it() -> None:
    user = account()
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD.upper())
    assert not user.check_password("")
    first = user.password_hash
    user.set_password(PASSWORD)
    assert user.password_hash != first  # salted: the same password never hashes alike
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("password", ["", PASSWORD, "anything at all"])
def test_checking_a_password_against_no_account_never_succeeds(password: str) -> None:
    assert check_no_password(password) is False


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_each_role_may_do_what_its_permissions_name(role: Role, permission: Permission) -> None:
    user = account(role)
    assert user.can(permission) is (permission in MAY[role])
    assert user.is_staff


def test_a_disabled_account_is_inactive(app: Flask) -> None:
    with app.app_context():
        user = account()
        db.session.add(user)
        db.session.commit()
        assert user.disabled is False and user.is_active
        user.disabled = True
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(User, user.id).is_active is False


def test_two_factor_counts_only_once_confirmed_with_a_secret() -> None:
    assert not account().has_2fa
    assert not account(totp_secret="JBSWY3DPEHPK3PXP").has_2fa  # set up, not yet confirmed
    assert not account(totp_enabled_at=utcnow()).has_2fa
    assert account(totp_secret="JBSWY3DPEHPK3PXP", totp_enabled_at=utcnow()).has_2fa


def test_the_totp_secret_is_stored_encrypted(app: Flask) -> None:
    with app.app_context():
        user = account(totp_secret="JBSWY3DPEHPK3PXP")
        db.session.add(user)
        db.session.commit()
        raw = db.session.execute(
            text("SELECT totp_secret_sealed FROM users WHERE id = :id"), {"id": user.id}
        ).scalar()
        assert raw and "JBSWY3DPEHPK3PXP" not in raw
        db.session.expire_all()
        assert db.session.get(User, user.id).totp_secret == "JBSWY3DPEHPK3PXP"


def test_an_account_is_identified_by_its_login_token_never_its_id() -> None:
    user = account(id=7)
    with pytest.raises(RuntimeError, match="staff login must be started"):
        user.get_id()
    user.session_token = "a-session-token"
    assert user.get_id() == "a-session-token"


@pytest.mark.parametrize(
    ("name", "shown"), [(" Nia Reyes ", "Nia Reyes"), ("\t", "Admin"), ("", "Admin")]
)
def test_the_name_shown_is_trimmed_or_else_the_role(name: str, shown: str) -> None:
    assert account(Role.ADMIN, name=name).display_name == shown


def test_two_accounts_cannot_share_an_address(app: Flask) -> None:
    with app.app_context():
        db.session.add(account())
        db.session.commit()
        db.session.add(account(Role.ADMIN))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        roles = db.session.scalars(select(User.role).where(User.email == "staff@example.org")).all()
        assert roles == [Role.EDITOR]
