"""Bringing an export's comments in: statuses, fields kept or cut, repeats, and replies linked."""

from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, AuditEvent, Comment, CommentStatus
from cms.wxr.import_comments import CommentImport
from cms.wxr.import_summary import Summary
from cms.wxr.reader import WxrComment
from tests.support.site import HEROIN

WRITTEN = datetime(2020, 5, 2, 8, 0)


def entry(wp_id: int, parent: int = 0, **fields: str) -> WxrComment:
    """A comment as the reader hands it over; fields not given are WordPress's usual ones."""
    values = {
        "author": "Ann",
        "email": "ann@example.net",
        "url": "",
        "ip": "192.0.2.7",
        "content": f"Comment {wp_id}.",
        "approved": "1",
        "type": "",
        **fields,
    }
    return WxrComment(wp_id=wp_id, parent=parent, date=WRITTEN, **values)


def run(app: Flask, *batches: tuple[str, list[WxrComment]]) -> Summary:
    """Import each batch (an article's slug and its comments) as the importer does; commit."""
    summary = Summary()
    with app.app_context():
        comments = CommentImport(summary)
        for slug, entries in batches:
            comments.add(db.session.scalar(select(Article).where(Article.slug == slug)), entries)
            comments.end_batch()
        comments.finish()
        db.session.commit()
    return summary


def stored(app: Flask) -> dict[int, Comment]:
    """Return the imported comments by WordPress id."""
    with app.app_context():
        rows = db.session.scalars(select(Comment).where(Comment.wp_id.is_not(None))).all()
        db.session.expunge_all()
        return {row.wp_id: row for row in rows}


@pytest.mark.parametrize(
    ("approved", "status"),
    [
        ("1", CommentStatus.APPROVED),
        ("0", CommentStatus.PENDING),
        ("spam", CommentStatus.SPAM),
        ("trash", CommentStatus.TRASH),
        ("post-trashed", CommentStatus.TRASH),
        ("something new", CommentStatus.PENDING),
    ],
)
def test_wordpress_moderation_becomes_ours_and_an_unknown_status_waits(
    app: Flask, approved: str, status: CommentStatus
) -> None:
    run(app, (HEROIN, [entry(1, approved=approved)]))
    comment = stored(app)[1]
    assert comment.status == status
    with app.app_context():
        audit = db.session.execute(
            select(AuditEvent.action, AuditEvent.to_status, AuditEvent.detail).where(
                AuditEvent.comment_id == comment.id
            )
        ).all()
    assert audit == [("import", status.value, "WordPress import")]


def test_fields_are_kept_cut_to_their_columns_and_cleaned(app: Flask) -> None:
    run(
        app,
        (
            HEROIN,
            [
                entry(1, author="A" * 300, url="https://ann.example/"),
                entry(2, url="javascript:alert(1)", content="<script>x()</script><b>Hi</b>"),
            ],
        ),
    )
    found = stored(app)
    assert found[1].author_name == "A" * 245
    assert found[1].author_url == "https://ann.example/"
    assert (found[1].author_email, found[1].author_ip) == ("ann@example.net", "192.0.2.7")
    assert found[1].created_at == WRITTEN
    # The form's own rule: only a web address is kept as a website.
    assert found[2].author_url == ""
    assert "<script>" not in found[2].content_html and "<b>Hi</b>" in found[2].content_html


def test_pingbacks_come_over_and_other_types_are_skipped_with_the_reason(app: Flask) -> None:
    entries = [entry(1, type="pingback"), entry(2, type="trackback"), entry(3, type="order")]
    summary = run(app, (HEROIN, entries))
    assert sorted(stored(app)) == [1, 2]
    assert summary.imported["comments"] == 2
    assert summary.skipped == {"comment of type 'order'": 1}


def test_a_comment_already_here_is_counted_and_not_stored_twice(app: Flask) -> None:
    run(app, (HEROIN, [entry(1), entry(2)]))
    summary = run(app, (HEROIN, [entry(1), entry(2), entry(3)]))
    assert sorted(stored(app)) == [1, 2, 3]
    assert (summary.imported["comments"], summary.existing["comments"]) == (1, 2)


def test_a_reply_is_linked_to_its_parent_in_the_same_or_a_later_batch(app: Flask) -> None:
    run(
        app,
        (HEROIN, [entry(1), entry(2, parent=1), entry(3, parent=5)]),
        (HEROIN, [entry(5), entry(6, parent=404)]),
    )
    found = stored(app)
    assert found[2].parent_id == found[1].id
    assert found[3].parent_id == found[5].id  # its parent came in the next batch
    assert found[6].parent_id is None  # its parent is not in the file: it stands alone
    assert found[1].parent_id is None and found[5].parent_id is None


def test_a_cycle_of_parents_is_broken_at_its_first_comment(app: Flask) -> None:
    summary = run(app, (HEROIN, [entry(1, parent=3), entry(2, parent=1), entry(3, parent=2)]))
    found = stored(app)
    assert summary.rerooted == 1
    assert found[1].parent_id is None
    assert (found[2].parent_id, found[3].parent_id) == (found[1].id, found[2].id)
