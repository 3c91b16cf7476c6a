"""Readers' pages: what the index lists and shows of each post, and an article's own page.

Paging and comment counts are tests/articles/test_listing.py; related articles are
tests/articles/test_related.py.
"""

from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models import Article, utcnow
from tests.articles.test_listing import HEROIN_TITLE, add_numbered, summary_of, titles
from tests.support.cycles import CYCLES, finishes_in_time, store_cycle
from tests.support.factories import HIDDEN_ARTICLES, JAN_2025, add_article
from tests.support.html_page import Element, page
from tests.support.site import APPROVED, HEROIN, add_comment, set_discussion

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


# --- the article page: its topics ---


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
