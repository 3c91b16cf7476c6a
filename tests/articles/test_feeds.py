"""Atom feeds: the latest public posts, a category's posts and the approved comments."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from cms.comments import pages
from cms.extensions import db
from cms.models import Article, ArticleKind, ArticleStatus, Comment, CommentStatus, utcnow
from tests.support.cycles import CYCLES, finishes_in_time, store_cycle
from tests.support.factories import JAN_2025, add_article
from tests.support.site import HEROIN, OPIOID, add_comment, comments_in_db, make_app, set_discussion

ATOM = "application/atom+xml; charset=utf-8"
SITE = "http://localhost"


def store_comment(
    app: Flask,
    slug: str = HEROIN,
    name: str = "Pat",
    text: str = "Thank you.",
    status: CommentStatus = CommentStatus.APPROVED,
    hour: int = 0,
) -> int:
    """Store a comment posted ``hour`` hours after JAN_2025; return its id."""
    created_at = JAN_2025 + timedelta(hours=hour)
    return add_comment(app, text, status, created_at=created_at, slug=slug, author_name=name)


def title_of(app: Flask, slug: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Article.title).where(Article.slug == slug))


def read_feed(client: FlaskClient, url: str) -> feedparser.FeedParserDict:
    """Fetch a feed, check it is well-formed Atom, and return it parsed."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type == ATOM
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_site_feed_lists_public_posts_newest_first(app, client):
    for day, title in enumerate(["First post", "Second post", "Third post"]):
        add_article(app, title, day=day)
    feed = read_feed(client, "/feed/")
    assert titles(feed) == [
        "Third post",
        "Second post",
        "First post",
        title_of(app, OPIOID),
        title_of(app, HEROIN),
    ]
    assert feed.feed.title == "Recovery Notes"
    assert feed.feed.link == f"{SITE}/"


def test_feed_entry_carries_link_dates_author_summary_and_stored_html(app, client):
    add_article(app, "Slips happen", day=2, author_name="Ruth Writer")
    entry = read_feed(client, "/feed/").entries[0]
    assert entry.link == f"{SITE}/slips-happen/"
    assert entry.id.startswith("tag:localhost,")
    assert entry.published == "2025-01-03T09:00:00Z"
    assert entry.author == "Ruth Writer"
    assert entry.summary == "What Slips happen is about."
    assert entry.content[0].type == "text/html"
    assert entry.content[0].value == "<p>The body of Slips happen.</p>"


def test_feed_entry_id_outlives_a_changed_slug(app, client):
    article = add_article(app, "Old name", day=1)
    before = read_feed(client, "/feed/").entries[0].id
    with app.app_context():
        db.session.get(Article, article).slug = "new-name"
        db.session.commit()
    entry = read_feed(client, "/feed/").entries[0]
    assert entry.link == f"{SITE}/new-name/"
    assert entry.id == before


def test_feed_is_dated_by_its_newest_entry(app, client):
    add_article(app, "Older", day=1)
    newest = add_article(app, "Newer", day=5)
    with app.app_context():
        updated = db.session.get(Article, newest).updated_at
    feed = read_feed(client, "/feed/")
    assert feed.feed.updated == feed.entries[0].updated == f"{updated:%Y-%m-%dT%H:%M:%SZ}"


def test_feed_holds_the_latest_twenty_posts(app, client):
    for day in range(25):
        add_article(app, f"Post {day:02}", day=day)
    assert titles(read_feed(client, "/feed/")) == [f"Post {day:02}" for day in range(24, 4, -1)]


NOT_PUBLIC = [
    pytest.param({"status": ArticleStatus.DRAFT}, id="draft"),
    pytest.param({"status": ArticleStatus.PRIVATE}, id="private"),
    pytest.param({"published_at": utcnow() + timedelta(hours=1)}, id="scheduled"),
]
HIDDEN = [*NOT_PUBLIC, pytest.param({"kind": ArticleKind.PAGE}, id="page")]


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("url", ["/feed/", "/category/cravings/feed/"])
def test_feeds_never_list_drafts_private_scheduled_posts_or_pages(app, client, hidden, url):
    add_article(app, "Shown", day=1, categories=["Cravings"])
    add_article(app, "Not for readers", day=2, categories=["Cravings"], **hidden)
    feed = read_feed(client, url)
    assert "Shown" in titles(feed)
    assert "Not for readers" not in titles(feed)


def test_scheduled_post_enters_the_feed_once_its_time_comes(app, client):
    article = add_article(app, "Later", published_at=utcnow() + timedelta(hours=1))
    assert "Later" not in titles(read_feed(client, "/feed/"))
    with app.app_context():
        db.session.get(Article, article).published_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert titles(read_feed(client, "/feed/"))[0] == "Later"


HOSTILE_TITLES = [
    "</title><script>alert(1)</script>",
    "Tom & Jerry <3 &amp; friends",
    "\"Quoted\" and 'single' ]]> <![CDATA[ x",
    "<entry><title>Injected</title></entry>",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_arrive_as_the_text_typed(app, client, title):
    add_article(app, title, day=1, slug="hostile", categories=["Cravings"])
    for url in ("/feed/", "/category/cravings/feed/"):
        feed = read_feed(client, url)
        assert feed.entries[0].title == title
        assert "<script>" not in client.get(url).get_data(as_text=True)


def test_characters_xml_cannot_hold_are_dropped_not_fatal(app, client):
    add_article(app, "Bell\x07 and\x0b tab\there", day=1, slug="odd")
    assert read_feed(client, "/feed/").entries[0].title == "Bell and tab\there"


def test_category_feed_lists_only_that_categorys_posts(app, client):
    add_article(app, "Craving notes", day=1, categories=["Cravings"])
    add_article(app, "Family notes", day=2, categories=["Family"])
    feed = read_feed(client, "/category/cravings/feed/")
    assert titles(feed) == ["Craving notes"]
    assert feed.feed.title == "Recovery Notes – Cravings"
    assert feed.feed.link == f"{SITE}/category/cravings/"


def test_unknown_category_feed_is_not_found(client):
    assert client.get("/category/no-such-topic/feed/").status_code == 404


def test_comments_feed_lists_approved_comments_newest_first(app, client):
    first = store_comment(app, name="Ana", text="Day one again.", hour=1)
    second = store_comment(app, slug=OPIOID, name="Ben", text="Me too.", hour=2)
    feed = read_feed(client, "/comments/feed/")
    assert titles(feed) == [
        f"Comment on {title_of(app, OPIOID)} by Ben",
        f"Comment on {title_of(app, HEROIN)} by Ana",
    ]
    assert [e.content[0].value for e in feed.entries] == ["<p>Me too.</p>", "<p>Day one again.</p>"]
    with app.test_request_context():
        comments = {c.id: c for c in db.session.scalars(select(Comment))}
        expected = [SITE + pages.comment_url(comments[i]) for i in (second, first)]
    assert [e.link for e in feed.entries] == expected
    assert expected[0].endswith(f"/{OPIOID}/#comment-{second}")


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.TRASH])
def test_comments_feed_leaves_out_comments_not_approved(app, client, status):
    store_comment(app, text="Approved one.", hour=1)
    store_comment(app, text="Not approved.", status=status, hour=2)
    contents = [e.content[0].value for e in read_feed(client, "/comments/feed/").entries]
    assert contents == ["<p>Approved one.</p>"]


@pytest.mark.parametrize("hidden", NOT_PUBLIC)
def test_comments_feed_leaves_out_comments_on_articles_the_public_cannot_open(app, client, hidden):
    add_article(app, "Hidden article", slug="hidden", **hidden)
    store_comment(app, slug="hidden", text="On a hidden article.")
    store_comment(app, text="On a public article.")
    contents = [e.content[0].value for e in read_feed(client, "/comments/feed/").entries]
    assert contents == ["<p>On a public article.</p>"]


def test_comments_feed_includes_approved_comments_on_published_pages(app, client):
    add_article(app, "About us", kind=ArticleKind.PAGE)
    store_comment(app, slug="about-us", text="Kind people.")
    titles_seen = titles(read_feed(client, "/comments/feed/"))
    assert titles_seen == ["Comment on About us by Pat"]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("pat.private@example.net", "Anonymous"),
        ("Write to me: pat@elsewhere.org", "Anonymous"),
        ("Pat", "Pat"),
    ],
)
def test_comments_feed_never_shows_an_email_or_ip(app, commenter, name, shown):
    commenter.client.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    response = commenter.post(author=name, email="pat.private@example.net", comment="Hello.")
    assert response.status_code == 303
    assert comments_in_db(app)[-1].author_name == name
    with app.app_context():
        db.session.get(Comment, comments_in_db(app)[-1].id).status = CommentStatus.APPROVED
        db.session.commit()
    raw = commenter.client.get("/comments/feed/").get_data(as_text=True)
    assert comments_in_db(app)[-1].author_ip == "198.51.100.23"
    for secret in ("pat.private", "example.net", "elsewhere.org", "198.51.100.23", "<email>"):
        assert secret not in raw
    entry = read_feed(commenter.client, "/comments/feed/").entries[0]
    assert entry.author_detail == {"name": shown}
    assert entry.title.endswith(f" by {shown}")


def test_hostile_commenter_name_is_escaped(app, client):
    store_comment(app, name="<script>alert('x')</script> & co")
    raw = client.get("/comments/feed/").get_data(as_text=True)
    assert "<script>" not in raw
    entry = read_feed(client, "/comments/feed/").entries[0]
    assert entry.author == "<script>alert('x')</script> & co"


def test_empty_comments_feed_is_still_valid(client):
    feed = read_feed(client, "/comments/feed/")
    assert feed.entries == []
    assert feed.feed.updated


def test_feeds_use_site_url_when_it_is_set(app):
    store_comment(app, name="Ana")
    database = app.config["DATABASE_URL"]
    client = make_app(database, SITE_URL="https://notes.example.org").test_client()
    posts = read_feed(client, "/feed/")
    assert posts.feed.id == "https://notes.example.org/feed/"
    assert posts.entries[0].link == f"https://notes.example.org/{OPIOID}/"
    assert posts.entries[0].id.startswith("tag:notes.example.org,")
    comments = read_feed(client, "/comments/feed/")
    assert comments.entries[0].link.startswith(f"https://notes.example.org/{HEROIN}/#comment-")


@pytest.mark.parametrize("paged", [False, True], ids=["one page", "paged"])
@pytest.mark.parametrize("cycle", CYCLES.values(), ids=CYCLES.keys())
def test_comments_feed_lists_comments_whose_parents_loop_and_answers(app, client, cycle, paged):
    ids = store_cycle(app, cycle)
    set_discussion(app, paginate=paged, per_page=1)
    with finishes_in_time(app):
        feed = read_feed(client, "/comments/feed/")
    assert sorted(e.content[0].value for e in feed.entries) == sorted(f"<p>{c}</p>" for c in cycle)
    # Each links to the page that shows it, with the cycle's oldest comment heading a thread.
    links = {e.content[0].value: e.link for e in feed.entries}
    assert links[f"<p>{cycle[0]}</p>"].endswith(f"#comment-{ids[cycle[0]]}")


# --- one article's comments, at WordPress's /<slug>/feed/ ---


def test_an_articles_comment_feed_holds_only_its_approved_comments(app, client):
    mine = store_comment(app, name="Ana", text="On this one.", hour=1)
    store_comment(app, slug=OPIOID, name="Ben", text="On the other one.", hour=2)
    store_comment(app, text="Still waiting.", status=CommentStatus.PENDING, hour=3)
    feed = read_feed(client, f"/{HEROIN}/feed/")
    assert [e.content[0].value for e in feed.entries] == ["<p>On this one.</p>"]
    assert feed.feed.title == f"Comments on “{title_of(app, HEROIN)}” – Recovery Notes"
    assert feed.feed.link == f"{SITE}/{HEROIN}/"
    assert feed.entries[0].link.endswith(f"/{HEROIN}/#comment-{mine}")
    assert "example.net" not in client.get(f"/{HEROIN}/feed/").get_data(as_text=True)


def test_the_article_links_to_its_comment_feed_visibly_and_for_feed_readers(client):
    html = client.get(f"/{HEROIN}/").get_data(as_text=True)
    assert f'<a href="/{HEROIN}/feed/">Follow the comments on this article</a>' in html
    assert 'type="application/atom+xml" title="Comments on' in html
    assert f'href="{SITE}/{HEROIN}/feed/"' in html


@pytest.mark.parametrize("hidden", NOT_PUBLIC)
def test_an_article_the_public_cannot_open_has_no_comment_feed(app, client, hidden):
    add_article(app, "Hidden article", slug="hidden", **hidden)
    store_comment(app, slug="hidden", text="On a hidden article.")
    response = client.get("/hidden/feed/")
    assert response.status_code == 404 and b"On a hidden article" not in response.get_data()


def test_an_unknown_article_has_no_comment_feed(client):
    assert client.get("/no-such-article/feed/").status_code == 404
