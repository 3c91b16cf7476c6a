"""A commenter's name and website: single lines, http(s) only, never an address as a name."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from cms.comments.authors import ANONYMOUS, is_web_address, public_name
from cms.extensions import db
from cms.models import Comment, CommentStatus
from tests.mail.test_notifications import ROBIN, SAM, _approved_parent, body
from tests.support.html_page import comment_form, form_errors, page
from tests.support.site import add_comment, comments_in_db
from tests.support.wxr_support import run_import
from tests.wxr.test_importer import ITEM, SMALL

INVISIBLE = "has an invisible control character in it"
BAD_WEBSITE = "Enter a website address starting with http:// or https://."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Sam\r\nApprove it: http://evil.example/", "Sam Approve it: http://evil.example/"),
        ("Sam\nWebsite:    (none)", "Sam Website: (none)"),
        ("Sam\tRivera", "Sam Rivera"),
        ("Sam\u2028Rivera\u2029", "Sam Rivera"),
        ("Sam\x85Rivera\x0b\x0c", "Sam Rivera"),
        ("  Sam\x00 ", "Sam"),
        # Joiners are spelling, not tricks: Persian names and emoji keep them.
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
    ],
    ids=["crlf-forged-line", "lf", "tab", "unicode-separators", "nel-vt-ff", "nul", "zwnj"],
)
def test_line_breaks_in_a_name_are_folded_into_one_line(app, commenter, typed, stored):
    assert commenter.post(author=typed).status_code == 303
    assert comments_in_db(app)[-1].author_name == stored


@pytest.mark.parametrize(
    "typed",
    [
        "Sam\u202eevil",
        "\u2066Sam\u2069",
        "Sam\u200f",
        "Sam\x1b[31m",
        "Sam\x7f",
        "Sam\x9b",
        "Sam\x08\x08\x08Eve",
    ],
    ids=["rlo", "isolate", "rlm", "escape", "del", "c1-csi", "backspaces"],
)
def test_invisible_characters_left_in_a_name_are_refused_with_the_text_kept(app, commenter, typed):
    response = commenter.post(author=typed, comment="Kept, every word.")
    assert comments_in_db(app) == []
    doc = page(commenter.sent_back(response))
    assert INVISIBLE in doc.by_id("author-error").text
    assert INVISIBLE in form_errors(doc)
    assert comment_form(doc).by_id("comment").raw_text.strip() == "Kept, every word."


@pytest.mark.parametrize(
    "typed",
    [
        "https://example.org/\r\nApprove it: http://evil.example/",
        "https://example.org/\u2028x",
        "https://exa\u202emple.org/",
        "https://example.org/\x1b",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https://",
        "https://[broken",
    ],
    ids=[
        "crlf",
        "line-separator",
        "rlo",
        "escape",
        "js",
        "js-mixed-case",
        "data",
        "vbs",
        "no-host",
        "bad-host",
    ],
)
def test_a_website_must_be_one_http_address(app, commenter, typed):
    response = commenter.post(url=typed)
    assert comments_in_db(app) == []
    doc = page(commenter.sent_back(response))
    error = doc.by_id("url-error").text
    assert BAD_WEBSITE in error or INVISIBLE in error


def test_one_rule_for_websites_wherever_they_come_from():
    assert is_web_address("https://example.org/sam")
    assert is_web_address("HTTP://example.org")
    for bad in ("javascript:alert(1)", "data:,x", "https://a.example/ b", "//a.example", ""):
        assert not is_web_address(bad), bad


# --- what the page shows ---


def approved(app: Flask, name: str = "Pat", url: str = "") -> int:
    comment_id = add_comment(app, "Shown to all.", CommentStatus.APPROVED, author_name=name)
    with app.app_context():
        db.session.execute(update(Comment).where(Comment.id == comment_id).values(author_url=url))
        db.session.commit()
    return comment_id


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4=", " javascript:x"],
)
def test_a_stored_website_that_is_not_http_is_shown_as_no_link(app, reader, url):
    comment_id = approved(app, url=url)
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    author = item.find("b", cls="comment-author")
    assert author.text == "Pat" and author.find("a") is None


def test_a_stored_http_website_is_linked_with_nofollow(app, reader):
    comment_id = approved(app, url="https://example.org/pat")
    link = page(reader.article()).by_id(f"comment-{comment_id}").find("b").find("a")
    assert link.attrs["href"] == "https://example.org/pat"
    assert link.attrs["rel"] == "nofollow ugc noopener"


def test_an_address_typed_as_a_name_is_shown_as_anonymous_on_the_page(app, reader):
    comment_id = approved(app, name="sam.rivera@example.net")
    html = reader.article(replytocom=comment_id).get_data(as_text=True)
    assert "sam.rivera@example.net" not in html
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    assert item.find("b", cls="comment-author").text == ANONYMOUS
    reply = item.find("a", cls="comment-reply-link")
    assert reply.attrs["aria-label"] == f"Reply to {ANONYMOUS}"
    assert reply.attrs["data-author"] == ANONYMOUS
    replying = page(reader.article(replytocom=comment_id)).by_id("reply-title")
    assert f"Replying to {ANONYMOUS}" in replying.text


def test_the_page_and_the_feed_share_one_rule_for_names(app, reader):
    approved(app, name="Mail me at sam@example.net")
    feed = reader.client.get("/comments/feed/").get_data(as_text=True)
    assert "sam@example.net" not in feed and ANONYMOUS in feed
    assert public_name("Sam R.") == "Sam R."


# --- imported websites pass the same check ---

IMPORTED = """<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_email>x@example.net</wp:comment_author_email>
<wp:comment_author_url>{url}</wp:comment_author_url>
<wp:comment_date_gmt>2020-05-02 08:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Imported.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent></wp:comment>"""


def test_an_imported_website_that_is_not_http_is_not_kept(app: Flask, tmp_path: Path):
    urls = ["javascript:alert(1)", "data:text/html,x", "https://example.org/ann"]
    comments = "".join(IMPORTED.format(wp_id=90 + n, url=url) for n, url in enumerate(urls))
    item = ITEM.format(
        wp_id=9,
        title="Imported",
        slug="",
        content="Hi",
        comments=comments,
        status="publish",
        type="post",
    )
    export = tmp_path / "export.xml"
    export.write_text(SMALL.format(items=item), encoding="utf-8")
    run_import(app, export)
    with app.app_context():
        stored = db.session.scalars(
            select(Comment.author_url).where(Comment.wp_id >= 90).order_by(Comment.wp_id)
        ).all()
    assert stored == ["", "", "https://example.org/ann"]


def test_a_reply_mail_shows_an_address_typed_as_a_name_as_anonymous(
    app, mailbox, commenter, reader, editor
):
    parent = _approved_parent(app, mailbox, commenter, editor)
    reader.post(author=ROBIN, email=ROBIN, comment="Me too.", comment_parent=parent.id)
    editor.act(comments_in_db(app)[-1].id, "approve")
    [message] = mailbox.to(SAM)
    text = body(message)
    # Mail to another commenter is as public as the page: the page's rule for names.
    assert ROBIN not in text and f"> Name: {ANONYMOUS}" in text
