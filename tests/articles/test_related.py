"""Related articles: the public posts sharing most of an article's topics, best match first."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cms.articles.related import related_articles
from cms.extensions import db
from cms.models import Article, utcnow
from tests.articles.test_listing import HEROIN_TITLE, OPIOID_TITLE
from tests.support.factories import HIDDEN_ARTICLES, JAN_2025, add_article
from tests.support.html_page import Element, page
from tests.support.queries import counted_queries
from tests.support.site import HEROIN, OPIOID


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
