"""The index pages through public posts; an article lists its topics and related articles."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.articles.related import related_articles
from cms.extensions import db
from cms.models import Article, utcnow
from tests.support.cycles import CYCLES, finishes_in_time, store_cycle
from tests.support.factories import HIDDEN_ARTICLES, JAN_2025, add_article
from tests.support.html_page import Element, page
from tests.support.queries import counted_queries
from tests.support.site import (
    APPROVED,
    HEROIN,
    OPIOID,
    PENDING,
    SPAM,
    TRASH,
    add_comment,
    make_app,
    set_discussion,
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


# --- what is listed ---


@pytest.mark.parametrize(("status", "kind", "days_from_now"), HIDDEN_ARTICLES)
def test_index_never_lists_drafts_scheduled_private_posts_or_pages(
    app, client, status, kind, days_from_now
):
    add_numbered(app, 12)
    when = utcnow() + timedelta(days=days_from_now)
    add_article(app, "Hidden one", published_at=when, status=status, kind=kind)
    listed = titles(page(client.get("/"))) + titles(page(client.get("/page/2/")))
    assert "Hidden one" not in listed
    assert len(listed) == 14


def test_a_scheduled_post_joins_the_index_once_its_time_has_come(app, client):
    post = add_article(app, "Soon", published_at=utcnow() + timedelta(hours=1))
    assert "Soon" not in titles(page(client.get("/")))
    with app.app_context():
        db.session.get(Article, post).published_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert titles(page(client.get("/")))[0] == "Soon"


def test_index_entry_shows_title_link_excerpt_date_author_and_categories(app, client):
    add_article(
        app,
        "Holding On",
        published_at=JAN_2025,
        categories=["Family", "Relapse"],
        author_name="Robin Writer",
        excerpt="Staying close to the people who help.",
    )
    entry = summary_of(page(client.get("/")), "Holding On")
    assert entry.find("h2").find("a").attrs["href"] == "/holding-on/"
    assert entry.find("time").attrs["datetime"] == "2025-01-01"
    assert entry.find("time").text == "January 1, 2025"
    assert entry.find("span", cls="byline").text == "by Robin Writer"
    assert "Staying close to the people who help." in entry.text
    topics = entry.find("p", cls="topics")
    assert topics.text == "Filed under Family, Relapse"
    assert [a.attrs["href"] for a in topics.find_all("a")] == [
        "/category/family/",
        "/category/relapse/",
    ]


def test_an_entry_without_an_author_has_no_byline(client):
    assert summary_of(page(client.get("/")), HEROIN_TITLE).find("span", cls="byline") is None


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


# --- the article page: its topics and related articles ---


def test_article_lists_its_categories_and_tags_as_links(client):
    topics = page(client.get(f"/{HEROIN}/")).find("footer", cls="article-topics")
    categories, tags = topics.find_all("p")
    assert categories.text == "Categories: Relapse"
    assert categories.find("a").attrs["href"] == "/category/relapse/"
    assert tags.text == "Tags: heroin, opioids, recovery, relapse, support"
    assert tags.find("a").attrs["href"] == "/tag/heroin/"


def test_article_without_topics_shows_no_topic_list_or_related_articles(app, client):
    add_article(app, "Loose Thread")
    doc = page(client.get("/loose-thread/"))
    assert doc.find("footer", cls="article-topics") is None
    assert doc.find("aside", cls="related") is None


def related_titles(doc: Element) -> list[str]:
    aside = doc.find("aside", cls="related")
    return [li.find("a").text for li in aside.find_all("li")] if aside else []


def test_launch_articles_are_each_others_related_article(client):
    assert related_titles(page(client.get(f"/{HEROIN}/"))) == [OPIOID_TITLE]
    assert related_titles(page(client.get(f"/{OPIOID}/"))) == [HEROIN_TITLE]


def test_related_articles_rank_shared_categories_over_tags_then_newest(app, client):
    day = timedelta(days=1)
    add_article(app, "Subject", categories=["Family"], tags=["hope", "grief"])
    add_article(app, "Tag only", JAN_2025 + 5 * day, tags=["hope"])
    add_article(app, "Category only", JAN_2025 + day, categories=["Family"])
    add_article(app, "Two tags", JAN_2025 + 2 * day, tags=["hope", "grief"])
    add_article(app, "Category and tag", JAN_2025 - day, categories=["Family"], tags=["grief"])
    add_article(app, "Nothing shared", JAN_2025 + 9 * day, categories=["Other"], tags=["other"])
    # Same score as "Category only" (one category), but older: ranks after it.
    add_article(app, "Older category", JAN_2025 - 9 * day, categories=["Family"])
    assert related_titles(page(client.get("/subject/"))) == [
        "Category and tag",
        "Two tags",
        "Category only",
    ]


@pytest.mark.parametrize(("status", "kind", "days_from_now"), HIDDEN_ARTICLES)
def test_related_articles_are_never_hidden_ones(app, client, status, kind, days_from_now):
    add_article(app, "Subject", categories=["Family"], tags=["hope"])
    when = utcnow() + timedelta(days=days_from_now)
    add_article(app, "Hidden", when, status, kind, categories=["Family"], tags=["hope"])
    add_article(app, "Shown", tags=["hope"])
    assert related_titles(page(client.get("/subject/"))) == ["Shown"]


def test_related_articles_come_from_one_query_and_never_include_the_article(app):
    subject = add_article(app, "Subject", categories=["Family"], tags=["hope"])
    for n in range(5):
        add_article(app, f"Kin {n}", categories=["Family"], tags=["hope"])
    with app.app_context():
        article = db.session.get(Article, subject)
        with counted_queries(app) as statements:
            related = [other.title for other in related_articles(article)]
    assert len(statements) == 1
    assert len(related) == 3
    assert "Subject" not in related


def test_launch_articles_share_the_relapse_category_and_tags(app):
    with app.app_context():
        articles = db.session.scalars(select(Article).where(Article.slug.in_([HEROIN, OPIOID])))
        filed = {
            a.slug: ([c.name for c in a.categories], {t.slug for t in a.tags}) for a in articles
        }
    assert filed[HEROIN][0] == filed[OPIOID][0] == ["Relapse"]
    assert {"relapse", "recovery", "opioids"} <= filed[HEROIN][1] & filed[OPIOID][1]
    assert "heroin" in filed[HEROIN][1]


def test_an_untitled_article_is_listed_and_shown_as_no_title(app, client):
    add_article(app, "   ", slug="untitled-42")
    entry = page(client.get("/")).find("article")
    assert entry.find("h2").text == "(no title)"
    assert page(client.get("/untitled-42/")).find("h1").text == "(no title)"


# --- stored threads that loop ---


def comment_labels(doc: Element) -> list[str]:
    return [div.text for div in doc.find_all("div", cls="comment-content")]


def top_level_labels(doc: Element) -> list[str]:
    """Return the labels of the comments shown at the top level of the thread."""
    thread = doc.find("ol", cls="comment-list")
    tops = [c for c in thread.children if isinstance(c, Element) and c.tag == "li"]
    return [item.find("div", cls="comment-content").text for item in tops]


@pytest.mark.parametrize("paged", [False, True], ids=["one page", "paged"])
@pytest.mark.parametrize("depth", [5, 1], ids=["threaded", "flat depth"])
@pytest.mark.parametrize("cycle", CYCLES.values(), ids=CYCLES.keys())
def test_comments_whose_parents_loop_are_shown_once_and_the_page_answers(
    app, reader, cycle, paged, depth
):
    ids = store_cycle(app, cycle)
    # A reply under the cycle, and one answering it from outside: both still shown.
    add_comment(app, "Under it", APPROVED, created_at=JAN_2025, parent=ids[cycle[-1]])
    set_discussion(app, paginate=paged, per_page=2, thread_depth=depth)
    with finishes_in_time(app):
        doc = page(reader.article())
        shown = comment_labels(doc)
        for number in range(2, 4 if paged else 2):
            more = reader.client.get(f"/{HEROIN}/comment-page-{number}/")
            shown += comment_labels(page(more)) if more.status_code == 200 else []
        # Answering a looping comment opens the page it is on.
        reply = reader.client.get(f"/{HEROIN}/", query_string={"replytocom": ids[cycle[0]]})
    assert sorted(shown) == sorted([*cycle, "Under it"])
    assert reply.status_code == 200
    # The oldest comment's stored parent is newer than itself: it heads the thread.
    assert cycle[0] in top_level_labels(doc)
