"""The discussion rules: which status a new comment starts in, and the reason recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from cms.comments.discussion import Discussion
from cms.comments.rules import NOT_KNOWN, judge, link_count
from cms.extensions import db
from cms.models import Comment
from tests.support.html_page import page
from tests.support.people import Commenter, session_csrf_token
from tests.support.site import (
    APPROVED,
    HEROIN,
    PENDING,
    SPAM,
    TRASH,
    add_comment,
    audit_rows,
    comments_in_db,
    set_discussion,
)

HELD = "Thank you. Your comment is held for review."

# name, email, website, text, IP, user agent: what the word lists are matched against.
FIELDS = ["Sam", "sam@example.net", "", "Thank you.", "127.0.0.1", "Mozilla/5.0"]


def approved_comment_by(app: Flask, email: str) -> int:
    """Store an earlier approved comment from this address."""
    comment_id = add_comment(app, "An earlier comment.", APPROVED)
    with app.app_context():
        db.session.get(Comment, comment_id).author_email = email
        db.session.commit()
    return comment_id


# --- the rules on their own ---


def test_defaults_hold_every_comment_for_an_editor():
    rules = Discussion()
    assert (rules.manual_approval, rules.previous_approved, rules.max_links) == (True, False, 2)
    assert (rules.moderation_words, rules.disallowed_words) == ([], [])
    assert rules.disallowed_action == "spam"
    assert judge(rules, FIELDS, links=0, known_author=False) == (PENDING, "")
    assert judge(rules, FIELDS, links=0, known_author=True) == (PENDING, "")


@pytest.mark.parametrize(
    ("settings", "links", "known", "status", "reason"),
    [
        pytest.param({}, 1, False, PENDING, "", id="default-one-link"),
        pytest.param({}, 2, False, PENDING, "2 links", id="default-two-links"),
        pytest.param({"manual_approval": False}, 0, False, APPROVED, "", id="no-manual"),
        pytest.param({"manual_approval": False}, 1, False, APPROVED, "", id="under-links"),
        pytest.param({"manual_approval": False}, 2, False, PENDING, "2 links", id="at-links"),
        pytest.param({"manual_approval": False}, 7, False, PENDING, "7 links", id="over-links"),
        pytest.param(
            {"manual_approval": False, "max_links": 3}, 2, False, APPROVED, "", id="raised-limit"
        ),
        pytest.param(
            {"manual_approval": False, "max_links": 1}, 1, False, PENDING, "1 link", id="one-link"
        ),
        pytest.param(
            {"manual_approval": False, "max_links": 0}, 50, False, APPROVED, "", id="links-off"
        ),
        pytest.param({"previous_approved": True}, 0, True, APPROVED, "", id="manual-known"),
        pytest.param({"previous_approved": True}, 0, False, PENDING, "", id="manual-unknown"),
        pytest.param(
            {"previous_approved": True}, 2, True, PENDING, "2 links", id="known-but-links"
        ),
        pytest.param(
            {"manual_approval": False, "previous_approved": True},
            0,
            True,
            APPROVED,
            "",
            id="auto-known",
        ),
        pytest.param(
            {"manual_approval": False, "previous_approved": True},
            0,
            False,
            PENDING,
            "no earlier approved comment sent from this browser with this email",
            id="auto-unknown",
        ),
    ],
)
def test_approval_and_link_rules(settings, links, known, status, reason):
    rules = replace(Discussion(), **settings)
    assert judge(rules, FIELDS, links=links, known_author=known) == (status, reason)


@pytest.mark.parametrize(
    ("settings", "status", "reason"),
    [
        pytest.param(
            {"disallowed_words": ["casino"]}, SPAM, 'disallowed word "casino"', id="to-spam"
        ),
        pytest.param(
            {"disallowed_words": ["casino"], "disallowed_action": "trash"},
            TRASH,
            'disallowed word "casino"',
            id="to-trash",
        ),
        pytest.param(
            {"moderation_words": ["casino"]}, PENDING, 'moderation word "casino"', id="held"
        ),
        pytest.param(
            {"moderation_words": ["casino"], "disallowed_words": ["casino"]},
            SPAM,
            'disallowed word "casino"',
            id="disallowed-wins",
        ),
        pytest.param(
            {"moderation_words": ["", "  ", "poker"], "disallowed_words": ["", "   "]},
            APPROVED,
            "",
            id="blank-lines-ignored",
        ),
        pytest.param(
            {"moderation_words": ["  CASINO  "]},
            PENDING,
            'moderation word "CASINO"',
            id="word-trimmed-case-kept-in-reason",
        ),
    ],
)
def test_word_lists(settings, status, reason):
    rules = replace(Discussion(), manual_approval=False, **settings)
    fields = [*FIELDS[:3], "Best Casinos online", *FIELDS[4:]]
    assert judge(rules, fields, links=0, known_author=True) == (status, reason)


def test_a_word_list_entry_matches_in_any_field_but_only_the_first_is_reported():
    rules = replace(Discussion(), manual_approval=False, moderation_words=["zzz", "mozilla", "sam"])
    assert judge(rules, FIELDS, links=0, known_author=False).reason == 'moderation word "mozilla"'


@pytest.mark.parametrize(
    ("html", "links"),
    [
        ("<p>No links.</p>", 0),
        ('<p><a href="https://a.example" rel="nofollow ugc noopener">a</a></p>', 1),
        ('<p><A HREF="https://a.example">a</A> and <a title="t" href="https://b.example">b</a>', 2),
        ("<p>&lt;a href=https://a.example&gt; shown as text</p>", 0),
        ("<p><abbr>abbr</abbr> <b>b</b></p>", 0),
    ],
)
def test_links_are_counted_in_the_sanitized_html(html, links):
    assert link_count(html) == links


# --- the rules applied to posted comments ---


def test_with_the_defaults_a_posted_comment_is_pending_with_no_reason(app, commenter):
    assert commenter.post().status_code == 303
    [comment] = comments_in_db(app)
    assert (comment.status, comment.held_reason) == (PENDING, "")
    assert audit_rows(app, comment.id) == [("post", "", "pending", None, "")]


def test_known_commenter_is_approved_at_once_from_the_same_browser(app, commenter, reader, editor):
    set_discussion(app, previous_approved=True)
    assert commenter.post(email="sam@example.net", comment="First time.").status_code == 303
    assert editor.act(comments_in_db(app)[-1].id, "approve").status_code == 302
    assert commenter.post(email="Sam@Example.NET", comment="Back again.").status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.status, comment.held_reason) == (APPROVED, "")
    assert audit_rows(app, comment.id) == [("post", "", "approved", None, "")]
    item = page(reader.article()).by_id(f"comment-{comment.id}")
    assert item is not None and "Back again." in item.text


def test_a_stranger_typing_a_known_authors_address_is_held(app, commenter, reader, editor):
    set_discussion(app, previous_approved=True)
    assert commenter.post(email="sam@example.net", comment="First time.").status_code == 303
    assert editor.act(comments_in_db(app)[-1].id, "approve").status_code == 302
    # Another browser knows the address, and even copies the first cookie's name with junk.
    reader.client.set_cookie("comment_known", "forged")
    assert reader.post(email="sam@example.net", comment="Pretending.").status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.status, comment.held_reason) == (PENDING, "")
    assert "Pretending." not in page(Commenter(app.test_client()).article()).text


def test_posting_twice_under_a_known_authors_address_publishes_neither(app, commenter, reader):
    set_discussion(app, previous_approved=True)
    approved_comment_by(app, "sam@example.net")
    # The stranger's first post sets a cookie for the comment it sent, which is pending:
    # it vouches for nothing until an editor approves that very comment.
    assert reader.post(email="sam@example.net", comment="Pretending once.").status_code == 303
    assert reader.post(email="sam@example.net", comment="Pretending twice.").status_code == 303
    assert [c.status for c in comments_in_db(app)[-2:]] == [PENDING, PENDING]
    assert "Pretending" not in page(Commenter(app.test_client()).article()).text


def test_an_approved_author_with_no_cookie_yet_is_held_with_the_reason(app, commenter):
    set_discussion(app, manual_approval=False, previous_approved=True)
    approved_comment_by(app, "sam@example.net")  # from before the cookie, or another browser
    assert commenter.post(email="sam@example.net").status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.status, comment.held_reason) == (PENDING, NOT_KNOWN)


def test_the_browser_cookie_vouches_only_for_the_address_it_was_set_with(app, commenter, editor):
    set_discussion(app, previous_approved=True)
    assert commenter.post(email="sam@example.net", comment="First time.").status_code == 303
    editor.act(comments_in_db(app)[-1].id, "approve")
    approved_comment_by(app, "alex@example.net")
    assert commenter.post(email="alex@example.net", comment="As Alex.").status_code == 303
    assert comments_in_db(app)[-1].status == PENDING


@pytest.mark.parametrize("secure", [False, True])
def test_the_known_author_cookie_is_signed_http_only_and_secure_when_configured(app_with, secure):
    app = app_with(SESSION_COOKIE_SECURE=secure)
    set_discussion(app, previous_approved=True)
    response = Commenter(app.test_client()).post()
    cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("comment_known=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is secure
    # Signed, with neither the address nor the hash the database keeps of it.
    value = cookie.split(";")[0]
    assert "sam@example.net" not in value and "." in value
    with app.app_context():
        stored_hash = db.session.scalar(select(Comment.author_email_hash))
    assert stored_hash not in URLSafeTimedSerializer("x").loads_unsafe(value.split("=", 1)[1])[1]


def test_forget_me_also_forgets_that_this_browser_wrote_before(app, commenter, editor):
    set_discussion(app, previous_approved=True)
    commenter.post(email="sam@example.net", comment="First time.", remember="y")
    editor.act(comments_in_db(app)[-1].id, "approve")
    token = session_csrf_token(commenter.client)
    commenter.client.post(f"/{HEROIN}/forget-me", data={"csrf_token": token})
    assert commenter.client.get_cookie("comment_known") is None
    commenter.post(email="sam@example.net", comment="Someone else at this computer.")
    assert comments_in_db(app)[-1].status == PENDING


def test_no_known_author_cookie_is_set_while_the_rule_is_off(app, commenter):
    response = commenter.post()
    assert not any(c.startswith("comment_known=") for c in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("earlier", [None, PENDING, SPAM, TRASH], ids=str)
def test_commenter_without_an_approved_comment_is_held(app, commenter, reader, earlier):
    set_discussion(app, previous_approved=True)
    if earlier is not None:
        add_comment(app, "Earlier.", earlier)  # by pat@example.net, not yet approved
    assert commenter.post(email="pat@example.net", comment="First time.").status_code == 303
    comment = comments_in_db(app)[-1]
    assert comment.status == PENDING
    assert "First time." not in page(reader.article()).text


def test_without_manual_approval_a_comment_is_published_at_once(app, commenter, reader):
    set_discussion(app, manual_approval=False)
    assert commenter.post(comment="Straight out.").status_code == 303
    comment = comments_in_db(app)[-1]
    assert comment.status == APPROVED
    assert "Straight out." in page(reader.article()).text


# Each field the commenter controls, a word hidden inside a longer one, in another case.
WORD_IN_FIELD = [
    pytest.param({"author": "Dr SpecialistSam"}, {}, id="name"),
    pytest.param({"email": "the.specialist@example.net"}, {}, id="email"),
    pytest.param({"url": "https://SPECIALIST.example.org/"}, {}, id="website"),
    pytest.param({"comment": "My speCIALISt helped."}, {}, id="text"),
    pytest.param({}, {"HTTP_USER_AGENT": "Mozilla/5.0 (SpecialistBot)"}, id="user-agent"),
]
WORD = "Cialis"


@pytest.mark.parametrize(("typed", "environ"), WORD_IN_FIELD)
def test_moderation_word_in_any_field_holds_the_comment(app, commenter, typed, environ):
    set_discussion(app, manual_approval=False, moderation_words=["", WORD, ""])
    commenter.client.environ_base.update(environ)
    assert commenter.post(**typed).status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.status, comment.held_reason) == (PENDING, 'moderation word "Cialis"')
    assert audit_rows(app, comment.id) == [
        ("post", "", "pending", None, 'moderation word "Cialis"')
    ]


def test_moderation_word_matches_the_ip_address(app, commenter):
    set_discussion(app, manual_approval=False, moderation_words=["203.0.113."])
    commenter.client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    assert commenter.post().status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.author_ip, comment.status) == ("203.0.113.77", PENDING)
    assert comment.held_reason == 'moderation word "203.0.113."'


@pytest.mark.parametrize(("typed", "environ"), WORD_IN_FIELD)
@pytest.mark.parametrize("action", ["spam", "trash"])
def test_disallowed_word_in_any_field_files_the_comment_quietly(
    app, commenter, reader, typed, environ, action
):
    set_discussion(app, manual_approval=False, disallowed_words=[WORD], disallowed_action=action)
    commenter.client.environ_base.update(environ)
    response = commenter.post(follow=True, **typed)
    assert response.status_code == 200
    comment = comments_in_db(app)[-1]
    assert (comment.status, comment.held_reason) == (action, 'disallowed word "Cialis"')
    assert audit_rows(app, comment.id) == [("post", "", action, None, 'disallowed word "Cialis"')]
    # The poster is told only that it waits for review, and never sees it in their preview.
    doc = page(response)
    assert HELD in doc.find("div", cls="flashes").text
    assert doc.by_id(f"comment-{comment.id}") is None
    assert page(reader.article()).by_id(f"comment-{comment.id}") is None


def test_disallowed_comment_restored_by_an_editor_goes_to_the_queue(app, commenter, editor):
    set_discussion(app, disallowed_words=["casino"])
    commenter.post(comment="I lost my savings at the casino.")
    comment_id = comments_in_db(app)[-1].id
    assert editor.act(comment_id, "restore").status_code == 302
    assert comments_in_db(app)[-1].status == PENDING


@pytest.mark.parametrize(
    ("text", "status", "reason"),
    [
        ("Read https://a.example.org/", APPROVED, ""),
        ("Read https://a.example.org/ and https://b.example.org/", PENDING, "2 links"),
        ('<a href="https://a.example.org/">one</a> and www.b.example.org', PENDING, "2 links"),
        # A link the sanitizer refuses is shown as text, and is no link.
        ('<a href="javascript:alert(1)">x</a> https://a.example.org/', APPROVED, ""),
    ],
    ids=["one-bare-url", "two-bare-urls", "tag-and-bare", "refused-link"],
)
def test_comment_with_too_many_links_is_held(app, commenter, text, status, reason):
    set_discussion(app, manual_approval=False)
    assert commenter.post(comment=text).status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.status, comment.held_reason) == (status, reason)


def test_held_comment_is_previewed_by_its_author_only(app, commenter, reader):
    set_discussion(app, manual_approval=False, moderation_words=["relapse"])
    commenter.post(comment="I had a relapse last night.")
    comment_id = comments_in_db(app)[-1].id
    assert page(commenter.article()).by_id(f"comment-{comment_id}") is not None
    assert page(reader.article()).by_id(f"comment-{comment_id}") is None
