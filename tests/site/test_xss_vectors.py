"""Hostile input through the real comment form: nothing it sends may run on any page or
reach a mail as a header.

Every vector in data/xss_vectors.txt is posted as a comment's text and name, and as its
website; an editor approves them all; then the public article, the moderation queue and
each comment's edit page are parsed with html5lib, as a browser would, and must hold
nothing executable but the site's own /static/ scripts. Vectors go in batches, one app
per batch, to keep the suite quick.
"""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update

from cms.comments.forms import NAME_MAX
from cms.extensions import db
from cms.models import Article
from tests.support.executable import fragment_problems, page_problems
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, HEROIN, comments_in_db
from tests.support.smtp import SmtpServer

VECTOR_FILE = Path(__file__).parents[1] / "data" / "xss_vectors.txt"
ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\0": "\x00"}
BATCH = 24
REPLY_PAGES = 4


def load_vectors() -> list[str]:
    """Read the vectors, one a line, with the file's escapes turned into their characters."""
    vectors = []
    for line in VECTOR_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("# "):
            continue
        for escape, char in ESCAPES.items():
            line = line.replace(escape, char)
        vectors.append(line)
    return vectors


VECTORS = load_vectors()
BATCHES = [VECTORS[i : i + BATCH] for i in range(0, len(VECTORS), BATCH)]


def assert_page_inert(response, where: str) -> None:
    found = page_problems(response.get_data(as_text=True))
    assert not found, f"{where}: {found}"


def test_the_suite_has_over_a_hundred_distinct_vectors() -> None:
    assert len(set(VECTORS)) == len(VECTORS) >= 100


@pytest.mark.parametrize(
    "vector",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "<svg><a xlink:href=javascript:alert(1)>x</a></svg>",
        '<p style="x">',
        '<iframe srcdoc="x"></iframe>',
    ],
)
def test_the_checks_catch_a_vector_left_raw(vector: str) -> None:
    # Proof the checks have teeth: unsanitized, these are all found.
    assert fragment_problems(vector)


def post_batch(commenter: Commenter, batch: list[str], start: int) -> None:
    """Post each vector as text and name, then as website; check any page that re-shows it."""
    # One token for the whole batch, as a visitor who keeps the page open would have.
    token = csrf_token(commenter.article().get_data(as_text=True))
    for number, vector in enumerate(batch, start):
        # Numbered first: many vectors clean to the same HTML, and the same words twice from
        # one session are refused as a duplicate.
        text = f"(vector {number})\n\n{vector}"
        posts = [
            {"comment": text, "author": vector[:NAME_MAX].strip() or "Sam", "url": ""},
            {"comment": f"My website, number {number}.", "author": "Sam", "url": vector},
        ]
        for fields in posts:
            response = commenter.client.post(
                f"/{HEROIN}/comments",
                data={"email": f"v{number}@example.net", "csrf_token": token, **fields},
            )
            # Refused input comes back in the form (after a redirect): that page must be inert too.
            if response.headers.get("Location", "").endswith("#respond"):
                shown = commenter.sent_back(response)
                assert_page_inert(shown, f"form re-shown for {vector!r}")
            elif response.status_code != 303:
                assert_page_inert(response, f"form re-shown for {vector!r}")


def check_every_page(commenter: Commenter, editor: Editor, ids: list[int]) -> None:
    article = commenter.article()
    assert_page_inert(article, "public article")
    shown = article.get_data(as_text=True).count('class="comment-content"')
    assert shown == len(ids), "every approved comment is on the public page"
    for status in ("approved", "pending"):
        for number in (1, 2):
            queue = editor.client.get(
                "/admin/comments", query_string={"status": status, "page": number}
            )
            assert_page_inert(queue, f"{status} queue page {number}")
    for comment_id in ids:
        edit = editor.client.get(f"/admin/comments/{comment_id}/edit")
        assert edit.status_code == 200
        assert_page_inert(edit, f"edit page of comment {comment_id}")
    # "Replying to <name>": a few per batch, since each is a whole article page to parse.
    for comment_id in ids[:REPLY_PAGES]:
        reply = commenter.article(replytocom=comment_id)
        assert_page_inert(reply, f"reply form for comment {comment_id}")


@pytest.mark.parametrize("number", range(len(BATCHES)))
def test_hostile_comments_render_inert_on_public_and_admin_pages(
    app: Flask, commenter: Commenter, editor: Editor, number: int
) -> None:
    batch = BATCHES[number]
    post_batch(commenter, batch, number * BATCH)
    # The author's own preview of a pending comment is a page too.
    assert_page_inert(commenter.article(), "article with pending previews")
    ids = [c.id for c in comments_in_db(app)]
    assert len(ids) >= len(batch), "each vector was stored as a comment"
    editor.bulk("approve", ids)
    for comment in comments_in_db(app):
        assert not fragment_problems(comment.content_html), comment.content_html
    check_every_page(commenter, editor, ids)


# Header injection: line breaks typed into a name or email, or saved in a title.

ALLOWED_HEADERS = {
    "from", "to", "subject", "date", "message-id", "auto-submitted", "list-unsubscribe",
    "list-unsubscribe-post", "content-type", "content-transfer-encoding", "mime-version",
    "x-envelope-to",
}  # fmt: skip
INJECTIONS = [
    "Sam\r\nBcc: victim@example.org",
    "Sam\nBcc: victim@example.org",
    "Sam\rCc: victim@example.org",
    "Sam\r\n\r\nInjected body",
    "Sam%0d%0aBcc: victim@example.org",
    "Sam\r\n X-Folded: yes",
    "Sam\u2028X-Injected: yes",
    "Sam\x85X-Injected: yes",
]


def assert_headers_clean(smtp: SmtpServer, recipient: str, messages: list | None = None) -> None:
    """Check each message has only the site's own headers, each on one line, and one To."""
    messages = smtp.messages if messages is None else messages
    assert messages, "the site sent mail"
    for message in messages:
        names = {name.lower() for name in message.keys()}
        assert names <= ALLOWED_HEADERS, names - ALLOWED_HEADERS
        assert message.get_all("To") == [recipient]
        assert message["X-Envelope-To"] == recipient
        for name, value in message.items():
            assert "\n" not in str(value) and "\r" not in str(value), name


@pytest.mark.parametrize("name", INJECTIONS)
def test_a_line_break_in_a_name_never_becomes_a_mail_header(
    commenter: Commenter, mailbox: SmtpServer, name: str
) -> None:
    response = commenter.post(author=name, comment=f"Held for {name!r}.")
    assert response.status_code == 303
    assert_headers_clean(mailbox, EDITOR_EMAIL)


@pytest.mark.parametrize(
    "email",
    [
        "sam@example.net\r\nBcc: victim@example.org",
        "sam@example.net\nBcc: victim@example.org",
        "sam@example.net,victim@example.org",
        "sam@example.net\r\nTo: victim@example.org",
        "Sam <sam@example.net>\r\nCc: victim@example.org",
    ],
)
def test_a_line_break_or_list_in_an_email_is_refused_and_mails_no_one(
    app: Flask, commenter: Commenter, mailbox: SmtpServer, email: str
) -> None:
    response = commenter.sent_back(commenter.post(email=email, notify="y"))
    assert "valid email address" in response.get_data(as_text=True)
    assert comments_in_db(app) == []
    assert mailbox.messages == []


def test_a_line_break_in_an_article_title_never_becomes_a_mail_header(
    app: Flask, commenter: Commenter, mailbox: SmtpServer
) -> None:
    with app.app_context():
        db.session.execute(
            update(Article)
            .where(Article.slug == HEROIN)
            .values(title="Relapse\r\nBcc: victim@example.org\r\nX-Injected: yes")
        )
        db.session.commit()
    commenter.post(notify="y")
    recipients = sorted(m["X-Envelope-To"] for m in mailbox.messages)
    assert recipients == sorted([EDITOR_EMAIL, "sam@example.net"])
    for message in mailbox.messages:
        assert_headers_clean(mailbox, message["X-Envelope-To"], [message])


@pytest.mark.parametrize("url", ["<![CDATA[<img src=x>]]>", "https://[x", "http://[::1"])
def test_a_website_with_a_broken_bracketed_host_is_refused_kindly(
    commenter: Commenter, url: str
) -> None:
    # These once made urlsplit raise, and the form answered 500.
    response = commenter.sent_back(commenter.post(url=url))
    assert "Enter a website address" in response.get_data(as_text=True)
