"""The table of moderation moves: one statement that the queue, bulk menu, undo and mail read."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms.comments import moderation
from cms.comments.forms import BulkForm
from cms.models import Comment, CommentStatus
from tests.support.site import APPROVED, PENDING, SPAM, TRASH

# What a queue row offered before the table existed (the template's own list), kept as the
# promise to staff: the same buttons, in the same order, on the same keys.
ROW_BUTTONS = {
    PENDING: [("approve", "Approve", "a"), ("spam", "Spam", "s"), ("trash", "Trash", "t")],
    APPROVED: [("unapprove", "Unapprove", "u"), ("spam", "Spam", "s"), ("trash", "Trash", "t")],
    SPAM: [
        ("restore", "Not spam", "z"),
        ("trash", "Trash", "t"),
        ("delete", "Delete permanently", ""),
    ],
    TRASH: [("restore", "Restore", "z"), ("delete", "Delete permanently", "")],
}


@pytest.mark.parametrize("status", list(ROW_BUTTONS))
def test_a_row_offers_the_moves_its_status_allows_in_order(status: CommentStatus) -> None:
    offered = [(m.key, m.label_from(status), m.shortcut) for m in moderation.offered(status)]
    assert offered == ROW_BUTTONS[status]


def test_every_move_in_the_table_has_the_one_function_that_makes_it() -> None:
    assert list(moderation.ACTIONS) == list(moderation.MOVES)


def test_a_move_the_table_does_not_hold_cannot_be_registered() -> None:
    with pytest.raises(KeyError):
        moderation.makes("publish")(lambda comment, by, detail="": None)


@pytest.mark.parametrize("move", list(moderation.MOVES.values()), ids=lambda m: m.key)
@pytest.mark.parametrize("before", list(ROW_BUTTONS))
def test_undo_takes_a_comment_back_where_it_was(
    move: moderation.Move, before: CommentStatus
) -> None:
    if before not in move.sources:
        return
    comment = Comment(status=before)
    after = moderation.target_of(move, comment)
    if after is None:
        assert move.key == "delete"  # nothing brings back a deleted comment
        return
    moved = Comment(status=after, previous_status=before if after in (SPAM, TRASH) else None)
    undo = moderation.undo_for(before, moved)
    if before is SPAM and after is TRASH:
        assert undo is None  # restoring from the trash never returns a comment to spam
    else:
        assert undo is not None and moderation.target_of(undo, moved) is before


def test_the_bulk_menu_lists_every_move_in_the_tables_order(app: Flask) -> None:
    with app.test_request_context():
        choices = [(choice[0], choice[1]) for choice in BulkForm().action.iter_choices()]
    assert choices == [(m.key, m.name) for m in moderation.MOVES.values()]


def test_mail_offers_only_the_moves_marked_for_mail() -> None:
    assert list(moderation.MAILED) == ["approve", "spam", "trash"]


@pytest.mark.parametrize("key", ["unapprove", "restore", "delete", "publish"])
def test_a_move_not_mailed_is_not_even_an_address(client: FlaskClient, key: str) -> None:
    assert client.get(f"/mail/comment/{key}/any-token").status_code == 404
