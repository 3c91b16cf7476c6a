"""Command-line tools: thin wrappers over the functions the site itself uses."""

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from .auth import find_user
from .content import load_articles
from .extensions import db
from .models import Role, User

user_cli = AppGroup("user", help="Manage editors' accounts.")


def setup_database() -> list[str]:
    """Bring the schema up to date and add any missing launch article; return what was added."""
    upgrade()
    return [article.slug for article in load_articles()]


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Create or upgrade the database and load the launch articles if missing."""
    added = setup_database()
    click.echo("Database is up to date.")
    for slug in added:
        click.echo(f"Added article: {slug}")


@user_cli.command("create")
@click.option("--email", required=True, help="The editor's login address.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.EDITOR.value)
@click.option("--name", default="", help="The name shown to other editors.")
@click.password_option(help="Prompted for, twice, when not given.")
def create_user(email: str, role: str, name: str, password: str) -> None:
    """Create an editor or admin account."""
    if find_user(email):
        raise click.ClickException(f"An account with the email {email} already exists.")
    if len(password) < 8:
        raise click.ClickException("The password must be at least 8 characters.")
    user = User(email=email, name=name, role=Role(role))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


def register(app: Flask) -> None:
    app.cli.add_command(setup_command)
    app.cli.add_command(user_cli)
