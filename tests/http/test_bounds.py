"""What any request may carry: numbers the database can hold, a body within its size, UTF-8."""

from html import unescape
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article
from tests.support.html_page import page
from tests.support.people import csrf_token
from tests.support.site import HEROIN, add_comment, comments_in_db

# Numbers no route or query of the site means: past 64 bits, past PostgreSQL's integer,
# zero and below, other scripts' digits, and more digits than Python will read (4,300).
HOSTILE_NUMBERS = [
    pytest.param("99999999999999999999999", id="past-64-bits"),
    pytest.param("9223372036854775808", id="2-to-the-63"),
    pytest.param("2147483648", id="past-postgresql-integer"),
    pytest.param("0", id="zero"),
    pytest.param("-1", id="negative"),
    pytest.param("1e3", id="exponent"),
    pytest.param("\u0663", id="arabic-indic-digit"),
    pytest.param("1" * 5000, id="five-thousand-digits"),
]

PUBLIC_PATHS = [
    "/page/{n}/",
    f"/{HEROIN}/comment-page-{{n}}/",
    "/category/relapse/page/{n}/",
    "/tag/heroin/page/{n}/",
    "/2024/{n}/01/some-post/",
]
STAFF_PATHS = [
    "/admin/articles/{n}/edit",
    "/admin/articles/{n}/revisions",
    "/admin/articles/{n}/revisions/compare",
    "/admin/articles/{n}/preview",
    "/admin/comments/{n}/edit",
]


def article_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.id).where(Article.slug == HEROIN))


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_a_number_no_page_has_in_a_public_address_is_not_found(client, path, number):
    response = client.get(path.format(n=quote(number)))
    assert response.status_code == 404
    assert "We couldn't find that page" in unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("path", STAFF_PATHS)
def test_a_number_no_page_has_in_a_staff_address_is_not_found(editor, path, number):
    assert editor.client.get(path.format(n=quote(number))).status_code == 404


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_a_staff_action_on_a_number_no_comment_has_is_not_found(app, editor, number):
    token = csrf_token(editor.queue().get_data(as_text=True))
    response = editor.client.post(
        f"/admin/comments/{quote(number)}/approve", data={"csrf_token": token}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize(
    "path, name",
    [
        (f"/{HEROIN}/", "replytocom"),
        ("/admin/audit", "comment"),
        ("/admin/audit", "user"),
        ("/admin/audit", "page"),
        ("/admin/comments", "article"),
        ("/admin/comments", "before"),
    ],
)
def test_a_number_no_row_has_in_a_query_is_ignored(editor, path, name, number):
    separator = "&" if "?" in path else "?"
    response = editor.client.get(f"{path}{separator}{name}={quote(number)}")
    assert response.status_code == 200
    assert page(response).find("h1") is not None


@pytest.mark.parametrize("number", [*HOSTILE_NUMBERS, "abc"])
def test_a_search_page_number_no_page_has_is_not_found(client, number):
    assert client.get(f"/search?q=heroin&page={quote(number)}").status_code == 404


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("name", ["p", "page_id"])
def test_an_old_wordpress_id_no_article_has_is_not_found(client, name, number):
    assert client.get(f"/?{name}={quote(number)}").status_code == 404


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_a_revision_no_article_has_is_not_found_in_the_comparison(app, editor, number):
    response = editor.client.get(
        f"/admin/articles/{article_id(app)}/revisions/compare?old={quote(number)}"
    )
    assert response.status_code in (302, 404)  # no revisions yet: back to the list


@pytest.mark.parametrize("number", ["99999999999999999999999", "2147483648", "-5"])
def test_a_reply_to_a_number_no_comment_has_is_sent_back_as_for_any_missing_comment(
    app, commenter, number
):
    shown = commenter.sent_back(commenter.post(comment_parent=number, comment="My reply."))
    assert "The comment you are replying to is not available" in shown.get_data(as_text=True)
    assert comments_in_db(app) == []


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_a_bulk_action_naming_numbers_no_comment_has_changes_nothing(app, editor, number):
    comment_id = add_comment(app)
    token = csrf_token(editor.queue().get_data(as_text=True))
    response = editor.client.post(
        "/admin/comments/bulk", data={"csrf_token": token, "action": "trash", "ids": [number]}
    )
    assert response.status_code in (302, 303, 400)
    assert [c.id for c in comments_in_db(app)] == [comment_id]
    assert comments_in_db(app)[0].status.value == "pending"


# --- bodies past MAX_CONTENT_LENGTH ---

TOO_LARGE = "What you sent is too large (the limit is 16 KiB), so nothing was saved."


@pytest.fixture
def small_app(app_with):
    return app_with(MAX_CONTENT_LENGTH=16 * 1024)


def test_a_comment_post_past_the_limit_gets_413_and_stores_nothing(small_app):
    client = small_app.test_client()
    token = csrf_token(client.get(f"/{HEROIN}/").get_data(as_text=True))
    data = {"author": "Sam", "email": "sam@example.net", "csrf_token": token}
    response = client.post(f"/{HEROIN}/comments", data={**data, "comment": "x" * 17_000})
    assert response.status_code == 413
    assert TOO_LARGE in unescape(response.get_data(as_text=True))
    assert comments_in_db(small_app) == []


@pytest.mark.parametrize(
    "path", ["/admin/login", "/your-data/", f"/{HEROIN}/forget-me", f"/{HEROIN}/comments"]
)
def test_every_form_answers_413_past_the_limit(small_app, path):
    response = small_app.test_client().post(path, data={"x": "y" * 17_000})
    assert response.status_code == 413


def test_a_full_length_comment_in_three_byte_characters_is_taken_not_refused_as_too_large(
    app, commenter
):
    # 65,525 characters of "“" are 590 KB once a browser has encoded the form: past
    # Flask's 500 KB default for one form, though well within MAX_CONTENT_LENGTH.
    assert commenter.post(comment="“" * 65_525).status_code == 303
    assert len(comments_in_db(app)) == 1


# --- text that is not UTF-8 ---

UNREADABLE = "Some of what was sent could not be read as text"
BAD_BYTES = [
    pytest.param("%C0%AF", id="overlong-slash"),
    pytest.param("%ED%A0%80", id="lone-surrogate"),
    pytest.param("%E2%82", id="truncated"),
    pytest.param("%FF", id="never-utf8"),
]


def assert_unreadable(response) -> None:
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert UNREADABLE in html
    assert '<footer class="site-footer">' in html  # the site's own page, readable


def raw_form(**fields: str) -> bytes:
    """Encode a form by hand, so a test can put bytes a browser never would into it."""
    return "&".join(f"{name}={value}" for name, value in fields.items()).encode("ascii")


@pytest.mark.parametrize("bad", BAD_BYTES)
@pytest.mark.parametrize("field", ["comment", "author", "url"])
def test_a_comment_with_bytes_that_are_not_utf8_is_refused_and_not_stored(
    app, commenter, bad, field
):
    token = csrf_token(commenter.article().get_data(as_text=True))
    fields = {"comment": "Day+12.", "author": "Sam", "email": "sam%40example.net", "url": ""}
    fields[field] = f"Day{bad}12"
    response = commenter.client.post(
        f"/{HEROIN}/comments",
        data=raw_form(**fields, csrf_token=quote(token)),
        content_type="application/x-www-form-urlencoded",
    )
    assert_unreadable(response)
    assert comments_in_db(app) == []


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_a_login_with_bytes_that_are_not_utf8_is_refused(client, bad):
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    response = client.post(
        "/admin/login",
        data=raw_form(email=f"editor{bad}%40example.org", password="x", csrf_token=quote(token)),
        content_type="application/x-www-form-urlencoded",
    )
    assert_unreadable(response)


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_a_search_with_bytes_that_are_not_utf8_is_refused(client, bad):
    assert_unreadable(client.get(f"/search?q=heroin{bad}"))


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_an_address_with_bytes_that_are_not_utf8_is_refused(client, bad):
    assert_unreadable(client.get(f"/{HEROIN}{bad}/"))


@pytest.mark.parametrize(
    "path",
    [
        "/%00/",
        f"/{HEROIN}%00/comment-page-1/",
        "/tag/%00/",
        "/category/x%00/feed/",
    ],
)
def test_an_address_holding_a_nul_is_refused_on_every_database(client, path):
    # PostgreSQL refuses a NUL in any text it compares: a 500 per request until this.
    assert_unreadable(client.get(path))


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_an_admin_form_with_bytes_that_are_not_utf8_is_refused_and_saves_nothing(app, editor, bad):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Article))
    token = csrf_token(editor.client.get("/admin/articles/new").get_data(as_text=True))
    response = editor.client.post(
        "/admin/articles/new",
        data=raw_form(title=f"New{bad}", body_markdown="Words.", csrf_token=quote(token)),
        content_type="application/x-www-form-urlencoded",
    )
    assert_unreadable(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == before


def test_a_multipart_form_with_bytes_that_are_not_utf8_is_refused(app, commenter):
    token = csrf_token(commenter.article().get_data(as_text=True))
    body = (
        b'--b\r\nContent-Disposition: form-data; name="comment"\r\n\r\nDay \xc0\xaf 12\r\n'
        b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + token.encode()
        + b"\r\n--b--\r\n"
    )
    response = commenter.client.post(
        f"/{HEROIN}/comments", data=body, content_type="multipart/form-data; boundary=b"
    )
    assert_unreadable(response)
    assert comments_in_db(app) == []


def test_text_that_is_utf8_passes_even_with_the_replacement_character_typed(app, commenter):
    assert commenter.post(comment="Day 12 \ufffd and “quotes”.").status_code == 303
    assert len(comments_in_db(app)) == 1
