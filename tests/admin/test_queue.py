"""The queue at WordPress depth: search, filters, counts, paging, reply forms, shortcuts."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.html.sanitize import clean_comment
from cms.models import Article, Comment, CommentStatus
from tests.support.html_page import page
from tests.support.people import Editor, csrf_token
from tests.support.site import (
    APPROVED,
    HEROIN,
    NOON,
    OPIOID,
    PENDING,
    SPAM,
    TRASH,
    article_id,
)


def store(
    app: Flask,
    text: str = "A comment.",
    status: CommentStatus = PENDING,
    slug: str = HEROIN,
    created_at: datetime = NOON,
    **fields: object,
) -> int:
    """Store a comment as the site would have, with any author fields the test names."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        values = {
            "author_name": "Pat",
            "author_email": "pat@example.net",
            "author_ip": "192.0.2.1",
            **fields,
        }
        comment = Comment(
            article=article,
            content_html=clean_comment(text),
            status=status,
            previous_status=PENDING if status in (SPAM, TRASH) else None,
            created_at=created_at,
            **values,
        )
        db.session.add(comment)
        db.session.commit()
        return comment.id


def queue(editor: Editor, **args: object):
    return editor.client.get("/admin/comments", query_string=args)


def listed(response) -> list[int]:
    """Return the ids of the comments the queue lists, top to bottom."""
    rows = page(response).find_all("tr", "queue-row")
    return [int(row.attrs["id"].removeprefix("comment-")) for row in rows]


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def paging_link(response, label: str) -> str:
    """Return the address of the queue's "Newer" or "Older" link."""
    links = page(response).find("nav", "pagination").find_all("a")
    return next(a.attrs["href"] for a in links if a.text == label)


def place(created_at: datetime, comment_id: int) -> str:
    """Write a comment's place in the queue as the paging links carry it."""
    return f"{created_at.isoformat(timespec='microseconds')}_{comment_id}"


def stored(app: Flask, comment_id: int) -> Comment | None:
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        db.session.expunge_all()
        return comment


def post_from_queue(editor: Editor, url: str, **data: object):
    """Submit a form of the queue page, with the token the page carries."""
    token = csrf_token(editor.queue().get_data(as_text=True))
    return editor.client.post(url, data={"csrf_token": token, **data})


# --- Search and filters ---


def test_search_by_part_of_an_address_finds_nothing_since_addresses_are_encrypted(
    app: Flask, editor: Editor
) -> None:
    store(app, author_email="dana.w@example.com")
    assert listed(queue(editor, q="dana.w@")) == []


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("author_name", "Dana Whitfield", "whitfield"),
        # Addresses are encrypted at rest: found whole, in any case, by their keyed hash.
        ("author_email", "dana.w@example.com", "DANA.W@Example.com"),
        ("author_ip", "203.0.113.77", "113.77"),
        ("author_url", "https://dana.example.org", "dana.example"),
        ("text", "Day forty of staying clean", "Forty Of"),
    ],
)
def test_search_finds_a_comment_by_each_field_ignoring_case(
    app: Flask, editor: Editor, field: str, value: str, query: str
) -> None:
    wanted = store(app, value) if field == "text" else store(app, **{field: value})
    store(app, "Something else entirely")
    response = queue(editor, q=query)
    assert listed(response) == [wanted]
    assert f"matching “{query}”" in page(response).find("caption").text


@pytest.mark.parametrize(("query", "matching"), [("100%", "100% sure"), ("a_b", "a_b here")])
def test_search_treats_percent_and_underscore_as_plain_characters(
    app: Flask, editor: Editor, query: str, matching: str
) -> None:
    wanted = store(app, matching)
    store(app, "1000 sure, and axb here")
    assert listed(queue(editor, q=query)) == [wanted]


def test_search_finds_text_the_sanitizer_stored_as_entities(app: Flask, editor: Editor) -> None:
    wanted = store(app, "Me & my sponsor said 3 < 4")
    store(app, "Me and my sponsor")
    assert listed(queue(editor, q="me & my")) == [wanted]
    assert listed(queue(editor, q="3 < 4")) == [wanted]


def test_article_filter_lists_only_that_articles_comments(app: Flask, editor: Editor) -> None:
    heroin = store(app, "On heroin")
    store(app, "On opioids", slug=OPIOID)
    response = queue(editor, article=article_id(app, HEROIN))
    assert listed(response) == [heroin]
    chosen = [
        o
        for o in page(response).by_id("filter-article").find_all("option")
        if "selected" in o.attrs
    ]
    assert [o.text for o in chosen] == ["I Relapsed On Heroin, Now What?"]


def test_counts_per_status_follow_the_article_and_search_filters(
    app: Flask, editor: Editor
) -> None:
    for status in (PENDING, PENDING, APPROVED, SPAM):
        store(app, "needle here", status)
    store(app, "needle elsewhere", SPAM, slug=OPIOID)
    store(app, "nothing to find", APPROVED)
    tabs = page(queue(editor, article=article_id(app, HEROIN), q="needle")).find(
        "ul", "status-tabs"
    )
    assert tabs.text == "Pending (2) Approved (1) Spam (1) Trash (0) Needs care (0)"


def test_status_tabs_keep_the_article_and_search_but_start_at_page_one(
    app: Flask, editor: Editor
) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 1
    for _ in range(3):
        store(app, "needle")
    heroin = article_id(app, HEROIN)
    second = editor.client.get(paging_link(queue(editor, article=heroin, q="needle"), "Older"))
    assert len(listed(second)) == 1
    tabs = page(second).find("ul", "status-tabs")
    spam_link = [a for a in tabs.find_all("a") if a.text.startswith("Spam")][0]
    assert query_of(spam_link.attrs["href"]) == {
        "status": "spam",
        "article": str(heroin),
        "q": "needle",
    }


def test_paging_links_keep_every_filter(app: Flask, editor: Editor) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 2
    ids = [store(app, "needle", created_at=NOON + timedelta(minutes=n)) for n in range(5)]
    store(app, "no match", created_at=NOON + timedelta(hours=1))
    heroin = article_id(app, HEROIN)
    first = queue(editor, article=heroin, q="needle")
    response = editor.client.get(paging_link(first, "Older"))
    assert listed(response) == [ids[2], ids[1]]
    links = {
        a.text: query_of(a.attrs["href"])
        for a in page(response).find("nav", "pagination").find_all("a")
    }
    common = {"status": "pending", "article": str(heroin), "q": "needle"}
    # Each link carries the place of the row at its edge of the page: (created_at, id).
    assert links == {
        "Newer": {**common, "after": place(NOON + timedelta(minutes=2), ids[2])},
        "Older": {**common, "before": place(NOON + timedelta(minutes=1), ids[1])},
    }


def test_an_action_returns_to_the_queue_with_its_filters_and_page(
    app: Flask, editor: Editor
) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 1
    first, second = store(app, "needle one"), store(app, "needle two")
    heroin = article_id(app, HEROIN)
    response = editor.client.get(paging_link(queue(editor, article=heroin, q="needle"), "Older"))
    form = [
        f
        for f in page(response).find_all("form")
        if f.attrs["action"].startswith(f"/admin/comments/{first}/approve")
    ][0]
    done = editor.client.post(
        form.attrs["action"], data={"csrf_token": csrf_token(response.get_data(as_text=True))}
    )
    assert done.status_code == 302
    assert query_of(done.headers["Location"]) == {
        "status": "pending",
        "article": str(heroin),
        "q": "needle",
        "before": place(NOON, second),
    }
    # Nothing is older than that place now that one comment left the tab: the oldest page
    # left is shown instead.
    after = editor.client.get(done.headers["Location"])
    assert listed(after) == [second]
    assert f"Comment {first} approved." in page(after).find("div", "flashes").text


def test_a_bulk_action_returns_to_the_queue_with_its_filters(app: Flask, editor: Editor) -> None:
    chosen = store(app, "needle")
    response = queue(editor, q="needle", status="pending")
    action = page(response).by_id("bulk-form").attrs["action"]
    assert query_of(action) == {"status": "pending", "q": "needle"}
    done = post_from_queue(editor, action, action="spam", ids=[chosen])
    assert query_of(done.headers["Location"]) == {"status": "pending", "q": "needle"}
    assert stored(app, chosen).status == SPAM


def test_a_filter_with_no_match_says_so(app: Flask, editor: Editor) -> None:
    store(app, "hello")
    main = page(queue(editor, q="absent words")).find("main")
    assert "No pending comments match these filters." in main.text
    assert "Clear filters" in [a.text for a in main.find_all("a")]


@pytest.mark.parametrize(
    "args",
    [
        {"page": "abc"},
        {"before": "abc"},
        {"before": "2024-13-01T00:00:00.000000_1"},
        {"before": "2024-06-01T12:00:00+02:00_1"},
        {"after": "2024-06-01T12:00:00.000000_-3"},
        {"after": "2024-06-01T12:00:00_²"},
        {"before": "2024-06-01T12:00:00_" + "9" * 40},
        {"after": "9" * 40},
        {"article": "x"},
        {"article": "9" * 40},
    ],
)
def test_junk_in_the_query_string_still_shows_the_queue(
    app: Flask, editor: Editor, args: dict[str, str]
) -> None:
    comment_id = store(app)
    response = queue(editor, **args)
    assert response.status_code == 200
    assert listed(response) == [comment_id]


@pytest.mark.parametrize(
    ("status", "reason", "shown"),
    [
        (PENDING, 'moderation word "casino"', 'Held: moderation word "casino"'),
        (SPAM, "honeypot", "Caught: honeypot"),
        (TRASH, 'disallowed word "pills"', 'Caught: disallowed word "pills"'),
        (APPROVED, "3 links", "Was held: 3 links"),
    ],
)
def test_queue_shows_why_the_site_held_or_caught_a_comment(
    app: Flask, editor: Editor, status: CommentStatus, reason: str, shown: str
) -> None:
    comment_id = store(app, status=status, held_reason=reason)
    row = page(queue(editor, status=status.value)).by_id(f"comment-{comment_id}")
    assert row.find("p", "held-reason").text == shown


def test_comment_held_by_no_rule_shows_no_reason(app: Flask, editor: Editor) -> None:
    comment_id = store(app)
    assert page(queue(editor)).by_id(f"comment-{comment_id}").find("p", "held-reason") is None


# --- The reply form on each row ---


def test_reply_form_sits_under_pending_and_approved_rows_only(app: Flask, editor: Editor) -> None:
    ids = {status: store(app, status=status) for status in CommentStatus}
    for status, comment_id in ids.items():
        row = page(queue(editor, status=status.value)).by_id(f"comment-{comment_id}")
        form = row.find("details", "quick-reply")
        assert (form is not None) is (status in (PENDING, APPROVED))
    pending_row = page(queue(editor)).by_id(f"comment-{ids[PENDING]}")
    assert pending_row.find("details", "quick-reply").find("button").text == "Approve and reply"


# --- Keyboard shortcuts ---


def test_queue_loads_the_shortcut_script_from_a_file_and_has_no_inline_script(
    app: Flask, editor: Editor
) -> None:
    store(app)
    scripts = page(queue(editor)).find_all("script")
    assert [s.attrs.get("src") for s in scripts] == ["/static/admin.js"]
    assert "defer" in scripts[0].attrs and scripts[0].raw_text == ""
    script = app.test_client().get("/static/admin.js")
    assert script.status_code == 200 and "keydown" in script.get_data(as_text=True)
    script.close()


@pytest.mark.parametrize(
    ("status", "keys"),
    [
        (PENDING, {"a": "Approve", "s": "Spam", "t": "Trash"}),
        (APPROVED, {"u": "Unapprove", "s": "Spam", "t": "Trash"}),
        (SPAM, {"z": "Not spam", "t": "Trash"}),
        (TRASH, {"z": "Restore"}),
    ],
)
def test_each_row_button_carries_the_key_the_script_presses(
    app: Flask, editor: Editor, status: CommentStatus, keys: dict[str, str]
) -> None:
    comment_id = store(app, status=status)
    row = page(queue(editor, status=status.value)).by_id(f"comment-{comment_id}")
    buttons = {b.attrs["data-shortcut"]: b for b in row.iter() if "data-shortcut" in b.attrs}
    for key, label in keys.items():
        assert buttons[key].text == label
        assert buttons[key].attrs["aria-keyshortcuts"] == key
    assert buttons["e"].tag == "a" and buttons["e"].text == "Edit"
    assert buttons["x"].attrs["name"] == "ids"
    assert ("r" in buttons) is (status in (PENDING, APPROVED))
    # Deleting for good is never one key away.
    assert not any(b.text == "Delete permanently" for b in buttons.values())


def test_queue_lists_the_keyboard_shortcuts(app: Flask, editor: Editor) -> None:
    help_list = page(queue(editor)).find("section", "shortcuts")
    assert help_list.find("h2").text == "Keyboard shortcuts"
    keys = [dt.text for dt in help_list.find_all("dt")]
    assert keys == ["j / k", "a", "u", "s", "t", "z", "r", "e", "x"]
