"""Cached public pages answered below Flask (cms/http/fast_path.py): the same page and headers,
fresh form values, never stale, and never for a visitor who carries a cookie."""

import re
import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.html_page import form_values, page
from tests.support.people import csrf_token
from tests.support.site import APPROVED, HEROIN, add_comment, comments_in_db

ARTICLE = f"/{HEROIN}/"
PAGES = [ARTICLE, "/", "/category/relapse/", "/feed/", "/sitemap.xml"]


@pytest.fixture
def through_flask(app: Flask) -> list[str]:
    """Record each request that reaches Flask's own handling."""
    seen: list[str] = []
    app.before_request(lambda: seen.append("flask"))
    return seen


def comparable(response) -> dict[str, str]:
    """Return the headers that describe the page, not this one answer."""
    return {k: v for k, v in response.headers.items() if k not in ("Content-Length", "Date")}


@pytest.mark.parametrize("url", PAGES)
def test_second_anonymous_reader_gets_the_same_page_without_flask(app, through_flask, url):
    first = app.test_client().get(url)
    second = app.test_client().get(url)
    assert through_flask == ["flask"]
    assert second.status_code == 200
    assert comparable(second) == comparable(first)
    assert "Set-Cookie" not in second.headers


def test_each_answer_carries_a_fresh_stamp_and_a_valid_token(app, through_flask):
    first, second = (app.test_client().get(ARTICLE) for _ in range(2))
    assert through_flask == ["flask"]
    html = second.get_data(as_text=True)
    assert "comment-shown-" not in html and "comment-token-" not in html
    assert csrf_token(first.get_data(as_text=True)) and csrf_token(html)
    # The page itself is the same; only the form's signed values differ per answer.
    assert page(second).find("h1").text == page(first).find("h1").text


def test_a_posted_comment_from_a_fast_page_is_stored(app, through_flask, commenter):
    app.test_client().get(ARTICLE)
    html = app.test_client().get(ARTICLE).get_data(as_text=True)
    assert through_flask == ["flask"]
    fields = {"author": "Sam", "email": "sam@example.net", "comment": "Still here."}
    answer = commenter.client.post(
        f"{ARTICLE}comments", data={**fields, "comment_parent": "0", "csrf_token": csrf_token(html)}
    )
    assert answer.status_code == 303
    assert comments_in_db(app)[-1].content_html == "<p>Still here.</p>"


def test_conditional_get_is_answered_304_without_flask(app, through_flask):
    etag = app.test_client().get(ARTICLE).headers["ETag"]
    again = app.test_client().get(ARTICLE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert "Content-Type" not in again.headers
    assert through_flask == ["flask"]


def test_a_worker_that_first_hears_a_revalidation_answers_the_next_without_flask(
    app, through_flask
):
    etag = app.test_client().get(ARTICLE).headers["ETag"]
    # A new worker (after max_requests) behind nginx, which only revalidates its copy.
    app.extensions["fast_path"]._known.clear()
    asked = {"If-None-Match": etag}
    first, second = (app.test_client().get(ARTICLE, headers=asked) for _ in range(2))
    assert first.status_code == second.status_code == 304
    assert comparable(second) == comparable(first)
    assert through_flask == ["flask", "flask"]
    # A 304's headers answer no 200: the first plain read is Flask's, the next is not.
    whole = app.test_client().get(ARTICLE)
    assert whole.status_code == 200 and whole.headers["Content-Type"].startswith("text/html")
    assert app.test_client().get(ARTICLE).get_data() == whole.get_data()
    assert through_flask == ["flask", "flask", "flask"]
    # And a revalidation after that is answered from the 200's headers, the same as before.
    again = app.test_client().get(ARTICLE, headers=asked)
    assert again.status_code == 304 and comparable(again) == comparable(first)
    assert through_flask == ["flask", "flask", "flask"]


def test_head_gets_the_headers_and_no_body(app, through_flask):
    app.test_client().get(ARTICLE)
    head = app.test_client().head(ARTICLE)
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert through_flask == ["flask"]


def test_an_approval_shows_at_once_because_the_page_goes_back_to_flask(app, through_flask):
    assert "Welcome back." not in app.test_client().get(ARTICLE).get_data(as_text=True)
    add_comment(app, "Welcome back.", status=APPROVED)
    shown = app.test_client().get(ARTICLE)
    assert "Welcome back." in shown.get_data(as_text=True)
    assert through_flask == ["flask", "flask"]
    # And the new version is then served below Flask in its turn.
    assert "Welcome back." in app.test_client().get(ARTICLE).get_data(as_text=True)
    assert through_flask == ["flask", "flask"]


def test_a_visitor_with_a_cookie_always_goes_to_flask(app, through_flask, commenter):
    app.test_client().get(ARTICLE)
    assert commenter.post(comment="My own words, still pending.").status_code == 303
    mine = commenter.article()
    assert "My own words, still pending." in mine.get_data(as_text=True)
    assert mine.headers["Cache-Control"] == "private, no-store"
    assert "My own words" not in app.test_client().get(ARTICLE).get_data(as_text=True)


def test_random_query_strings_reach_flask_once_and_are_known_as_one_page(app, through_flask):
    for n in range(2_000):
        response = app.test_client().get(ARTICLE, query_string={secrets.token_hex(4): n})
        assert response.status_code == 200
    assert through_flask == ["flask"]
    assert len(app.extensions["fast_path"]) == 1
    assert len(app.extensions["render_cache"]) == 1
    assert app.extensions["render_cache"].bytes <= app.config["RENDER_CACHE_BYTES"]
    # Each address's key is kept for the next request of it, within a bound.
    assert len(app.extensions["fast_path"]._keys) <= 2_000


def test_the_keys_of_addresses_are_bounded_whatever_is_asked(app, through_flask):
    fast_path = app.extensions["fast_path"]
    for n in range(5_000):
        app.test_client().get(f"/no-such-page-{n}/")
    assert len(fast_path._keys) == 4096
    assert app.test_client().get(ARTICLE).status_code == 200
    assert app.test_client().get(ARTICLE).status_code == 200
    assert through_flask.count("flask") == 5_001


def test_query_arguments_a_page_reads_still_make_pages_of_their_own(app, through_flask):
    for _ in range(2):
        for query in ("relapse", "naloxone"):
            response = app.test_client().get("/search", query_string={"q": query, "x": _})
            assert response.status_code == 200
    assert through_flask == ["flask", "flask"]
    assert len(app.extensions["fast_path"]) == 2


def test_an_old_wordpress_address_is_still_redirected_once_the_index_is_known(app):
    app.test_client().get("/")
    assert app.test_client().get("/", query_string={"p": 999}).status_code == 404


def test_a_page_first_read_over_http_is_answered_over_https_with_its_own_headers(app_with):
    app = app_with(PROXY_FIX=1)
    seen: list[str] = []
    app.before_request(lambda: seen.append("flask"))
    over_https = {"HTTP_X_FORWARDED_PROTO": "https"}
    for _ in range(2):
        assert "Strict-Transport-Security" not in app.test_client().get("/").headers
        secure = app.test_client().get("/", environ_base=over_https)
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert seen == ["flask", "flask"]


# --- a reader with the "save my name" cookie and no other ---

ROBIN = "author=Robin&email=robin%40example.net&url=https%3A%2F%2Frobin.example"
SAM = "author=Sam&email=sam%40example.net&url="
# What differs between two answers to one reader: the tokens and the stamp, signed each time
# (the comment form's fields, then the "Forget me" form's hidden one).
SIGNED = re.compile(
    r'(name="(?:csrf_token|shown)" type="hidden" value=")[^"]*'
    r'|(<input type="hidden" name="csrf_token" value=")[^"]*'
)


def remembered(app: Flask, cookie: str) -> FlaskClient:
    client = app.test_client()
    client.set_cookie("comment_author", cookie)
    return client


def unsigned(response) -> str:
    """Return the page with its per-answer signed values left out."""
    return SIGNED.sub(r"\1\2", response.get_data(as_text=True))


def test_a_remembered_reader_is_answered_below_flask_as_flask_answered(app, through_flask):
    robin = remembered(app, ROBIN)
    rendered, kept, below = (robin.get(ARTICLE) for _ in range(3))
    # Rendered once, then the kept copy, then below Flask.
    assert through_flask == ["flask", "flask"]
    assert unsigned(below) == unsigned(kept) == unsigned(rendered)
    assert comparable(below) == comparable(kept)
    assert below.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in below.headers and "Set-Cookie" not in below.headers
    assert form_values(page(below))["author"] == "Robin"


def test_each_remembered_reader_gets_their_own_values_and_no_one_else_does(app, through_flask):
    robin, sam = remembered(app, ROBIN), remembered(app, SAM)
    for _ in range(3):
        robin.get(ARTICLE)
        sam.get(ARTICLE)
    # Robin's page rendered, Sam's the kept copy, and every answer since below Flask.
    assert through_flask == ["flask", "flask"]
    mine, theirs = robin.get(ARTICLE), sam.get(ARTICLE)
    assert through_flask == ["flask", "flask"]
    anonymous = app.test_client().get(ARTICLE)
    assert form_values(page(mine))["email"] == "robin@example.net"
    assert form_values(page(theirs))["email"] == "sam@example.net"
    assert "Robin" not in theirs.get_data(as_text=True)
    assert "Sam" not in mine.get_data(as_text=True)
    for answer in (mine, theirs):
        assert answer.headers["Cache-Control"] == "private, no-store"
    plain = anonymous.get_data(as_text=True)
    assert "Robin" not in plain and "Sam" not in plain and 'id="forget-me"' not in plain
    assert anonymous.headers["Cache-Control"].startswith("public")
    # Nothing of either is kept for anyone: not the pages, not the headers.
    kept = repr(dict(app.extensions["render_cache"]._pages)) + repr(
        dict(app.extensions["fast_path"]._known)
    )
    for value in ("Robin", "robin@example", "Sam", "sam@example"):
        assert value not in kept


def test_a_remembered_readers_forget_token_from_below_flask_is_their_own(app, through_flask):
    robin, sam = remembered(app, ROBIN), remembered(app, SAM)
    for _ in range(3):
        html = robin.get(ARTICLE).get_data(as_text=True)
        sam.get(ARTICLE)
    token = csrf_token(html[html.index('id="forget-me"') :])
    assert sam.post(f"{ARTICLE}forget-me", data={"csrf_token": token}).status_code == 400
    assert sam.get_cookie("comment_author") is not None
    assert robin.post(f"{ARTICLE}forget-me", data={"csrf_token": token}).status_code == 303
    assert robin.get_cookie("comment_author") is None


@pytest.mark.parametrize(
    "cookie",
    [
        "author=%3Cscript%3Ealert(1)%3C%2Fscript%3E&email=a%22%20onfocus%3D%22x%40example.net",
        "author=comment-shown-x.&email=&url=javascript%3Aalert(1)",
    ],
    ids=["markup", "markers"],
)
def test_a_hostile_remembered_cookie_is_escaped_below_flask_as_in_it(app, through_flask, cookie):
    reader = remembered(app, cookie)
    rendered, _kept, below = (reader.get(ARTICLE) for _ in range(3))
    assert through_flask == ["flask", "flask"]
    assert unsigned(below) == unsigned(rendered)
    html = below.get_data(as_text=True)
    assert "<script>alert" not in html and '" onfocus="' not in html


def test_a_remembered_reader_with_any_other_cookie_goes_to_flask(app, through_flask):
    robin = remembered(app, ROBIN)
    robin.set_cookie("other", "1")
    for _ in range(3):
        assert robin.get(ARTICLE).status_code == 200
    assert through_flask == ["flask"] * 3


def test_a_change_reaches_a_remembered_reader_at_once(app, through_flask):
    robin = remembered(app, ROBIN)
    for _ in range(3):
        robin.get(ARTICLE)
    add_comment(app, "Welcome back, all.", status=APPROVED)
    assert "Welcome back, all." in robin.get(ARTICLE).get_data(as_text=True)
    assert len(through_flask) > 2


def test_head_from_a_remembered_reader_gets_the_private_headers_and_no_body(app, through_flask):
    robin = remembered(app, ROBIN)
    whole = [robin.get(ARTICLE) for _ in range(2)][-1]
    head = robin.head(ARTICLE)
    assert through_flask == ["flask", "flask"]
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Cache-Control"] == "private, no-store"
    assert head.headers["Content-Length"] == whole.headers["Content-Length"]
