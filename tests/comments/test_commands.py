"""`flask comments …`: listing and moderating comments from the command line."""

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from cms.comments import moderation
from cms.comments.commands import comments_cli
from cms.extensions import db
from cms.models import Comment, CommentStatus, utcnow
from tests.support.people import Commenter
from tests.support.site import (
    APPROVED,
    HEROIN,
    PENDING,
    SPAM,
    TRASH,
    add_comment,
    article_id,
    audit_rows,
    comments_in_db,
)

AUDIT_ROW = ("comment_id", "action", "to_status", "user_id", "detail")


def statuses(app: Flask) -> dict[int, CommentStatus]:
    return {c.id: c.status for c in comments_in_db(app)}


def days_ago(days: int):
    return utcnow() - timedelta(days=days)


# --- list ---


def test_list_shows_pending_comments_newest_first_without_emails(
    app: Flask, runner: FlaskCliRunner
) -> None:
    older = add_comment(app, created_at=days_ago(2))
    newer = add_comment(app, created_at=days_ago(1))
    add_comment(app, status=APPROVED)
    result = runner.invoke(args=["comments", "list", "--status", "pending"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [line[0] for line in lines] == [str(newer), str(older)]
    assert lines[0][2:] == [HEROIN, "Pat", "pending"]
    assert lines[0][1].startswith(f"{days_ago(1):%Y-%m-%d} ")
    assert "pat@example.net" not in result.output


def test_list_shows_emails_only_when_asked(app: Flask, runner: FlaskCliRunner) -> None:
    add_comment(app)
    result = runner.invoke(args=["comments", "list", "--show-email"])
    assert result.output.split("\t")[3:] == ["Pat", "pat@example.net", "pending\n"]


def test_list_takes_a_status_and_a_limit(app: Flask, runner: FlaskCliRunner) -> None:
    spam = [add_comment(app, status=SPAM, previous=PENDING) for _ in range(3)]
    add_comment(app)
    result = runner.invoke(args=["comments", "list", "--status", "spam", "--limit", "2"])
    assert [line.split("\t")[0] for line in result.output.splitlines()] == [
        str(spam[2]),
        str(spam[1]),
    ]


def test_list_says_when_there_is_nothing_to_show(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["comments", "list", "--status", "trash"])
    assert result.exit_code == 0
    assert result.output == "No trash comments.\n"


def test_list_refuses_an_unknown_status(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["comments", "list", "--status", "hidden"])
    assert result.exit_code == 2
    assert "'hidden' is not one of" in result.output


def test_list_shows_a_hostile_name_without_its_terminal_codes(
    app: Flask, runner: FlaskCliRunner
) -> None:
    # Stored as an old import could have it: the comment form refuses such a name now.
    add_comment(app, author_name="Eve\x1b]0;owned\x07\x1b[2J")
    result = runner.invoke(args=["comments", "list"])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Eve ]0;owned  [2J" in result.output


# --- approve, spam, trash ---


def test_the_moderation_commands_are_the_moves_the_table_gives_the_command_line() -> None:
    given = {key: move.command for key, move in moderation.MOVES.items() if move.command}
    assert set(given) == {"approve", "spam", "trash"}
    assert {key: comments_cli.commands[key].help for key in given} == given


@pytest.mark.parametrize(
    ("command", "start", "end"),
    [("approve", PENDING, APPROVED), ("spam", PENDING, SPAM), ("trash", APPROVED, TRASH)],
)
def test_moderation_command_moves_each_comment_and_records_it_as_the_cli(
    app: Flask, runner: FlaskCliRunner, command: str, start: CommentStatus, end: CommentStatus
) -> None:
    ids = [add_comment(app, status=start) for _ in range(2)]
    left = add_comment(app, status=start)
    result = runner.invoke(args=["comments", command, *map(str, ids)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Comment {i}: {start} → {end}." for i in ids]
    assert statuses(app) == {ids[0]: end, ids[1]: end, left: start}
    assert audit_rows(app, fields=AUDIT_ROW) == [(i, command, end.value, None, "cli") for i in ids]


def test_approving_from_the_command_line_publishes_the_comment(
    app: Flask, commenter: Commenter, reader: Commenter, runner: FlaskCliRunner
) -> None:
    commenter.post(comment="Approved from a terminal")
    comment_id = comments_in_db(app)[-1].id
    runner.invoke(args=["comments", "approve", str(comment_id)])
    assert "Approved from a terminal" in reader.article().get_data(as_text=True)


def test_unknown_ids_and_illegal_moves_are_reported_each_and_fail_the_command(
    app: Flask, runner: FlaskCliRunner
) -> None:
    pending = add_comment(app)
    approved = add_comment(app, status=APPROVED)
    result = runner.invoke(args=["comments", "approve", str(approved), "999", str(pending)])
    assert result.exit_code == 1
    assert result.stdout == f"Comment {pending}: pending → approved.\n"
    assert result.stderr.splitlines() == [
        f"Comment {approved}: cannot approve a comment that is approved.",
        "Comment 999: no such comment.",
        "Error: 2 of 3 comments could not be changed.",
    ]
    # What could be done is done, and only that is recorded.
    assert statuses(app) == {pending: APPROVED, approved: APPROVED}
    assert audit_rows(app, fields=AUDIT_ROW) == [(pending, "approve", "approved", None, "cli")]


def test_moderation_command_needs_at_least_one_id(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["comments", "spam"])
    assert result.exit_code == 2
    assert "Missing argument 'IDS...'" in result.output


# --- purge-spam ---


def spam_aged(app: Flask, *ages: int) -> list[int]:
    return [add_comment(app, status=SPAM, previous=PENDING, created_at=days_ago(d)) for d in ages]


def test_purge_spam_deletes_only_spam_older_than_the_days_given(
    app: Flask, runner: FlaskCliRunner
) -> None:
    old = spam_aged(app, 40, 31)
    recent = spam_aged(app, 29)
    old_pending = add_comment(app, created_at=days_ago(60))
    result = runner.invoke(args=["comments", "purge-spam", "--older-than", "30", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleting spam" in result.output
    assert result.output.endswith("Deleted 2 spam comments.\n")
    assert sorted(statuses(app)) == sorted([*recent, old_pending])
    assert audit_rows(app, fields=AUDIT_ROW) == [(i, "delete", "deleted", None, "cli") for i in old]


def test_purge_spam_shows_progress_on_a_long_run(app: Flask, runner: FlaskCliRunner) -> None:
    heroin = article_id(app)
    with app.app_context():
        db.session.add_all(
            Comment(
                article_id=heroin,
                author_name="Spammer",
                author_email="spam@example.net",
                content_html="<p>buy</p>",
                status=SPAM,
                created_at=days_ago(90),
            )
            for _ in range(450)
        )
        db.session.commit()
    result = runner.invoke(args=["comments", "purge-spam", "--older-than", "1", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleting spam" in result.output
    assert "Deleted 450 spam comments." in result.output
    assert comments_in_db(app) == []
    assert len(audit_rows(app, fields=AUDIT_ROW)) == 450


def test_purge_spam_asks_first_and_a_no_deletes_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    ids = spam_aged(app, 10)
    result = runner.invoke(args=["comments", "purge-spam", "--older-than", "7"], input="n\n")
    assert "Delete 1 spam comments permanently? [y/N]" in result.output
    assert result.exit_code == 1
    assert "Aborted!" in result.output
    assert list(statuses(app)) == ids
    assert audit_rows(app, fields=AUDIT_ROW) == []


def test_purge_spam_goes_ahead_on_a_yes(app: Flask, runner: FlaskCliRunner) -> None:
    spam_aged(app, 10)
    result = runner.invoke(args=["comments", "purge-spam", "--older-than", "7"], input="y\n")
    assert result.exit_code == 0, result.output
    assert comments_in_db(app) == []


def test_purge_spam_with_nothing_old_enough_says_so(app: Flask, runner: FlaskCliRunner) -> None:
    spam_aged(app, 3)
    result = runner.invoke(args=["comments", "purge-spam", "--older-than", "30", "--yes"])
    assert result.exit_code == 0
    assert result.output == "No spam older than 30 days.\n"
    assert len(comments_in_db(app)) == 1


def test_purge_spam_needs_the_age(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["comments", "purge-spam", "--yes"])
    assert result.exit_code == 2
    assert "Missing option '--older-than'" in result.output
