"""Discussion settings: stored over their defaults, each change recorded, and whether an
article takes comments (its own switch, then the age rule)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.comments import discussion
from cms.extensions import db
from cms.models import Article, Setting, User, utcnow
from tests.comments.test_pages import own_reply_link, store
from tests.comments.test_posting import TYPED, post_approved, post_raw, token_of
from tests.support.html_page import page
from tests.support.people import Commenter, csrf_token
from tests.support.site import (
    EDITOR_EMAIL,
    HEROIN,
    OPIOID,
    audit_rows,
    comments_in_db,
    set_discussion,
    user_id,
)


def stored_settings(app: Flask) -> dict[str, str]:
    """Return the discussion settings rows as stored: name -> JSON text."""
    with app.app_context():
        rows = db.session.scalars(select(Setting).where(Setting.key.in_(discussion.SETTING_NAMES)))
        return {row.key: row.value for row in rows}


# --- the settings: defaults, saving, the record of changes ---


def test_a_new_site_runs_on_the_defaults_with_nothing_stored(app: Flask) -> None:
    with app.test_request_context():
        assert discussion.load() == discussion.Discussion()
    assert stored_settings(app) == {}


def test_saving_stores_only_what_changed_and_records_each_change_as_typed(app: Flask) -> None:
    editor = user_id(app, EDITOR_EMAIL)
    with app.test_request_context():
        rules = replace(discussion.load(), thread_depth=3, moderation_words=["café", "pills"])
        changed = discussion.save(rules, by=db.session.get(User, editor))
        db.session.commit()
    # In the order the settings are declared, as the settings page lists them.
    assert changed == ["moderation_words", "thread_depth"]
    stored = {name: json.loads(value) for name, value in stored_settings(app).items()}
    assert stored == {"thread_depth": 3, "moderation_words": ["café", "pills"]}
    assert audit_rows(app, fields=("action", "user_id", "detail")) == [
        ("settings", editor, 'moderation_words: [] → ["café", "pills"]'),
        ("settings", editor, "thread_depth: 5 → 3"),
    ]


def test_saved_settings_are_read_back_with_their_types_by_the_next_request(app: Flask) -> None:
    set_discussion(app, paginate=True, per_page=7, disallowed_words=["spam words"])
    with app.test_request_context():
        rules = discussion.load()
    assert (rules.paginate, rules.per_page, rules.disallowed_words) == (True, 7, ["spam words"])
    assert rules.thread_depth == discussion.Discussion().thread_depth


def test_saving_the_settings_unchanged_stores_and_records_nothing(app: Flask) -> None:
    with app.test_request_context():
        assert discussion.save(discussion.load(), by=None) == []
        db.session.commit()
    assert stored_settings(app) == {}
    assert audit_rows(app) == []


# --- an article's own switch ---


def close_comments(app: Flask, slug: str = HEROIN) -> None:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        article.comments_open = False
        db.session.commit()


def test_closed_article_says_comments_are_closed_and_has_no_form(app, reader):
    close_comments(app)
    doc = page(reader.article())
    closed = doc.find("p", cls="comments-closed")
    assert closed is not None and closed.text == "Comments are closed."
    assert doc.by_id("commentform") is None


def test_comment_on_a_closed_article_is_refused(app, commenter):
    token = token_of(commenter)  # the page was opened before the editor closed comments
    close_comments(app)
    response = post_raw(commenter.client, HEROIN, {**TYPED, "csrf_token": token})
    assert response.status_code == 403
    assert "Comments are closed" in page(response).text
    assert comments_in_db(app) == []


def test_comment_refused_on_a_closed_article_is_shown_back_to_its_author(app, commenter):
    token = token_of(commenter)
    close_comments(app)
    response = post_raw(commenter.client, HEROIN, {**TYPED, "csrf_token": token})
    unsent = page(response).find("blockquote", cls="unsent-comment")
    assert unsent is not None
    assert unsent.raw_text.replace("\r\n", "\n") == TYPED["comment"].replace("\r\n", "\n")


def test_approved_comments_on_a_closed_article_have_no_reply_link(app, commenter, reader, editor):
    comment_id = post_approved(app, commenter, editor, **TYPED)
    close_comments(app)
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    assert item is not None
    assert own_reply_link(item) is None


# --- closing by age ---


def publish(app: Flask, days_ago: int, slug: str = HEROIN) -> None:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        article.published_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


@pytest.mark.parametrize(
    ("close_old", "days_ago", "is_open"),
    [(True, 30, False), (True, 13, True), (False, 30, True)],
    ids=["old-and-rule-on", "recent-and-rule-on", "old-and-rule-off"],
)
def test_comments_close_on_articles_older_than_the_setting(
    app, reader, close_old, days_ago, is_open
):
    comment_id = store(app, "Hello", 1)
    publish(app, days_ago)
    set_discussion(app, close_old=close_old, close_after_days=14)
    doc = page(reader.article())
    closed = doc.find("p", cls="comments-closed")
    assert (closed.text if closed else None) == (None if is_open else "Comments are closed.")
    assert (doc.by_id("commentform") is not None) == is_open
    assert (own_reply_link(doc.by_id(f"comment-{comment_id}")) is not None) == is_open


def test_a_comment_on_an_article_closed_by_age_is_refused(app, commenter):
    publish(app, 30)
    token = csrf_token(commenter.article().get_data(as_text=True))  # read while still open
    set_discussion(app, close_old=True, close_after_days=14)
    data = {"author": "Sam", "email": "sam@example.net", "comment": "Too late?"}
    refused = commenter.client.post(f"/{HEROIN}/comments", data={**data, "csrf_token": token})
    assert refused.status_code == 403
    assert "Comments are closed" in page(refused).text
    assert comments_in_db(app) == []


def test_closing_one_article_by_age_leaves_a_recent_one_open(app, reader):
    publish(app, 30, HEROIN)
    publish(app, 1, OPIOID)
    set_discussion(app, close_old=True, close_after_days=14)
    assert page(reader.article(HEROIN)).by_id("commentform") is None
    assert page(reader.article(OPIOID)).by_id("commentform") is not None


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_closing_old_articles_closes_the_2024_launch_articles(app, reader, slug):
    set_discussion(app, close_old=True, close_after_days=30)
    doc = page(reader.article(slug))
    assert doc.find("p", cls="comments-closed").text == "Comments are closed."
    assert doc.by_id("commentform") is None


def test_comment_on_an_article_closed_by_age_is_refused_with_the_text_shown_back(
    app, commenter: Commenter
):
    token_page = commenter.article()  # opened before the admin closed old articles
    set_discussion(app, close_old=True, close_after_days=30)
    response = commenter.client.post(
        f"/{HEROIN}/comments",
        data={
            "author": "Sam",
            "email": "sam@example.net",
            "comment": "Is anyone still reading this?",
            "csrf_token": csrf_token(token_page.text),
        },
    )
    assert response.status_code == 403
    doc = page(response)
    assert "Comments are closed on this article." in doc.find("div", cls="form-errors").text
    assert doc.find("blockquote", cls="unsent-comment").text == "Is anyone still reading this?"
    assert comments_in_db(app) == []


@pytest.mark.parametrize(
    ("settings", "open_"),
    [
        ({"close_old": False, "close_after_days": 1}, True),
        ({"close_old": True, "close_after_days": 0}, True),
        ({"close_old": True, "close_after_days": 100_000}, True),
        ({"close_old": True, "close_after_days": 1}, False),
    ],
    ids=["switch-off", "zero-days", "long-window", "one-day"],
)
def test_age_rule_closes_only_when_on_and_past_its_days(app, reader, settings, open_):
    set_discussion(app, **settings)
    assert (page(reader.article()).by_id("commentform") is not None) == open_
