"""The command line: `flask setup` and `flask user create`."""

import pytest
from flask import Flask
from sqlalchemy import func, inspect, select

from cms.extensions import db
from cms.models import Article, Role, User
from tests.support.people import Editor
from tests.support.site import EDITOR_EMAIL, HEROIN, OPIOID, make_app

NEW_EMAIL = "new.editor@example.org"
NEW_PASSWORD = "a long new password"
ARTICLE_TITLES = {
    HEROIN: "I Relapsed On Heroin, Now What?",
    OPIOID: "Why Relapse into Opioid Addiction Is Not the End",
}


@pytest.fixture
def fresh_app(empty_database: str) -> Flask:
    """An app whose database is still empty (for SQLite, whose file does not exist yet)."""
    return make_app(empty_database)


def _articles(app: Flask) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                Article.id, Article.slug, Article.title, Article.body_html, Article.updated_at
            ).order_by(Article.id)
        ).all()
        return [tuple(row) for row in rows]


def _users(app: Flask, email: str) -> list[User]:
    with app.app_context():
        users = db.session.scalars(
            select(User).where(func.lower(User.email) == email.lower())
        ).all()
        db.session.expunge_all()
        return list(users)


def test_setup_on_a_fresh_database_creates_the_schema_and_both_articles(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Database is up to date." in result.output
    assert f"Added article: {HEROIN}" in result.output
    assert f"Added article: {OPIOID}" in result.output
    with fresh_app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"articles", "comments", "users", "audit_events"} <= tables
    assert sorted(slug for _, slug, *_ in _articles(fresh_app)) == [HEROIN, OPIOID]
    assert "I Relapsed On Heroin, Now What?" in fresh_app.test_client().get("/").get_data(
        as_text=True
    )


def test_setup_run_again_changes_nothing(fresh_app):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    before = _articles(fresh_app)
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Database is up to date." in result.output
    assert "Added article" not in result.output
    assert _articles(fresh_app) == before


def test_setup_keeps_an_article_an_editor_has_changed(app, runner):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        article.title = "Edited by an editor"
        article.body_html = "<p>Rewritten body.</p>"
        db.session.commit()
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Added article" not in result.output
    titles = {slug: title for _, slug, title, *_ in _articles(app)}
    assert titles == {HEROIN: "Edited by an editor", OPIOID: ARTICLE_TITLES[OPIOID]}
    page = app.test_client().get(f"/{HEROIN}/").get_data(as_text=True)
    assert "<h1>Edited by an editor</h1>" in page and "Rewritten body." in page


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_user_create_makes_an_account_that_can_log_in(app, runner, role):
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--name",
            "Nia New",
            "--email",
            NEW_EMAIL,
            "--role",
            role,
            "--password",
            NEW_PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert f"Created {role} {NEW_EMAIL}." in result.output
    [user] = _users(app, NEW_EMAIL)
    assert user.role == Role(role)
    assert user.password_hash != NEW_PASSWORD
    browser = Editor(app.test_client())
    login = browser.login(email=NEW_EMAIL, password=NEW_PASSWORD)
    assert login.status_code == 302
    assert login.headers["Location"].endswith("/admin/comments")
    assert "<h1>Comments</h1>" in browser.queue().get_data(as_text=True)


def test_user_create_prompts_twice_for_the_password_when_not_given(app, runner):
    result = runner.invoke(
        args=["user", "create", "--name", "Nia New", "--email", NEW_EMAIL],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Password") == 1
    assert "Repeat for confirmation" in result.output
    [user] = _users(app, NEW_EMAIL)
    assert user.role == Role.EDITOR
    assert Editor(app.test_client()).login(NEW_EMAIL, NEW_PASSWORD).status_code == 302


def test_user_create_asks_again_when_the_two_passwords_differ(app, runner):
    result = runner.invoke(
        args=["user", "create", "--name", "Nia New", "--email", NEW_EMAIL],
        input=f"{NEW_PASSWORD}\nsomething else\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert Editor(app.test_client()).login(NEW_EMAIL, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("email", [EDITOR_EMAIL, EDITOR_EMAIL.upper()])
def test_user_create_refuses_an_email_that_already_has_an_account(app, runner, email):
    result = runner.invoke(
        args=["user", "create", "--name", "Nia New", "--email", email, "--password", NEW_PASSWORD]
    )
    assert result.exit_code != 0
    assert f"An account with the email {email} already exists." in result.output
    assert len(_users(app, EDITOR_EMAIL)) == 1
    # The existing account keeps its own password.
    assert Editor(app.test_client()).login(EDITOR_EMAIL, NEW_PASSWORD).status_code == 400


def test_user_create_refuses_a_short_password(app, runner):
    result = runner.invoke(
        args=["user", "create", "--name", "Nia New", "--email", NEW_EMAIL, "--password", "short"]
    )
    assert result.exit_code != 0
    assert "The password must be at least 8 characters." in result.output
    assert _users(app, NEW_EMAIL) == []


def test_user_create_refuses_an_unknown_role(app, runner):
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--name",
            "Nia New",
            "--email",
            NEW_EMAIL,
            "--role",
            "owner",
            "--password",
            NEW_PASSWORD,
        ]
    )
    assert result.exit_code != 0
    assert "Invalid value for '--role'" in result.output
    assert "'owner' is not one of 'moderator', 'editor', 'admin'" in result.output
    assert _users(app, NEW_EMAIL) == []
