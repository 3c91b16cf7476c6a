"""`flask comments`: list and moderate comments from the command line, through the same
moderation table and audit record as the queue."""

from datetime import timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Comment, CommentStatus, utcnow
from . import moderation

comments_cli = AppGroup("comments", help="Moderate comments from the command line.")
PURGE_BATCH = 200
# What the audit log says about decisions made here: no user, this detail.
CLI = "cli"


def _printable(text: str) -> str:
    # A commenter's name could carry terminal escape codes; an operator's shell shows them inert.
    return "".join(ch if ch.isprintable() else " " for ch in text)


@comments_cli.command("list")
@click.option("--status", type=click.Choice([s.value for s in CommentStatus]), default="pending")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--show-email", is_flag=True, help="Add authors' emails (private: mind the output).")
def list_comments(status: str, limit: int, show_email: bool) -> None:
    """List comments newest first: id, date, article, author, status (tab-separated)."""
    shown = db.session.scalars(
        select(Comment)
        .where(Comment.status == CommentStatus(status))
        .options(joinedload(Comment.article))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
    ).all()
    if not shown:
        click.echo(f"No {status} comments.")
    for c in shown:
        fields = [str(c.id), f"{c.created_at:%Y-%m-%d %H:%M}", c.article.slug, c.author_name]
        fields += [c.author_email] if show_email else []
        click.echo("\t".join(_printable(field) for field in [*fields, c.status.value]))


def _moderate_one(action: str, comment_id: int) -> str | None:
    """Apply an action to one comment and say what it did; return why not if it could not."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        return "no such comment"
    old = comment.status.value
    try:
        moderation.ACTIONS[action](comment, None, detail=CLI)
    except moderation.IllegalTransition as error:
        return str(error)
    click.echo(f"Comment {comment_id}: {old} → {comment.status.value}.")
    return None


def _moderate(action: str, ids: tuple[int, ...]) -> None:
    """Apply one moderation action to each comment, reporting each; fail if any could not."""
    failed = 0
    for comment_id in ids:
        if problem := _moderate_one(action, comment_id):
            click.echo(f"Comment {comment_id}: {problem}.", err=True)
            failed += 1
    db.session.commit()
    if failed:
        raise click.ClickException(f"{failed} of {len(ids)} comments could not be changed.")


def _add_move_command(move: moderation.Move) -> None:
    """Add the command that makes ``move`` on comments named by id, in an app context."""

    @comments_cli.command(move.key, help=move.command)
    @click.argument("ids", nargs=-1, required=True, type=int)
    def command(ids: tuple[int, ...]) -> None:
        _moderate(move.key, ids)


# A command for each move the table offers the command line, named by its key.
for _move in moderation.MOVES.values():
    if _move.command:
        _add_move_command(_move)


@comments_cli.command("purge-spam")
@click.option("--older-than", "days", type=click.IntRange(min=0), required=True, metavar="DAYS")
@click.option("--yes", is_flag=True, help="Delete without asking first.")
def purge_spam(days: int, yes: bool) -> None:
    """Delete for good the spam comments posted more than DAYS days ago."""
    ids = db.session.scalars(
        select(Comment.id)
        .where(Comment.status == CommentStatus.SPAM)
        .where(Comment.created_at < utcnow() - timedelta(days=days))
        .order_by(Comment.id)
    ).all()
    if not ids:
        click.echo(f"No spam older than {days} days.")
        return
    if not yes:
        click.confirm(f"Delete {len(ids)} spam comments permanently?", abort=True)
    with click.progressbar(ids, label="Deleting spam", show_pos=True) as bar:
        for n, comment_id in enumerate(bar, 1):
            moderation.delete(db.session.get_one(Comment, comment_id), None, detail=CLI)
            if n % PURGE_BATCH == 0:
                # Commit as it goes, so an interrupted long run keeps what it has done.
                db.session.commit()
    db.session.commit()
    click.echo(f"Deleted {len(ids)} spam comment{'s' if len(ids) != 1 else ''}.")
