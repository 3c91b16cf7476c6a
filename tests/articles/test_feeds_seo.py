"""What search engines and link previews read: sitemap, robots.txt, canonical and Open Graph."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, ArticleKind
from tests.articles.test_feeds import NOT_PUBLIC
from tests.comments.test_pages import seven_threads
from tests.support.factories import add_article
from tests.support.html_page import Element, page
from tests.support.site import HEROIN, OPIOID, make_app, set_discussion

SITE = "http://localhost"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client) -> dict[str, str]:
    """Fetch the sitemap and return each listed address with its lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.content_type == "application/xml; charset=utf-8"
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{SITEMAP}urlset"
    return {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}


def site_url_client(app: Flask, site_url: str):
    """Return a client of the same database with SITE_URL set."""
    database = app.config["DATABASE_URL"]
    return make_app(database, SITE_URL=site_url).test_client()


def test_sitemap_lists_the_index_and_every_public_post_and_page(app, client):
    add_article(app, "About us", kind=ArticleKind.PAGE)
    assert set(sitemap(client)) == {
        f"{SITE}/",
        f"{SITE}/{HEROIN}/",
        f"{SITE}/{OPIOID}/",
        f"{SITE}/about-us/",
    }


@pytest.mark.parametrize("hidden", NOT_PUBLIC)
def test_sitemap_never_lists_drafts_private_or_scheduled_articles(app, client, hidden):
    add_article(app, "Not for readers", **hidden)
    assert f"{SITE}/not-for-readers/" not in sitemap(client)


def test_sitemap_lastmod_is_when_the_article_last_changed(app, client):
    article = add_article(app, "Slips happen")
    with app.app_context():
        stored = db.session.get(Article, article)
        stored.updated_at = stored.published_at + timedelta(days=3, hours=2)
        db.session.commit()
    listed = sitemap(client)
    assert listed[f"{SITE}/slips-happen/"] == "2025-01-04T11:00:00Z"
    assert listed[f"{SITE}/"] == max(listed.values())


def test_robots_txt_allows_the_site_but_not_staff_or_mail_pages(client):
    response = client.get("/robots.txt")
    assert response.content_type == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True).splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /mail/",
        "",
        f"Sitemap: {SITE}/sitemap.xml",
    ]


def test_site_url_sets_the_addresses_in_sitemap_and_robots_txt(app):
    client = site_url_client(app, "https://notes.example.org/blog")
    robots = client.get("/robots.txt").get_data(as_text=True).splitlines()
    assert "Disallow: /blog/admin/" in robots
    assert robots[-1] == "Sitemap: https://notes.example.org/blog/sitemap.xml"
    assert f"https://notes.example.org/blog/{HEROIN}/" in sitemap(client)


def links(doc: Element, rel: str) -> list[dict[str, str]]:
    return [e.attrs for e in doc.find_all("link") if e.attrs.get("rel") == rel]


def meta(doc: Element) -> dict[str, str]:
    """Return the page's meta tags, by name or property, with their content."""
    return {
        e.attrs.get("name") or e.attrs.get("property"): e.attrs.get("content", "")
        for e in doc.find_all("meta")
        if "content" in e.attrs
    }


@pytest.mark.parametrize("url", ["/", f"/{HEROIN}/", "/category/relapse/"])
def test_every_page_points_feed_readers_to_the_feeds(client, url):
    alternates = links(page(client.get(url)), "alternate")
    feeds = [a["href"] for a in alternates if a["type"] == "application/atom+xml"]
    assert feeds[:2] == [f"{SITE}/feed/", f"{SITE}/comments/feed/"]
    for href in feeds:
        assert client.get(href.removeprefix(SITE)).status_code == 200


def test_article_page_names_its_canonical_address_description_and_open_graph(app, client):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        title, excerpt, published = article.title, article.excerpt, article.published_at
    doc = page(client.get(f"/{HEROIN}/"))
    assert [link["href"] for link in links(doc, "canonical")] == [f"{SITE}/{HEROIN}/"]
    tags = meta(doc)
    assert tags["description"] == excerpt
    assert {k: v for k, v in tags.items() if ":" in k} == {
        "og:type": "article",
        "og:site_name": "Recovery Notes",
        "og:title": title,
        "og:description": excerpt,
        "og:url": f"{SITE}/{HEROIN}/",
        "article:published_time": f"{published:%Y-%m-%dT%H:%M:%SZ}",
    }


def test_comment_page_keeps_its_own_canonical_but_shares_the_articles_og_url(app):
    seven_threads(app)
    set_discussion(app, paginate=True, per_page=3)
    client = site_url_client(app, "https://notes.example.org")
    doc = page(client.get(f"/{HEROIN}/comment-page-1/"))
    canonical = [link["href"] for link in links(doc, "canonical")]
    assert canonical == [f"https://notes.example.org/{HEROIN}/comment-page-1/"]
    assert meta(doc)["og:url"] == f"https://notes.example.org/{HEROIN}/"


HOSTILE = '"><script>alert(1)</script><meta property="og:title" content="x'


def test_hostile_title_and_excerpt_stay_inside_their_attributes(app, client):
    article = add_article(app, HOSTILE, slug="hostile")
    with app.app_context():
        db.session.get(Article, article).excerpt = HOSTILE
        db.session.commit()
    doc = page(client.get("/hostile/"))
    # The one script is the site's own reply-in-place file; none came from the title.
    assert [script.attrs.get("src") for script in doc.find_all("script")] == ["/static/comments.js"]
    tags = meta(doc)
    assert tags["og:title"] == tags["og:description"] == tags["description"] == HOSTILE
    assert len([e for e in doc.find_all("meta") if e.attrs.get("property") == "og:title"]) == 1
