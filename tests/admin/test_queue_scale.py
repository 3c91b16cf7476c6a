"""The moderation queue at 100,000 comments: found by index, and paged by key."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Comment, CommentStatus
from tests.support.bulk_comments import insert_comments
from tests.support.html_page import page
from tests.support.people import Editor
from tests.support.queries import counted_queries
from tests.support.site import NOON, add_comment

PENDING = CommentStatus.PENDING


def listed(response) -> list[int]:
    """Return the ids of the comments the queue lists, top to bottom."""
    rows = page(response).find_all("tr", "queue-row")
    return [int(row.attrs["id"].removeprefix("comment-")) for row in rows]


def link(response, label: str) -> str | None:
    """Return the address of the queue's "Newer" or "Older" link, or None without one."""
    nav = page(response).find("nav", "pagination")
    found = [a.attrs["href"] for a in (nav.find_all("a") if nav else []) if a.text == label]
    return found[0] if found else None


def follow(editor: Editor, response, label: str):
    """Click the queue's "Newer" or "Older" link."""
    address = link(response, label)
    assert address, f"the queue has no {label} link"
    return editor.client.get(address)


def newest_pending(app: Flask, count: int) -> list[int]:
    with app.app_context():
        query = (
            select(Comment.id)
            .where(Comment.status == PENDING)
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(count)
        )
        return list(db.session.scalars(query))


def plan_of(app: Flask, statement: str, parameters: object) -> str:
    """Ask the database how it runs a statement, as one text."""
    with app.app_context():
        connection = db.session.connection()
        if db.engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return "\n".join(row[-1] for row in rows)
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return "\n".join(row[0] for row in rows)


def test_first_page_at_100000_comments_uses_the_index_and_shows_the_newest(
    app: Flask, editor: Editor
) -> None:
    insert_comments(app, 100_000, start=NOON)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 100_000
    with counted_queries(app) as seen:
        response = editor.queue()
    assert response.status_code == 200
    size = app.config["QUEUE_PAGE_SIZE"]
    assert listed(response) == newest_pending(app, size)
    # Tabs count up to 10,000 and no further, so they cost the same at any size.
    tabs = page(response).find("ul", "status-tabs").text
    assert tabs == "Pending (10,000) Approved (10,000+) Spam (5,000) Trash (5,000) Needs care (0)"
    ordered = [
        (s, p) for s, p in seen if "FROM comments" in s and "ORDER BY comments.created_at" in s
    ]
    # The list, and the comments that need care shown above it, each by its own index.
    [(care_query, care_parameters)] = [(s, p) for s, p in ordered if "care_reason != ''" in s]
    assert "ix_comments_care_waiting" in plan_of(app, care_query, care_parameters)
    [(query, parameters)] = [(s, p) for s, p in ordered if "care_reason != ''" not in s]
    plan = plan_of(app, query, parameters)
    assert "ix_comments_status_created" in plan, plan
    # No pass over the table, and no sort of every pending comment to find the newest.
    assert "Seq Scan on comments" not in plan and "SCAN comments" not in plan, plan
    assert "TEMP B-TREE" not in plan and "\n  Sort " not in plan, plan


def test_paging_back_and_forth_at_100000_comments_returns_the_same_rows(
    app: Flask, editor: Editor
) -> None:
    insert_comments(app, 100_000, start=NOON)
    first = editor.queue()
    second = follow(editor, first, "Older")
    third = follow(editor, second, "Older")
    # Newer comments arrive while the editor reads: paging back must not shift the pages.
    for n in range(7):
        add_comment(app, f"Arrived later {n}", created_at=NOON + timedelta(days=365))
    assert listed(follow(editor, third, "Newer")) == listed(second)
    assert listed(follow(editor, follow(editor, third, "Newer"), "Newer")) == listed(first)
    assert listed(follow(editor, second, "Older")) == listed(third)


def test_walking_the_queue_while_comments_arrive_skips_and_repeats_none(
    app: Flask, editor: Editor
) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 4
    # Two comments a minute: ties in created_at are broken by id, so they keep their order.
    old = [
        add_comment(app, f"Old {n}", created_at=NOON + timedelta(minutes=n // 2)) for n in range(15)
    ]
    later = NOON + timedelta(days=1)
    pages, arrived = [], []
    response = editor.queue()
    while True:
        pages.append(listed(response))
        # A reader posts between every two clicks.
        arrived.append(add_comment(app, "New", created_at=later + timedelta(minutes=len(pages))))
        if link(response, "Older") is None:
            break
        response = follow(editor, response, "Older")
    assert [row for shown in pages for row in shown] == old[::-1]
    assert [len(shown) for shown in pages] == [4, 4, 4, 3]
    for expected in reversed(pages[:-1]):
        response = follow(editor, response, "Newer")
        assert listed(response) == expected
    # One more step up shows what arrived meanwhile.
    assert listed(follow(editor, response, "Newer")) == arrived[::-1]


def test_an_older_link_carries_the_last_rows_place(app: Flask, editor: Editor) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 2
    ids = [add_comment(app, created_at=NOON + timedelta(seconds=n)) for n in range(3)]
    links = page(editor.queue()).find("nav", "pagination").find_all("a")
    [older] = [a.attrs["href"] for a in links]
    query = parse_qs(urlsplit(older).query)
    assert query["before"] == [f"{(NOON + timedelta(seconds=1)).isoformat()}.000000_{ids[1]}"]
