"""No page makes a reader's browser talk to anyone but the site: every address is our own."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, Category, Tag
from tests.support.html_page import Element, page, parse_html
from tests.support.site import APPROVED, HEROIN, OPIOID, add_comment, make_app, set_discussion

# Not the test client's host, so an address built from the request would stand out.
SITE = "https://notes.example.org"
STATIC = Path(__file__).resolve().parents[2] / "static"
URL_ATTRIBUTES = ("src", "href", "action", "srcset", "poster", "data", "formaction", "xml:base")
# Hosts that would tell a third party who reads what: CDNs, web fonts, analytics, avatars.
THIRD_PARTIES = re.compile(
    r"googleapis|gstatic|googletagmanager|google-analytics|doubleclick|gravatar|wp\.com"
    r"|cdnjs|jsdelivr|unpkg|cloudflare|bootstrapcdn|typekit|fontawesome|fonts\.|facebook"
    r"|twitter|plausible|matomo|hotjar|segment\.|sentry|youtube|vimeo|disqus",
    re.IGNORECASE,
)
# Where authors' and commenters' own words are: their links are their content, not ours.
USER_CONTENT = {"article-body", "comment-content"}


def is_own(url: str) -> bool:
    """Say whether a browser following ``url`` stays on the site."""
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        return True
    return url == SITE or url.startswith(f"{SITE}/")


def in_user_content(element: Element) -> bool:
    node: Element | None = element
    while node is not None:
        if node.classes & USER_CONTENT or "ugc" in node.attrs.get("rel", "").split():
            return True
        node = node.parent
    return False


def element_urls(element: Element) -> list[str]:
    """Return every address an element names, each candidate of a srcset apart."""
    urls = []
    for name in URL_ATTRIBUTES:
        value = element.attrs.get(name)
        if value is None:
            continue
        if name == "srcset":
            urls += [c.split()[0] for c in value.split(",") if c.strip()]
        else:
            urls.append(value)
    if element.tag == "meta" and "://" in element.attrs.get("content", ""):
        urls.append(element.attrs["content"])
    return urls


def foreign_html_urls(doc: Element) -> list[str]:
    """Return the addresses in a page that lead off the site, outside what users wrote."""
    found = []
    for element in doc.iter():
        # An image loads by itself, wherever it is: user content gets no exception.
        if element.tag == "img" or not in_user_content(element):
            found += element_urls(element)
    return [url for url in found if not is_own(url)]


def foreign_xml_urls(root: ET.Element) -> list[str]:
    """Return the addresses in a feed or sitemap that are not the site's own."""
    found = []
    for element in root.iter():
        found += [v for k, v in element.attrib.items() if k.endswith(("href", "base"))]
        if element.tag.endswith(("}loc", "}uri")):
            found.append(element.text or "")
        if element.tag.endswith("}id") and not (element.text or "").startswith("tag:"):
            found.append(element.text or "")
    return [url for url in found if not is_own(url)]


def topic_slugs(app: Flask) -> tuple[str, str]:
    with app.app_context():
        return db.session.scalar(select(Category.slug)), db.session.scalar(select(Tag.slug))


@pytest.fixture
def site(app: Flask) -> FlaskClient:
    """A client of a site with approved comments over two comment pages, on SITE_URL=SITE."""
    first = add_comment(app, "First thoughts.", APPROVED)
    add_comment(app, "A reply.", APPROVED, parent=first)
    add_comment(app, "Second thoughts.", APPROVED)
    set_discussion(app, paginate=True, per_page=1)
    database = app.config["DATABASE_URL"]
    return make_app(database, SITE_URL=SITE).test_client()


def html_pages(app: Flask) -> list[tuple[str, int]]:
    """Return every kind of public HTML page, with the status it answers."""
    category, tag = topic_slugs(app)
    return [
        ("/", 200),
        (f"/{HEROIN}/", 200),
        (f"/{OPIOID}/", 200),
        (f"/{HEROIN}/comment-page-1/", 200),
        (f"/category/{category}/", 200),
        (f"/tag/{tag}/", 200),
        ("/search?q=relapse", 200),
        ("/search?q=nothing-matches-this", 200),
        ("/admin/login", 200),
        ("/page/99/", 404),
        ("/no-such-article/", 404),
        (f"/{HEROIN}/comments", 405),
    ]


def xml_documents(app: Flask) -> list[str]:
    category, _ = topic_slugs(app)
    return ["/feed/", "/comments/feed/", f"/category/{category}/feed/", "/sitemap.xml"]


def test_every_address_on_every_public_page_is_the_sites_own(app, site):
    for url, status in html_pages(app):
        response = site.get(url)
        assert response.status_code == status, url
        assert foreign_html_urls(page(response)) == [], url


def test_a_refused_post_answers_with_a_page_of_only_our_own_addresses(site):
    response = site.post(f"/{HEROIN}/comments", data={"comment": "No token."})
    # Sent back to the form as typed (post, redirect, get): the redirect and the page both.
    assert response.status_code == 303
    shown = site.get(response.headers["Location"])
    assert "No token." in shown.get_data(as_text=True)
    assert foreign_html_urls(page(shown)) == []


def test_every_address_in_feeds_and_the_sitemap_is_the_sites_own(app, site):
    for url in xml_documents(app):
        response = site.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.get_data())
        assert foreign_xml_urls(root) == [], url


def test_robots_txt_points_only_at_the_sites_own_sitemap(site):
    lines = site.get("/robots.txt").get_data(as_text=True).splitlines()
    assert [line for line in lines if "://" in line] == [f"Sitemap: {SITE}/sitemap.xml"]


def test_no_page_names_a_cdn_font_or_analytics_host(app, site):
    urls = [u for u, _ in html_pages(app)] + xml_documents(app) + ["/robots.txt"]
    for url in urls:
        assert THIRD_PARTIES.findall(site.get(url).get_data(as_text=True)) == [], url


# Text files only: an image (the favicon.ico) can fetch nothing.
TEXT_FILES = [p for p in sorted(STATIC.rglob("*.*")) if p.suffix not in {".ico", ".png"}]


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.name)
def test_static_files_fetch_nothing_from_elsewhere(path):
    text = path.read_text()
    assert THIRD_PARTIES.findall(text) == []
    assert "@import" not in text
    assert all(is_own(u.strip("'\" ")) for u in re.findall(r"url\(([^)]*)\)", text))


def test_launch_articles_show_no_image_from_elsewhere(app):
    with app.app_context():
        bodies = db.session.scalars(select(Article.body_html)).all()
    images = [img for body in bodies for img in parse_html(body).find_all("img")]
    assert [img.attrs.get("src", "") for img in images if not is_own(img.attrs["src"])] == []


def test_the_check_itself_catches_a_foreign_address():
    doc = parse_html(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<div class="article-body"><a href="https://elsewhere.example/">ok</a>'
        '<img src="https://tracker.example/pixel.gif"></div>'
        '<form action="//evil.example/login"></form>'
    )
    assert foreign_html_urls(doc) == [
        "https://fonts.googleapis.com/css",
        "https://tracker.example/pixel.gif",
        "//evil.example/login",
    ]
