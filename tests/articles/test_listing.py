"""Lists of public posts: paged ten at a time, each post with its approved comment count."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError

from cms.articles.listing import list_page
from cms.articles.publishing import public_posts
from cms.extensions import db
from cms.models import Article
from tests.support.factories import JAN_2025, add_article
from tests.support.html_page import Element, page
from tests.support.queries import counted_queries
from tests.support.site import (
    APPROVED,
    OPIOID,
    PENDING,
    SPAM,
    TRASH,
    add_comment,
    make_app,
)

HEROIN_TITLE = "I Relapsed On Heroin, Now What?"
OPIOID_TITLE = "Why Relapse into Opioid Addiction Is Not the End"


def add_numbered(app: Flask, count: int = 23) -> list[str]:
    """Store ``count`` posts a day apart after the launch articles; return titles newest first."""
    titles = [f"Day {n:02}" for n in range(count)]
    for n, title in enumerate(titles):
        add_article(app, title, published_at=JAN_2025 + timedelta(days=n), categories=["Daily"])
    return titles[::-1]


def titles(doc: Element) -> list[str]:
    return [summary.find("h2").text for summary in doc.find_all("article", cls="summary")]


def nav_links(doc: Element) -> dict[str, tuple[str, str]]:
    """Return the list navigation's links: label -> (rel, href)."""
    nav = doc.find("nav", cls="list-navigation")
    if nav is None:
        return {}
    return {a.text: (a.attrs["rel"], a.attrs["href"]) for a in nav.find_all("a")}


def summary_of(doc: Element, title: str) -> Element:
    return next(s for s in doc.find_all("article", cls="summary") if s.find("h2").text == title)


# --- paging ---


def test_index_pages_through_posts_ten_at_a_time_newest_first(app, client):
    newest_first = add_numbered(app) + [OPIOID_TITLE, HEROIN_TITLE]
    assert titles(page(client.get("/"))) == newest_first[:10]
    assert titles(page(client.get("/page/2/"))) == newest_first[10:20]
    assert titles(page(client.get("/page/3/"))) == newest_first[20:]


@pytest.mark.parametrize(
    ("url", "links"),
    [
        ("/", {"Older articles": ("next", "/page/2/")}),
        (
            "/page/2/",
            {"Older articles": ("next", "/page/3/"), "Newer articles": ("prev", "/")},
        ),
        ("/page/3/", {"Newer articles": ("prev", "/page/2/")}),
    ],
)
def test_index_pages_link_to_older_and_newer_pages(app, client, url, links):
    add_numbered(app)
    doc = page(client.get(url))
    assert nav_links(doc) == links
    number = 1 if url == "/" else int(url.split("/")[2])
    assert doc.find("p", cls="list-page-count").text == f"Page {number} of 3"


def test_a_single_page_index_has_no_page_navigation(client):
    assert nav_links(page(client.get("/"))) == {}


@pytest.mark.parametrize("url", ["/page/4/", "/page/0/", "/page/99/"])
def test_a_page_past_the_end_is_not_found(app, client, url):
    add_numbered(app)
    assert client.get(url).status_code == 404


def test_page_one_lives_at_the_plain_address(client):
    response = client.get("/page/1/")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/")
    assert not response.headers["Location"].endswith("/page/1/")


def test_articles_per_page_is_a_setting(app):
    add_numbered(app, 8)
    database = app.config["DATABASE_URL"]
    client = make_app(database, ARTICLES_PER_PAGE=4).test_client()
    assert len(titles(page(client.get("/")))) == 4
    assert len(titles(page(client.get("/page/3/")))) == 2
    assert client.get("/page/4/").status_code == 404


# --- what each entry carries ---


@pytest.mark.parametrize(
    ("statuses", "shown"),
    [
        ([], "No comments yet"),
        ([PENDING, SPAM, TRASH], "No comments yet"),
        ([APPROVED], "1 comment"),
        ([APPROVED, APPROVED, PENDING, SPAM, TRASH], "2 comments"),
    ],
)
def test_index_entry_counts_approved_comments_only(app, client, statuses, shown):
    for status in statuses:
        add_comment(app, status=status, slug=OPIOID)
    count = summary_of(page(client.get("/")), OPIOID_TITLE).find("a", cls="comment-count")
    assert count.text == shown
    assert count.attrs["href"] == f"/{OPIOID}/#comments"
    other = summary_of(page(client.get("/")), HEROIN_TITLE).find("a", cls="comment-count")
    assert other.text == "No comments yet"


def test_index_runs_the_same_few_queries_however_many_posts_it_shows(app, client):
    with counted_queries(app) as few:
        client.get("/")
    for n in range(8):
        add_article(app, f"Extra {n}", categories=[f"Topic {n}", "Daily"], tags=["extra"])
        add_comment(app, status=APPROVED, slug=f"extra-{n}")
    with counted_queries(app) as many:
        client.get("/")
    assert len(titles(page(client.get("/")))) == 10
    assert len(many) == len(few)
    assert len(many) <= 6


# --- list_page on its own ---


def test_a_listed_post_brings_its_categories_but_never_its_body(app: Flask) -> None:
    add_article(app, "Holding On", categories=["Family"])
    with app.test_request_context("/"):
        listing = list_page(public_posts(), 1, "public.index")
        first = listing.articles[0]
        with counted_queries(app) as statements:
            assert [c.name for c in first.categories] == ["Family"]
        assert statements == []
        with pytest.raises(InvalidRequestError):
            first.body_html  # noqa: B018 - reading it is the test
        assert db.session.scalar(select(Article.body_html).where(Article.id == first.id))


def test_page_one_of_a_list_is_its_plain_address_and_later_pages_are_numbered(app: Flask) -> None:
    add_numbered(app)
    with app.test_request_context("/"):
        listing = list_page(public_posts(), 2, "public.index")
        assert (listing.url(1), listing.url(3)) == ("/", "/page/3/")
        assert listing.pagination.pages == 3
        assert len(listing.articles) == 10
