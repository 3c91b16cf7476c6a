"""Command-line tools: thin wrappers over the functions the site itself uses."""

import secrets
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from . import EMAIL_KEY_FILE
from .accounts import staff as accounts
from .articles.launch_articles import load_articles
from .backup import backup_command, restore_command
from .care import presets
from .care.presets import PRESETS
from .comments import discussion
from .comments.commands import comments_cli
from .extensions import db
from .mail import outbox
from .models import Role
from .privacy import crypto, retention
from .wxr.commands import export_wxr_command, import_disqus_command, import_wxr_command

user_cli = AppGroup("user", help="Manage editors' accounts.")


def setup_database() -> list[str]:
    """Bring the schema up to date and add any missing launch article; return what was added."""
    upgrade()
    return [article.slug for article in load_articles()]


@click.command("setup")
@click.option(
    "--help-box",
    "preset",
    type=click.Choice(sorted(PRESETS)),
    help='Fill the "Need help now?" box with this country\'s help lines.',
)
@with_appcontext
def setup_command(preset: str | None) -> None:
    """Create or upgrade the database and load the launch articles if missing."""
    added = setup_database()
    click.echo("Database is up to date.")
    if preset:
        presets.use(preset, None)
        db.session.commit()
        click.echo(f'The "Need help now?" box shows {PRESETS[preset].name}\'s help lines.')
    elif not discussion.load().help_lines:
        click.echo(
            'The "Need help now?" box is empty: run setup with --help-box '
            f"({', '.join(sorted(PRESETS))}), or set it on the dashboard, so that someone "
            "writing here in crisis finds a number to call."
        )
    for slug in added:
        click.echo(f"Added article: {slug}")


@user_cli.command("create")
@click.option("--email", required=True, help="The editor's login address.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.EDITOR.value)
@click.option("--name", required=True, help="The name readers see on their replies and articles.")
@click.password_option(help="Prompted for, twice, when not given.")
def create_user(email: str, role: str, name: str, password: str) -> None:
    """Create a moderator, editor or admin account."""
    _account_change(lambda: accounts.create(email, name, Role(role), password, None))
    click.echo(f"Created {role} {email}.")


def _account_change(change: Callable[[], object]) -> object:
    """Run an account change and commit it; show a broken rule as the command's error."""
    try:
        result = change()
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    return result


@user_cli.command("list")
def list_users() -> None:
    """List accounts: email, role, active or disabled, name (tab-separated)."""
    for user in accounts.all_users():
        state = "disabled" if user.disabled else "active"
        click.echo("\t".join([user.email, user.role.value, state, user.name]))


@user_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role(email: str, role: str) -> None:
    """Give the account with EMAIL another ROLE."""
    done = _account_change(lambda: accounts.set_role(accounts.get_user(email), Role(role), None))
    click.echo(f"{email} is now {role}." if done else f"{email} was already {role}.")


@user_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Prompted for, twice, when not given.")
def set_user_password(email: str, password: str) -> None:
    """Give the account with EMAIL a new password; every login it had ends."""
    ended = _account_change(lambda: accounts.set_password(accounts.get_user(email), password, None))
    click.echo(f"New password set for {email}; {ended} open login(s) ended.")


@user_cli.command("disable")
@click.argument("email")
def disable_user(email: str) -> None:
    """Stop the account with EMAIL from logging in; its history stays."""
    done = _account_change(lambda: accounts.set_disabled(accounts.get_user(email), True, None))
    click.echo(f"Disabled {email}." if done else f"{email} was already disabled.")


@user_cli.command("enable")
@click.argument("email")
def enable_user(email: str) -> None:
    """Let the account with EMAIL log in again."""
    done = _account_change(lambda: accounts.set_disabled(accounts.get_user(email), False, None))
    click.echo(f"Enabled {email}." if done else f"{email} was already enabled.")


mail_cli = AppGroup("mail", help="Send the mail waiting in the outbox.")


def _mail_on() -> None:
    if not outbox.can_send():
        raise click.ClickException("Mail is off: set MAIL_SERVER to send mail.")


@mail_cli.command("send")
def send_mail() -> None:
    """Send the messages that are due, failed ones included (for cron)."""
    _mail_on()
    sent, failed = outbox.deliver_due()
    click.echo(f"Sent {sent}, failed {failed}.")


@mail_cli.command("retry")
def retry_mail() -> None:
    """Send every unsent message now, even those that used up their attempts."""
    _mail_on()
    waiting = outbox.retry_all()
    sent, failed = outbox.deliver_due()
    click.echo(f"Retried {waiting}: sent {sent}, failed {failed}.")


# --- comments: moderation for operators, through the same functions as the queue ---

privacy_cli = AppGroup("privacy", help="Look after commenters' personal data.")


@privacy_cli.command("prune")
def prune_personal_data() -> None:
    """Cut old IP addresses to their network and forget old user agents now."""
    days = current_app.config["PERSONAL_DATA_RETENTION_DAYS"]
    changed = retention.prune()
    click.echo(f"Pruned {changed} comment{'s' if changed != 1 else ''} older than {days} days.")


@click.command("rotate-email-key")
@with_appcontext
def rotate_email_key_command() -> None:
    """Re-encrypt every commenter's address under a new key.

    With the key in instance/email_key (the default) the command makes the new key itself.
    With EMAIL_KEY set by the operator, put the new key first ("new,old"), run this, then
    drop the old one.
    """
    path = Path(current_app.instance_path) / EMAIL_KEY_FILE
    keys = crypto.email_keys()
    managed = path.exists() and path.read_text().strip() == ",".join(keys)
    if managed:
        keys = [secrets.token_hex(32), *keys]
        # Both keys on disk first: a crash mid-way leaves every address readable.
        _write_key(path, ",".join(keys))
        current_app.config["EMAIL_KEY"] = ",".join(keys)
    count = crypto.reencrypt_all(db.session)
    db.session.commit()
    if managed:
        _write_key(path, keys[0])
    click.echo(f"Re-encrypted {count} addresses under the new key.")
    if not managed:
        click.echo("Now remove the old key from EMAIL_KEY and restart the site.")


def _write_key(path: Path, value: str) -> None:
    """Replace the key file in one step, readable by its owner only."""
    draft = path.with_name(f".{path.name}.new")
    draft.touch(mode=0o600)
    draft.write_text(value)
    draft.replace(path)


def register(app: Flask) -> None:
    app.cli.add_command(rotate_email_key_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(user_cli)
    app.cli.add_command(comments_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(import_wxr_command)
    app.cli.add_command(export_wxr_command)
    app.cli.add_command(import_disqus_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
