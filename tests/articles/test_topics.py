"""Category and tag pages: the public posts filed under one topic, paged like the index."""

from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models import Category, Tag, utcnow
from tests.support.factories import DRAFT, HIDDEN_ARTICLES, JAN_2025, add_article, add_topic
from tests.support.html_page import Element, page
from tests.support.site import HEROIN

HEROIN_TITLE = "I Relapsed On Heroin, Now What?"
OPIOID_TITLE = "Why Relapse into Opioid Addiction Is Not the End"


def titles(doc: Element) -> list[str]:
    return [summary.find("h2").text for summary in doc.find_all("article", cls="summary")]


def test_category_page_lists_its_public_posts_newest_first(client):
    response = client.get("/category/relapse/")
    doc = page(response)
    assert response.status_code == 200
    assert doc.find("h1").text == "Category: Relapse"
    assert doc.find("title").text == "Category: Relapse – Recovery Notes"
    assert titles(doc) == [OPIOID_TITLE, HEROIN_TITLE]


@pytest.mark.parametrize(
    ("tag", "listed"),
    [
        ("heroin", [HEROIN_TITLE]),
        ("opioids", [OPIOID_TITLE, HEROIN_TITLE]),
        ("overdose", [OPIOID_TITLE]),
    ],
)
def test_tag_page_lists_the_posts_with_that_tag(client, tag, listed):
    doc = page(client.get(f"/tag/{tag}/"))
    assert doc.find("h1").text == f"Tag: {tag}"
    assert titles(doc) == listed


def test_topic_page_shows_the_topics_description(app, client):
    add_topic(app, Category, "Families", description="For the people who stand by someone.")
    add_article(app, "Home Again", categories=["Families"])
    doc = page(client.get("/category/families/"))
    assert doc.find("p", cls="topic-description").text == "For the people who stand by someone."
    assert titles(doc) == ["Home Again"]


def test_topic_page_without_a_description_shows_none(client):
    assert page(client.get("/category/relapse/")).find("p", cls="topic-description") is None


@pytest.mark.parametrize("url", ["/category/no-such-topic/", "/tag/no-such-topic/"])
def test_unknown_topic_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("model", "url"), [(Category, "/category/quiet/"), (Tag, "/tag/quiet/")])
def test_topic_with_no_public_posts_says_nothing_is_here_yet(app, client, model, url):
    add_topic(app, model, "Quiet")
    key = "categories" if model is Category else "tags"
    add_article(app, "Unfinished", status=DRAFT, **{key: ["Quiet"]})
    response = client.get(url)
    doc = page(response)
    assert response.status_code == 200
    assert titles(doc) == []
    assert doc.find("p", cls="empty-list").text == "Nothing here yet."


@pytest.mark.parametrize(("status", "kind", "days_from_now"), HIDDEN_ARTICLES)
@pytest.mark.parametrize("url", ["/category/relapse/", "/tag/relapse/"])
def test_topic_pages_never_list_hidden_articles(app, client, status, kind, days_from_now, url):
    when = utcnow() + timedelta(days=days_from_now)
    add_article(app, "Hidden", when, status, kind, categories=["Relapse"], tags=["relapse"])
    assert titles(page(client.get(url))) == [OPIOID_TITLE, HEROIN_TITLE]


def test_category_page_lists_its_own_posts_not_its_childrens(app, client):
    add_article(app, "Parent post", categories=["Support"])
    add_article(app, "Child post", categories=["Groups"])
    with app.app_context():
        parent = db.session.query(Category).filter_by(slug="support").one()
        db.session.query(Category).filter_by(slug="groups").one().parent_id = parent.id
        db.session.commit()
    assert titles(page(client.get("/category/support/"))) == ["Parent post"]
    assert titles(page(client.get("/category/groups/"))) == ["Child post"]


@pytest.mark.parametrize("kind", ["category", "tag"])
def test_topic_pages_page_through_posts_like_the_index(app, client, kind):
    for n in range(12):
        key = "categories" if kind == "category" else "tags"
        add_article(app, f"Step {n:02}", JAN_2025 + timedelta(days=n), **{key: ["Steps"]})
    first = page(client.get(f"/{kind}/steps/"))
    assert titles(first) == [f"Step {n:02}" for n in range(11, 1, -1)]
    older = first.find("a", cls="nav-older")
    assert (older.attrs["rel"], older.attrs["href"]) == ("next", f"/{kind}/steps/page/2/")
    second = page(client.get(f"/{kind}/steps/page/2/"))
    assert titles(second) == ["Step 01", "Step 00"]
    newer = second.find("a", cls="nav-newer")
    assert (newer.attrs["rel"], newer.attrs["href"]) == ("prev", f"/{kind}/steps/")
    assert second.find("title").text.startswith(f"{kind.title()}: Steps, page 2")
    assert client.get(f"/{kind}/steps/page/3/").status_code == 404


def test_article_topic_links_lead_to_pages_that_list_it(client):
    doc = page(client.get(f"/{HEROIN}/"))
    for link in doc.find("footer", cls="article-topics").find_all("a"):
        assert HEROIN_TITLE in titles(page(client.get(link.attrs["href"])))


def test_topic_names_are_shown_as_text_never_as_markup(app, client):
    add_article(app, "Plain", tags=["<b>bold</b>"], slug="plain")
    with app.app_context():
        tag = db.session.query(Tag).filter_by(name="<b>bold</b>").one()
        tag.slug, tag.description = "bold", "<script>alert(1)</script>"
        db.session.commit()
    html = client.get("/tag/bold/").get_data(as_text=True)
    assert "<script>" not in html
    assert "<b>bold</b>" not in html
    doc = page(client.get("/tag/bold/"))
    assert doc.find("h1").text == "Tag: <b>bold</b>"
    assert doc.find("p", cls="topic-description").text == "<script>alert(1)</script>"
