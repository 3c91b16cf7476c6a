"""What a page costs the database does not grow with its comments: threads come from one query."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, Comment
from tests.support.queries import counted_queries
from tests.support.site import APPROVED, HEROIN, NOON, set_discussion


def add_approved(app: Flask, count: int, replies: bool = False, slug: str = HEROIN) -> None:
    """Store ``count`` approved comments at once; with ``replies``, each answers the one before."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        parent = None
        for n in range(count):
            comment = Comment(
                article=article,
                parent_id=parent.id if replies and parent else None,
                author_name=f"Reader {n}",
                author_email=f"reader{n}@example.net",
                content_html=f"<p>Comment {n}.</p>",
                status=APPROVED,
                created_at=NOON + timedelta(seconds=n),
            )
            db.session.add(comment)
            if replies:
                db.session.flush()
            parent = comment
        db.session.commit()


def cost(app: Flask, url: str) -> int:
    """Return how many queries a fresh anonymous reader's request for ``url`` runs."""
    client = app.test_client()
    with counted_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", [f"/{HEROIN}/", "/", "/category/relapse/", "/comments/feed/"])
def test_a_page_costs_the_same_queries_with_0_10_and_1000_comments(app, url):
    costs = []
    for total in (0, 10, 1000):
        add_approved(app, total - sum((0, 10, 1000)[: len(costs)]))
        costs.append(cost(app, url))
    # With no comment at all, the query for replies has nothing to ask and is skipped.
    assert costs[0] <= costs[1] == costs[2], costs


def test_a_deep_threaded_conversation_costs_no_more_than_one_comment(app):
    add_approved(app, 1)
    one = cost(app, f"/{HEROIN}/")
    add_approved(app, 200, replies=True)
    assert cost(app, f"/{HEROIN}/") == one


def test_long_threads_page_so_a_page_never_shows_them_all(app):
    set_discussion(app, paginate=True, per_page=50)
    add_approved(app, 1000)
    body = app.test_client().get(f"/{HEROIN}/").get_data(as_text=True)
    assert body.count('<li id="comment-') == 50
    assert "Page 20 of 20" in body


def test_a_cached_page_costs_only_its_validator(app):
    add_approved(app, 100)
    first = cost(app, f"/{HEROIN}/")
    again = cost(app, f"/{HEROIN}/")
    assert again == 1 < first
