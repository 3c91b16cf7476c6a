"""The moderation functions: which moves are legal, what they store and what they record."""

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from cms.accounts.login import find_user
from cms.comments import moderation, pages
from cms.extensions import db
from cms.models import Article, AuditEvent, Comment, CommentStatus, User
from tests.support.site import APPROVED, EDITOR_EMAIL, HEROIN, OPIOID, PENDING, SPAM, TRASH

Move = Callable[[Comment, User | None], None]


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def by(ctx: None) -> User:
    """The editor making the decisions."""
    user = find_user(EDITOR_EMAIL)
    assert user is not None
    return user


def article_id(slug: str) -> int:
    return db.session.scalar(select(Article.id).where(Article.slug == slug))


def make(
    status: CommentStatus = PENDING,
    previous: CommentStatus | None = None,
    parent: Comment | None = None,
    slug: str = HEROIN,
) -> Comment:
    """Store a comment directly in the given status, as if it had got there earlier."""
    comment = Comment(
        article_id=article_id(slug),
        parent_id=parent.id if parent else None,
        author_name="Sam",
        author_email="sam@example.net",
        content_html="<p>Thank you.</p>",
        status=status,
        previous_status=previous,
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def stored(comment_id: int) -> Comment | None:
    """Read a comment back from the database, not from the session's memory."""
    db.session.expire_all()
    return db.session.get(Comment, comment_id)


def events(comment_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.comment_id == comment_id).order_by(AuditEvent.id)
        )
    )


@pytest.mark.parametrize(
    ("start", "move", "action", "end"),
    [
        (PENDING, moderation.approve, "approve", APPROVED),
        (APPROVED, moderation.unapprove, "unapprove", PENDING),
        (PENDING, moderation.mark_spam, "spam", SPAM),
        (APPROVED, moderation.mark_spam, "spam", SPAM),
        (PENDING, moderation.trash, "trash", TRASH),
        (APPROVED, moderation.trash, "trash", TRASH),
        (SPAM, moderation.trash, "trash", TRASH),
    ],
)
def test_legal_move_stores_the_new_status_and_records_who_made_it(
    by: User, start: CommentStatus, move: Move, action: str, end: CommentStatus
) -> None:
    comment = make(start, previous=PENDING if start == SPAM else None)
    move(comment, by)
    db.session.commit()
    assert stored(comment.id).status == end
    [event] = events(comment.id)
    assert (event.action, event.from_status, event.to_status, event.user_id) == (
        action,
        start.value,
        end.value,
        by.id,
    )


@pytest.mark.parametrize(
    ("start", "move"),
    [(PENDING, moderation.mark_spam), (APPROVED, moderation.mark_spam)]
    + [(PENDING, moderation.trash), (APPROVED, moderation.trash)],
)
def test_spam_and_trash_remember_the_status_the_comment_came_from(
    by: User, start: CommentStatus, move: Move
) -> None:
    comment = make(start)
    move(comment, by)
    db.session.commit()
    assert stored(comment.id).previous_status == start


@pytest.mark.parametrize(
    ("route", "back_to"),
    [
        ([moderation.mark_spam], PENDING),
        ([moderation.approve, moderation.mark_spam], APPROVED),
        ([moderation.trash], PENDING),
        ([moderation.approve, moderation.trash], APPROVED),
        ([moderation.mark_spam, moderation.trash], PENDING),
        ([moderation.approve, moderation.mark_spam, moderation.trash], PENDING),
    ],
    ids=[
        "pending-spam",
        "approved-spam",
        "pending-trash",
        "approved-trash",
        "pending-spam-trash",
        "approved-spam-trash",
    ],
)
def test_restore_returns_the_comment_to_where_it_was_before_spam_or_trash(
    by: User, route: list[Move], back_to: CommentStatus
) -> None:
    comment = make()
    for move in route:
        move(comment, by)
        db.session.commit()
    was = comment.status
    moderation.restore(comment, by)
    db.session.commit()
    restored = stored(comment.id)
    assert restored.status == back_to
    assert restored.previous_status is None
    last = events(comment.id)[-1]
    assert (last.action, last.from_status, last.to_status, last.user_id) == (
        "restore",
        was.value,
        back_to.value,
        by.id,
    )


def test_a_restored_comment_can_be_spammed_and_restored_again(by: User) -> None:
    comment = make()
    moderation.approve(comment, by)
    moderation.mark_spam(comment, by)
    moderation.restore(comment, by)
    moderation.mark_spam(comment, by)
    moderation.restore(comment, by)
    db.session.commit()
    assert stored(comment.id).status == APPROVED
    assert [e.action for e in events(comment.id)] == [
        "approve",
        "spam",
        "restore",
        "spam",
        "restore",
    ]


@pytest.mark.parametrize(
    ("start", "move"),
    [
        (APPROVED, moderation.approve),
        (SPAM, moderation.approve),
        (TRASH, moderation.approve),
        (PENDING, moderation.unapprove),
        (SPAM, moderation.unapprove),
        (TRASH, moderation.unapprove),
        (SPAM, moderation.mark_spam),
        (TRASH, moderation.mark_spam),
        (TRASH, moderation.trash),
        (PENDING, moderation.restore),
        (APPROVED, moderation.restore),
    ],
    ids=lambda v: v.value if isinstance(v, CommentStatus) else v.__name__,
)
def test_illegal_move_raises_and_changes_nothing(
    by: User, start: CommentStatus, move: Move
) -> None:
    previous = APPROVED if start in (SPAM, TRASH) else None
    comment = make(start, previous=previous)
    with pytest.raises(moderation.IllegalTransition, match=start.value):
        move(comment, by)
    db.session.commit()
    unchanged = stored(comment.id)
    assert (unchanged.status, unchanged.previous_status) == (start, previous)
    assert events(comment.id) == []


def test_an_authors_change_sends_a_public_comment_back_and_records_it(ctx: None) -> None:
    comment = make(APPROVED)
    moderation.send_back(comment, "author-edit")
    db.session.commit()
    assert stored(comment.id).status == PENDING
    [event] = events(comment.id)
    assert (event.action, event.from_status, event.to_status, event.user_id) == (
        "author-edit",
        "approved",
        "pending",
        None,
    )


@pytest.mark.parametrize("start", [PENDING, SPAM, TRASH], ids=lambda s: s.value)
def test_only_a_public_comment_is_sent_back(ctx: None, start: CommentStatus) -> None:
    comment = make(start)
    with pytest.raises(moderation.IllegalTransition, match=start.value):
        moderation.send_back(comment, "author-edit")
    db.session.commit()
    assert stored(comment.id).status == start
    assert events(comment.id) == []


def test_a_move_made_by_no_editor_is_recorded_without_a_user(ctx: None) -> None:
    comment = make()
    moderation.approve(comment, None)
    db.session.commit()
    [event] = events(comment.id)
    assert (event.action, event.user_id) == ("approve", None)


@pytest.mark.parametrize("start", [SPAM, TRASH])
def test_delete_erases_the_comment_and_keeps_the_record_of_who_deleted_it(
    by: User, start: CommentStatus
) -> None:
    comment = make(start, previous=PENDING)
    comment_id = comment.id
    moderation.delete(comment, by)
    db.session.commit()
    assert stored(comment_id) is None
    [event] = events(comment_id)
    assert (event.action, event.from_status, event.user_id) == ("delete", start.value, by.id)
    assert event.to_status == "deleted"


def test_delete_moves_the_replies_up_to_the_deleted_comments_parent(by: User) -> None:
    top = make(APPROVED)
    middle = make(TRASH, previous=APPROVED, parent=top)
    reply_a = make(APPROVED, parent=middle)
    reply_b = make(PENDING, parent=middle)
    grandchild = make(APPROVED, parent=reply_a)
    ids = top.id, middle.id, reply_a.id, reply_b.id, grandchild.id
    moderation.delete(middle, by)
    db.session.commit()
    assert stored(ids[1]) is None
    assert stored(ids[2]).parent_id == ids[0]
    assert stored(ids[3]).parent_id == ids[0]
    assert stored(ids[4]).parent_id == ids[2]
    assert stored(ids[0]).parent_id is None


def test_deleting_a_top_level_comment_makes_its_replies_top_level(by: User) -> None:
    top = make(SPAM, previous=APPROVED)
    reply = make(APPROVED, parent=top)
    moderation.delete(top, by)
    db.session.commit()
    assert stored(reply.id).parent_id is None


def visible(own: list[int] | tuple = (), slug: str = HEROIN) -> list[int]:
    """Return the ids a reader sees on the article's (only) comment page, in order."""
    article = db.session.get(Article, article_id(slug))
    return [c.id for c in pages.page_comments(pages.paging_for(article), 1, own)]


def test_readers_see_only_approved_comments_oldest_first(ctx: None) -> None:
    first = make(APPROVED)
    make(PENDING)
    make(SPAM, previous=PENDING)
    make(TRASH, previous=APPROVED)
    second = make(APPROVED)
    make(APPROVED, slug=OPIOID)
    assert visible() == [first.id, second.id]


def test_a_reader_also_sees_their_own_pending_comments_and_no_one_elses(ctx: None) -> None:
    approved = make(APPROVED)
    mine = make(PENDING)
    theirs = make(PENDING)
    assert visible([mine.id]) == [approved.id, mine.id]
    assert theirs.id not in visible([mine.id])


def test_spam_and_trash_stay_hidden_even_when_their_ids_are_passed_as_own(ctx: None) -> None:
    spam = make(SPAM, previous=PENDING)
    trashed = make(TRASH, previous=APPROVED)
    approved = make(APPROVED)
    assert visible([spam.id, trashed.id]) == [approved.id]


def test_own_pending_ids_do_not_reach_into_another_article(ctx: None) -> None:
    elsewhere = make(PENDING, slug=OPIOID)
    assert visible([elsewhere.id]) == []


def test_status_counts_count_every_status_with_zero_for_empty_ones(ctx: None) -> None:
    assert moderation.status_counts() == {PENDING: 0, APPROVED: 0, SPAM: 0, TRASH: 0}
    for status in (PENDING, PENDING, APPROVED, SPAM, SPAM, SPAM):
        make(status, previous=PENDING if status == SPAM else None)
    make(APPROVED, slug=OPIOID)
    assert moderation.status_counts() == {PENDING: 2, APPROVED: 2, SPAM: 3, TRASH: 0}
