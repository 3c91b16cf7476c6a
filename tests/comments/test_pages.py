"""How an article's comments are shown: threading, pages, order and closed discussions."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import event

from cms.extensions import db
from cms.models import CommentStatus
from tests.support.html_page import Element, page
from tests.support.people import Commenter
from tests.support.site import (
    HEROIN,
    add_comment,
    last_comment_id,
    set_discussion,
)

START = datetime(2024, 6, 1, 12, 0)
PLAIN = f"/{HEROIN}/"
AWAITING = "Your comment is awaiting moderation."


def store(
    app: Flask,
    label: str,
    hour: int,
    parent: int | None = None,
    status: CommentStatus = CommentStatus.APPROVED,
) -> int:
    """Store a comment saying ``label``, posted ``hour`` hours after START; return its id."""
    return add_comment(
        app,
        label,
        status,
        created_at=START + timedelta(hours=hour),
        author_name=f"Author {label}",
        author_email=f"{label.lower()}@example.net",
        parent=parent,
    )


def seven_threads(app: Flask) -> dict[str, int]:
    """Store approved top-level comments C1 (oldest) to C7 (newest); return their ids."""
    return {f"C{n}": store(app, f"C{n}", n) for n in range(1, 8)}


def comment_page(number: int) -> str:
    return f"/{HEROIN}/comment-page-{number}/"


def label(item: Element) -> str:
    return item.find("div", cls="comment-content").text


def items(container: Element | None) -> list[Element]:
    if container is None:
        return []
    return [c for c in container.children if isinstance(c, Element) and c.tag == "li"]


def top_level(doc: Element) -> list[str]:
    """Return the labels of the comments shown at the top level, in page order."""
    return [label(item) for item in items(doc.find("ol", cls="comment-list"))]


def replies_under(doc: Element, comment_id: int) -> list[str]:
    return [label(item) for item in items(doc.by_id(f"comment-{comment_id}").find("ol"))]


def own_reply_link(item: Element) -> Element | None:
    body = next(c for c in item.children if isinstance(c, Element) and c.tag == "article")
    return body.find("a", cls="comment-reply-link")


def nav_links(doc: Element) -> dict[str, tuple[str, str]]:
    """Return the comment pages navigation as {rel: (text, href)}."""
    nav = doc.find("nav", cls="comment-navigation")
    if nav is None:
        return {}
    return {a.attrs["rel"]: (a.text, a.attrs["href"]) for a in nav.find_all("a")}


def redirect_target(response) -> str:
    parts = urlsplit(response.headers["Location"])
    return f"{parts.path}#{parts.fragment}"


# --- threading ---


def test_with_threading_off_every_comment_is_shown_flat_without_reply_links(app, reader):
    first = store(app, "First", 1)
    store(app, "Answer", 2, parent=first)
    store(app, "Second", 3)
    set_discussion(app, threading=False)
    doc = page(reader.article())
    assert top_level(doc) == ["First", "Answer", "Second"]
    for item in doc.find("ol", cls="comment-list").find_all("li"):
        assert "depth-1" in item.classes
        assert own_reply_link(item) is None


def test_with_threading_on_a_reply_is_nested_under_its_parent_with_reply_links(app, reader):
    first = store(app, "First", 1)
    answer = store(app, "Answer", 2, parent=first)
    doc = page(reader.article())
    assert top_level(doc) == ["First"]
    assert replies_under(doc, first) == ["Answer"]
    assert own_reply_link(doc.by_id(f"comment-{answer}")) is not None


@pytest.mark.parametrize(
    ("thread_depth", "shown_depths"),
    [(2, [1, 2, 2, 2]), (3, [1, 2, 3, 3]), (5, [1, 2, 3, 4])],
)
def test_replies_nest_no_deeper_than_the_thread_depth_setting(
    app, reader, thread_depth, shown_depths
):
    set_discussion(app, thread_depth=thread_depth)
    ids: list[int] = []
    for n in range(4):
        ids.append(store(app, f"Level {n + 1}", n, parent=ids[-1] if ids else None))
    doc = page(reader.article())
    for comment_id, depth in zip(ids, shown_depths, strict=True):
        item = doc.by_id(f"comment-{comment_id}")
        assert f"depth-{depth}" in item.classes
        assert (own_reply_link(item) is not None) == (depth < thread_depth)


# --- pages and order ---

C = [f"C{n}" for n in range(1, 8)]

# With 3 threads a page, page 1 always holds the oldest three; the settings choose which page
# the article's own address opens on and which way round each page reads.
PAGES = {
    ("newest", "oldest"): {PLAIN: C[6:], 1: C[:3], 2: C[3:6], 3: C[6:]},
    ("newest", "newest"): {PLAIN: C[6:], 1: C[2::-1], 2: C[5:2:-1], 3: C[6:]},
    ("oldest", "oldest"): {PLAIN: C[:3], 1: C[:3], 2: C[3:6], 3: C[6:]},
    ("oldest", "newest"): {PLAIN: C[2::-1], 1: C[2::-1], 2: C[5:2:-1], 3: C[6:]},
}


@pytest.mark.parametrize(("default_page", "order"), list(PAGES), ids="-first-".join)
def test_pages_hold_three_threads_each_in_the_chosen_order(app, reader, default_page, order):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=3, default_page=default_page, order=order)
    for where, expected in PAGES[default_page, order].items():
        url = where if isinstance(where, str) else comment_page(where)
        response = reader.client.get(url)
        assert response.status_code == 200, url
        doc = page(response)
        assert top_level(doc) == expected, url
        shown = {"newest": 3, "oldest": 1}[default_page] if where == PLAIN else where
        assert doc.find("p", cls="comment-page-count").text == f"Page {shown} of 3"


@pytest.mark.parametrize(("per_page", "pages"), [(3, 3), (7, 1), (4, 2), (1, 7)])
def test_the_number_of_pages_follows_comments_per_page(app, reader, per_page, pages):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=per_page, default_page="oldest")
    assert reader.client.get(comment_page(pages)).status_code == 200
    assert reader.client.get(comment_page(pages + 1)).status_code == 404
    count = page(reader.article()).find("p", cls="comment-page-count")
    assert (count.text if count else None) == (f"Page 1 of {pages}" if pages > 1 else None)


def test_replies_stay_on_the_page_of_their_thread_oldest_first(app, reader):
    ids = seven_threads(app)
    # Answers written after C7, the newest thread, still belong with C2 on page 1.
    first = store(app, "Answer 1", 20, parent=ids["C2"])
    store(app, "Answer 2", 21, parent=ids["C2"])
    store(app, "Answer to answer", 22, parent=first)
    set_discussion(app, paginate=True, per_page=3, order="newest")
    doc = page(reader.client.get(comment_page(1)))
    assert top_level(doc) == ["C3", "C2", "C1"]
    assert replies_under(doc, ids["C2"]) == ["Answer 1", "Answer 2"]
    assert replies_under(doc, first) == ["Answer to answer"]
    last = page(reader.article())
    assert top_level(last) == ["C7"]
    assert "Answer" not in last.text


def test_response_count_is_for_the_whole_article_not_the_page(app, reader):
    ids = seven_threads(app)
    store(app, "Answer", 20, parent=ids["C1"])
    store(app, "Held", 21, status=CommentStatus.PENDING)
    set_discussion(app, paginate=True, per_page=3)
    for url in (PLAIN, comment_page(1), comment_page(2)):
        title = page(reader.client.get(url)).by_id("comments-title")
        assert title.text == "8 responses to “I Relapsed On Heroin, Now What?”"


@pytest.mark.parametrize(
    ("default_page", "number", "expected"),
    [
        ("newest", 1, {"next": ("Newer comments", comment_page(2) + "#comments")}),
        (
            "newest",
            2,
            {
                "prev": ("Older comments", comment_page(1) + "#comments"),
                "next": ("Newer comments", PLAIN + "#comments"),
            },
        ),
        ("newest", 3, {"prev": ("Older comments", comment_page(2) + "#comments")}),
        (
            "oldest",
            2,
            {
                "prev": ("Older comments", PLAIN + "#comments"),
                "next": ("Newer comments", comment_page(3) + "#comments"),
            },
        ),
        ("oldest", 3, {"prev": ("Older comments", comment_page(2) + "#comments")}),
    ],
)
def test_navigation_links_lead_to_older_and_newer_pages(
    app, reader, default_page, number, expected
):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=3, default_page=default_page)
    doc = page(reader.client.get(comment_page(number)))
    assert doc.find("nav", cls="comment-navigation").attrs["aria-label"] == "Comment pages"
    assert nav_links(doc) == expected


def test_a_single_page_has_no_navigation(app, reader):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=10)
    assert nav_links(page(reader.article())) == {}
    assert page(reader.article()).find("nav", cls="comment-navigation") is None


@pytest.mark.parametrize("number", [0, 4, 99])
def test_a_comment_page_that_does_not_exist_is_not_found(app, reader, number):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=3)
    assert reader.client.get(comment_page(number)).status_code == 404


def test_without_paging_only_comment_page_1_exists(app, reader):
    seven_threads(app)
    response = reader.client.get(comment_page(1))
    assert response.status_code == 200
    assert top_level(page(response)) == C
    assert reader.client.get(comment_page(2)).status_code == 404


def test_an_article_without_comments_has_one_empty_page(app, reader):
    set_discussion(app, paginate=True, per_page=3)
    assert reader.client.get(comment_page(1)).status_code == 200
    assert reader.client.get(comment_page(2)).status_code == 404


@pytest.mark.parametrize(
    ("url", "canonical"),
    [(comment_page(1), comment_page(1)), (comment_page(3), PLAIN), (PLAIN, PLAIN)],
)
def test_each_page_names_its_canonical_address(app, reader, url, canonical):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=3)
    links = [
        e for e in page(reader.client.get(url)).find_all("link") if e.attrs["rel"] == "canonical"
    ]
    assert [e.attrs["href"] for e in links] == ["http://localhost" + canonical]


def test_newest_first_without_paging_turns_threads_round_but_not_replies(app, reader):
    first = store(app, "First", 1)
    store(app, "Early answer", 2, parent=first)
    store(app, "Second", 3)
    store(app, "Late answer", 4, parent=first)
    set_discussion(app, order="newest")
    doc = page(reader.article())
    assert top_level(doc) == ["Second", "First"]
    assert replies_under(doc, first) == ["Early answer", "Late answer"]


def test_with_threading_off_pages_count_every_comment(app, reader):
    first = store(app, "First", 1)
    store(app, "Answer", 2, parent=first)
    store(app, "Second", 3)
    store(app, "Third", 4)
    set_discussion(app, threading=False, paginate=True, per_page=3, default_page="oldest")
    assert top_level(page(reader.article())) == ["First", "Answer", "Second"]
    assert top_level(page(reader.client.get(comment_page(2)))) == ["Third"]


def test_an_approved_reply_whose_parent_was_unapproved_heads_its_own_thread(app, reader):
    parent = store(app, "Withdrawn", 1, status=CommentStatus.PENDING)
    store(app, "Orphan", 2, parent=parent)
    store(app, "Other", 3)
    set_discussion(app, paginate=True, per_page=1, default_page="oldest")
    assert top_level(page(reader.article())) == ["Orphan"]
    assert top_level(page(reader.client.get(comment_page(2)))) == ["Other"]


# --- where a new comment lands ---


@pytest.mark.parametrize(
    ("default_page", "threads", "target"),
    [
        ("newest", 7, PLAIN),
        ("oldest", 7, comment_page(3)),
        # The last page is full: the new comment previews there until a fourth page exists.
        ("newest", 6, PLAIN),
        ("oldest", 6, comment_page(2)),
    ],
)
def test_new_comment_is_shown_to_its_author_alone_on_the_last_page(
    app, commenter, reader, default_page, threads, target
):
    for n in range(1, threads + 1):
        store(app, f"C{n}", n)
    set_discussion(app, paginate=True, per_page=3, default_page=default_page)
    response = commenter.post(comment="My first time here.")
    assert response.status_code == 303
    new_id = last_comment_id(app)
    assert redirect_target(response) == f"{target}#comment-{new_id}"
    doc = page(commenter.client.get(target))
    assert top_level(doc)[-1] == "My first time here."
    assert AWAITING in doc.by_id(f"comment-{new_id}").text
    assert "My first time here." not in page(commenter.client.get(comment_page(1))).text
    assert "My first time here." not in page(reader.client.get(target)).text


def test_reply_goes_to_the_page_of_its_thread_and_shows_there_to_its_author(app, commenter, reader):
    ids = seven_threads(app)
    set_discussion(app, paginate=True, per_page=3)
    response = commenter.post(comment="Same for me.", comment_parent=ids["C2"])
    new_id = last_comment_id(app)
    assert redirect_target(response) == f"{comment_page(1)}#comment-{new_id}"
    assert replies_under(page(commenter.client.get(comment_page(1))), ids["C2"]) == ["Same for me."]
    assert "Same for me." not in page(commenter.article()).text
    assert replies_under(page(reader.client.get(comment_page(1))), ids["C2"]) == []


def test_approved_comment_redirect_and_page_agree(app, commenter, editor, reader):
    ids = seven_threads(app)
    set_discussion(app, paginate=True, per_page=3, default_page="oldest")
    commenter.post(comment="Thinking of you.", comment_parent=ids["C5"])
    new_id = last_comment_id(app)
    editor.act(new_id, "approve")
    assert replies_under(page(reader.client.get(comment_page(2))), ids["C5"]) == [
        "Thinking of you."
    ]


def test_reply_links_stay_on_the_comment_page_they_were_followed_from(app, reader):
    ids = seven_threads(app)
    set_discussion(app, paginate=True, per_page=3)
    doc = page(reader.client.get(comment_page(1)))
    link = own_reply_link(doc.by_id(f"comment-{ids['C2']}"))
    assert link.attrs["href"] == f"{comment_page(1)}?replytocom={ids['C2']}#respond"
    followed = page(reader.client.get(link.attrs["href"]))
    assert top_level(followed) == C[:3]
    assert "Replying to Author C2" in followed.by_id("reply-title").text
    assert followed.by_id("comment_parent").attrs["value"] == str(ids["C2"])


# --- efficiency ---


def selects_to_show(app: Flask, visitor: Commenter, url: str) -> int:
    """Count the SELECT statements the database runs to show a page."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        assert visitor.client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return len(statements)


def test_showing_a_page_takes_the_same_queries_however_many_replies_there_are(app, reader):
    ids = seven_threads(app)
    set_discussion(app, paginate=True, per_page=3, default_page="oldest")
    few = selects_to_show(app, reader, PLAIN)
    for n in range(30):
        store(app, f"Answer {n}", 20 + n, parent=ids[f"C{n % 3 + 1}"])
    assert selects_to_show(app, reader, PLAIN) == few
