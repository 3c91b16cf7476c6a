"""HTTP caching: anonymous pages are shared and revalidated, personal ones never are."""

import secrets

import pytest
from flask import Flask

from tests.support.people import csrf_token
from tests.support.site import HEROIN, comments_in_db

ARTICLE = f"/{HEROIN}/"
PUBLIC_PAGES = [ARTICLE, "/", "/category/relapse/", "/feed/", "/comments/feed/", "/sitemap.xml"]
# Past the second look (tests/support/people.py says why): "Sam Rivera" is a full name.
TYPED = {
    "author": "Sam Rivera",
    "email": "sam@example.net",
    "comment": "Day 12 and still here.",
    "second_look": "keep",
}


def etag_of(app: Flask, url: str = ARTICLE) -> str:
    """Return the ETag a fresh anonymous reader gets for ``url``."""
    response = app.test_client().get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


# --- shared pages and 304s ---


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_page_is_shareable_briefly_and_answers_304_when_unchanged(client, url):
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert "Cookie" in first.headers["Vary"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_anonymous_reading_sets_no_cookie(app, client):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
    assert client.get_cookie("session") is None


# --- personal pages ---


def assert_personal(response) -> None:
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers


def test_own_pending_preview_is_private_and_never_reaches_another_reader(app, commenter, reader):
    reader.article()  # the anonymous page is now in the render cache
    commenter.post(comment="My private relapse story.")
    mine = commenter.article()
    assert "My private relapse story." in mine.get_data(as_text=True)
    assert_personal(mine)
    theirs = reader.article()
    assert "My private relapse story." not in theirs.get_data(as_text=True)
    assert theirs.headers["Cache-Control"].startswith("public")


def test_remembered_commenter_gets_a_private_prefilled_form(app, commenter, reader):
    commenter.post(remember="y")
    response = commenter.article()
    assert_personal(response)
    assert "sam@example.net" in response.get_data(as_text=True)
    assert "sam@example.net" not in reader.article().get_data(as_text=True)


def test_staff_and_flashed_messages_are_private(app, editor, commenter):
    assert_personal(editor.client.get(ARTICLE))
    assert_personal(editor.client.get("/"))
    commenter.post(subject="I am a robot")  # caught, and told so in a flashed message
    flashed = commenter.client.get("/")
    assert "held for review" in flashed.text
    assert_personal(flashed)


def test_a_form_sent_back_with_errors_is_private(app, commenter):
    response = commenter.sent_back(commenter.post(email="not an address"))
    assert "Please enter a valid email address" in response.text
    assert_personal(response)
    # Shown once: the draft is gone, and the next look is the shared page again.
    assert "Please enter a valid email address" not in commenter.article().text


# --- the comment form on a cached page ---


def test_comment_posts_from_a_page_served_by_the_render_cache(app, reader, commenter):
    reader.article()
    cached = commenter.article()
    assert cached.headers["Cache-Control"].startswith("public")
    data = {**TYPED, "comment_parent": "0", "csrf_token": csrf_token(cached.text)}
    data["shown"] = _field(cached.text, "shown")
    assert commenter.client.post(f"{ARTICLE}comments", data=data).status_code == 303
    assert [c.author_name for c in comments_in_db(app)] == ["Sam Rivera"]


def _field(html: str, name: str) -> str:
    marker = f'name="{name}" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_cached_pages_carry_fresh_form_values_never_the_markers(app, client):
    first, second = client.get(ARTICLE).text, client.get(ARTICLE).text
    for html in (first, second):
        assert "comment-token-" not in html and "comment-shown-" not in html
        assert _field(html, "shown") and _field(html, "csrf_token")


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_cross_site_post_is_refused_with_the_text_kept(app, commenter, origin):
    token = csrf_token(commenter.article().text)
    response = commenter.client.post(
        f"{ARTICLE}comments",
        data={**TYPED, "comment_parent": "0", "csrf_token": token},
        headers={"Origin": origin},
    )
    assert response.status_code == 403
    assert "another website" in response.text
    assert "Day 12 and still here." in response.text
    assert comments_in_db(app) == []


def test_same_site_origin_and_fetch_metadata_are_accepted(app, commenter):
    token = csrf_token(commenter.article().text)
    response = commenter.client.post(
        f"{ARTICLE}comments",
        data={**TYPED, "comment_parent": "0", "csrf_token": token},
        headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303


def test_cross_site_fetch_metadata_is_refused(app, commenter):
    token = csrf_token(commenter.article().text)
    response = commenter.client.post(
        f"{ARTICLE}comments",
        data={**TYPED, "comment_parent": "0", "csrf_token": token},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


# --- the render cache's bound ---


def test_random_query_strings_share_the_clean_pages_etag_and_cache_entry(app):
    clean = etag_of(app)
    for n in range(2_000):
        assert etag_of(app, f"{ARTICLE}?{secrets.token_hex(6)}={n}") == clean
    cache = app.extensions["render_cache"]
    assert len(cache) == 1
    assert cache.bytes <= app.config["RENDER_CACHE_BYTES"]


def test_the_render_cache_is_bounded_in_bytes_not_pages(app_with):
    app = app_with(RENDER_CACHE_BYTES=150_000, FORM_STAMP_SECONDS=0)
    page_bytes = len(app.test_client().get(ARTICLE).get_data())
    # replytocom is read by the article page, so each value is a page of its own.
    for n in range(300):
        assert app.test_client().get(ARTICLE, query_string={"replytocom": n}).status_code == 200
    cache = app.extensions["render_cache"]
    assert cache.bytes <= 150_000
    assert 1 <= len(cache) <= 150_000 // page_bytes


def test_a_page_larger_than_the_whole_cache_is_served_but_not_kept(app_with):
    app = app_with(RENDER_CACHE_BYTES=1_000)
    for _ in range(2):
        response = app.test_client().get(ARTICLE)
        assert response.status_code == 200
        assert "I Relapsed On Heroin, Now What?" in response.get_data(as_text=True)
    assert len(app.extensions["render_cache"]) == 0
