"""The comment form's token and Origin check: signed for one article, for a while, from here."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from flask import Flask, request
from itsdangerous import TimestampSigner

from cms import tokens
from cms.comments import form_token
from tests.comments.test_posting import TYPED, post_raw, token_of
from tests.support.html_page import form_errors, form_values, page
from tests.support.people import csrf_token
from tests.support.site import HEROIN, OPIOID, comments_in_db

DAY = 24 * 3600


def signed_ago(seconds: int, article_id: int, purpose: str = form_token.PURPOSE) -> str:
    """Return a token for the article as if signed ``seconds`` ago."""

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    return tokens.serializer(purpose, signer=Earlier).dumps(article_id)


# --- the token on its own ---


def test_a_token_is_valid_for_its_own_article_only(app: Flask) -> None:
    with app.app_context():
        token = form_token.sign(7)
        assert form_token.is_valid(token, 7)
        assert not form_token.is_valid(token, 8)


@pytest.mark.parametrize("token", [None, "", "7", "not-a-real-token"])
def test_a_missing_or_made_up_token_is_not_valid(app: Flask, token: str | None) -> None:
    with app.app_context():
        assert not form_token.is_valid(token, 7)


def test_a_token_lasts_a_day_and_no_longer(app: Flask) -> None:
    assert app.config["COMMENT_TOKEN_SECONDS"] == DAY
    with app.app_context():
        assert form_token.is_valid(signed_ago(DAY - 60, 7), 7)
        assert not form_token.is_valid(signed_ago(DAY + 60, 7), 7)


@pytest.mark.parametrize("purpose", ["approve", "data"])
def test_a_value_signed_for_another_purpose_is_not_a_form_token(app: Flask, purpose: str) -> None:
    with app.app_context():
        assert not form_token.is_valid(signed_ago(0, 7, purpose), 7)


def test_a_token_signed_with_another_sites_key_is_not_valid(app_with: Callable[..., Flask]) -> None:
    other = app_with(SECRET_KEY="another site's secret")
    with other.app_context():
        forged = form_token.sign(7)
    with app_with().app_context():
        assert not form_token.is_valid(forged, 7)


# --- where the post came from ---


@pytest.mark.parametrize(
    ("headers", "same"),
    [
        ({}, True),
        ({"Origin": "http://localhost"}, True),
        ({"Origin": "HTTP://LocalHost"}, True),
        ({"Origin": "https://recovery.example.org"}, True),
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Sec-Fetch-Site": "none"}, True),
        ({"Origin": "null"}, False),
        ({"Origin": "https://evil.example"}, False),
        ({"Origin": "http://localhost:8080"}, False),
        ({"Origin": "https://localhost"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        ({"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"}, False),
    ],
)
def test_a_post_is_same_origin_only_from_this_sites_own_address(
    app_with: Callable[..., Flask], headers: dict[str, str], same: bool
) -> None:
    # The site is reached at its own host (localhost here) and at SITE_URL, behind a proxy.
    app = app_with(SITE_URL="https://recovery.example.org")
    with app.test_request_context(f"/{HEROIN}/comments", method="POST", headers=headers):
        assert form_token.is_same_origin(request) is same


# --- the form as a visitor sends it ---


@pytest.mark.parametrize(
    "token",
    [None, "", "not-a-real-token", "another-articles"],
    ids=["absent", "empty", "garbage", "another-articles"],
)
def test_comment_with_a_bad_csrf_token_is_refused_and_keeps_what_was_typed(
    app, commenter, reader, token
):
    commenter.article()  # the visitor has a session, as someone with the page open does
    data = {**TYPED, "comment_parent": "0"}
    if token == "another-articles":
        # The token is the same for every reader (so pages can be cached), but names its article.
        data["csrf_token"] = token_of(reader, OPIOID)
    elif token is not None:
        data["csrf_token"] = token
    response = post_raw(commenter.client, HEROIN, data)
    assert comments_in_db(app) == []
    doc = page(commenter.sent_back(response))
    assert "This form had expired" in form_errors(doc)
    assert form_values(doc) == TYPED


def test_form_refused_for_an_expired_token_can_be_sent_again(app, commenter):
    commenter.article()
    refused = commenter.sent_back(
        post_raw(commenter.client, HEROIN, {**TYPED, "csrf_token": "expired"})
    )
    doc = page(refused)
    data = {**form_values(doc), "comment_parent": "0", "csrf_token": csrf_token(refused.text)}
    assert post_raw(commenter.client, HEROIN, data).status_code == 303
    assert [c.author_name for c in comments_in_db(app)] == ["Sam Rivera"]
