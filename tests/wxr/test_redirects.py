"""WordPress's old addresses answer 301 to the imported articles, and only to public ones."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.wxr_support import imported_site_fixture

# The site with the theme unit test export imported into it.
site = imported_site_fixture()


@pytest.fixture
def browser(site: Flask) -> FlaskClient:
    return site.test_client()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/?p=1177", "/markup-image-alignment/"),  # a post, by its WordPress id
        ("/?page_id=2", "/about/"),  # a page
        ("/?p=2", "/about/"),  # WordPress answers ?p= for pages too
        ("/2013/01/10/markup-image-alignment/", "/markup-image-alignment/"),
        # The date in an old address need not match: the slug names the article.
        ("/2020/02/29/markup-image-alignment/", "/markup-image-alignment/"),
    ],
)
def test_old_wordpress_address_moves_permanently_to_the_article(
    browser: FlaskClient, old: str, new: str
) -> None:
    response = browser.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == new
    assert browser.get(new).status_code == 200


@pytest.mark.parametrize(
    "old",
    [
        "/?p=1153",  # scheduled for 2030
        "/?p=1164",  # a draft
        "/?p=999999",  # no such post
        "/?p=abc",
        "/?page_id=",
        "/2030/01/01/scheduled/",
        "/2013/01/01/no-such-post/",
    ],
)
def test_old_address_of_a_hidden_or_missing_article_is_not_found(
    browser: FlaskClient, old: str
) -> None:
    assert browser.get(old).status_code == 404


@pytest.mark.parametrize("path", ["/", "/?page=1", "/?utm_source=mail"])
def test_the_front_page_without_an_old_id_is_the_index(browser: FlaskClient, path: str) -> None:
    assert browser.get(path).status_code == 200
