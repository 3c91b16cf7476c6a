"""Placing a Disqus thread: by the addresses this site and its imported sites served."""

from pathlib import Path

import pytest
from flask import Flask

from cms.wxr.disqus_reader import Thread
from cms.wxr.disqus_threads import ThreadMatcher
from tests.support.site import HEROIN, article_id
from tests.support.wxr_support import run_import, wxr_file, wxr_item


def _match(app: Flask, link: str, identifier: str = "") -> int | None:
    with app.app_context():
        return ThreadMatcher().article_id(Thread("1", link, identifier, "T"))


@pytest.fixture
def blog(app: Flask, tmp_path: Path) -> Flask:
    item = wxr_item(7, "Seven", "seven-days", date="2019-06-02 10:00:00")
    run_import(app, wxr_file(tmp_path / "wp.xml", item, site="https://example.org/blog/"))
    return app


@pytest.mark.parametrize(
    "link",
    [
        "https://example.org/blog/seven-days/",
        "http://www.example.org/blog/2019/06/02/seven-days/",
        "https://example.org/blog/?p=7",
        "https://example.org/blog/seven-days/#comment-3",
    ],
)
def test_a_wordpress_sites_addresses_under_its_own_path(blog: Flask, link: str) -> None:
    assert _match(blog, link) == article_id(blog, "seven-days")


@pytest.mark.parametrize(
    "link",
    [
        "https://example.org/seven-days/",  # not under the blog's path
        "https://other.example/blog/seven-days/",  # another site
        "https://example.org/blog/",  # the front page
        "https://example.org/blog/?p=8",  # no such post
        "",
    ],
)
def test_addresses_that_name_no_article_here_are_not_guessed(blog: Flask, link: str) -> None:
    assert _match(blog, link) is None


def test_this_sites_own_address_when_it_has_one(app: Flask) -> None:
    app.config["SITE_URL"] = "https://recovery.example"
    assert _match(app, f"https://recovery.example/{HEROIN}/") == article_id(app, HEROIN)
    assert _match(app, f"https://elsewhere.example/{HEROIN}/") is None


@pytest.fixture
def two_blogs(app: Flask, tmp_path: Path) -> Flask:
    for site, wp_id, slug in (("a.example", 7, "only-on-a"), ("b.example", 9, "only-on-b")):
        item = wxr_item(wp_id, slug, slug)
        run_import(app, wxr_file(tmp_path / f"{site}.xml", item, site=f"https://{site}"))
    return app


@pytest.mark.parametrize(
    ("link", "identifier"),
    [
        ("https://a.example/only-on-b/", ""),  # B's slug at A's address
        ("https://a.example/?p=9", ""),  # B's id at A's address
        ("http://unknown.example/some-post/", "9 http://unknown.example/?p=9"),
        ("", "9"),  # an id with no address says no site
    ],
)
def test_one_blogs_address_never_lands_on_anothers_article(
    two_blogs: Flask, link: str, identifier: str
) -> None:
    assert _match(two_blogs, link, identifier) is None


def test_a_plugin_identifier_on_a_known_site_finds_that_sites_post(two_blogs: Flask) -> None:
    found = _match(two_blogs, "http://unknown.example/x/", "9 https://b.example/?p=9")
    assert found == article_id(two_blogs, "only-on-b")
    assert _match(two_blogs, "https://b.example/only-on-b/") == found
