"""The comment form's POST: which articles take it, at what address, in what order it checks."""

from datetime import timedelta

import pytest
from flask import Flask

from cms.comments import form_token
from cms.extensions import db
from cms.models import ArticleStatus, SlugRedirect, utcnow
from tests.comments.test_posting import TYPED, post_raw, token_of
from tests.support.factories import DRAFT, PRIVATE, PUBLISHED, add_article
from tests.support.html_page import page
from tests.support.people import Commenter
from tests.support.site import HEROIN, article_id, comments_in_db, set_discussion


@pytest.mark.parametrize(
    ("status", "days_from_now"),
    [(DRAFT, -1), (PUBLISHED, 1), (PRIVATE, -1)],
    ids=["draft", "scheduled", "private"],
)
def test_an_article_the_public_cannot_open_takes_no_comment_even_with_its_token(
    app: Flask, commenter: Commenter, status: ArticleStatus, days_from_now: int
) -> None:
    hidden = add_article(app, "Hidden", utcnow() + timedelta(days=days_from_now), status)
    with app.app_context():
        token = form_token.sign(hidden)
    assert post_raw(commenter.client, "hidden", {**TYPED, "csrf_token": token}).status_code == 404
    assert comments_in_db(app) == []


def test_a_comment_on_no_article_at_all_is_not_found(app: Flask, commenter: Commenter) -> None:
    response = post_raw(commenter.client, "no-such-article", {**TYPED})
    assert response.status_code == 404
    assert comments_in_db(app) == []


def test_a_comment_sent_to_an_old_address_is_sent_on_as_a_post(
    app: Flask, commenter: Commenter
) -> None:
    with app.app_context():
        db.session.add(SlugRedirect(old_slug="old-heroin", article_id=article_id(app, HEROIN)))
        db.session.commit()
    data = {**TYPED, "csrf_token": token_of(commenter)}
    moved = post_raw(commenter.client, "old-heroin", data)
    # 308, not 301: the browser sends the same POST, with the comment, to the new address.
    assert moved.status_code == 308
    assert moved.headers["Location"].endswith(f"/{HEROIN}/comments")
    assert comments_in_db(app) == []
    assert post_raw(commenter.client, HEROIN, data).status_code == 303
    assert [c.author_name for c in comments_in_db(app)] == ["Sam Rivera"]


def test_the_comment_address_takes_only_posts(app: Flask, commenter: Commenter) -> None:
    assert commenter.client.get(f"/{HEROIN}/comments").status_code == 405


def test_a_closed_article_is_refused_before_the_origin_is_looked_at(
    app: Flask, commenter: Commenter
) -> None:
    token = token_of(commenter)
    set_discussion(app, close_old=True, close_after_days=1)
    response = commenter.client.post(
        f"/{HEROIN}/comments",
        data={**TYPED, "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    doc = page(response)
    assert "Comments are closed on this article." in doc.text
    assert "another website" not in doc.text
    assert comments_in_db(app) == []


def test_a_posted_comment_leads_to_its_own_place_on_the_article(
    app: Flask, commenter: Commenter
) -> None:
    response = commenter.post(**TYPED)
    assert response.status_code == 303
    (comment,) = comments_in_db(app)
    assert response.headers["Location"].endswith(f"/{HEROIN}/#comment-{comment.id}")
