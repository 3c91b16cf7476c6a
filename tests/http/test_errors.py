"""Error pages: in the site's layout, saying what happened and where to go next."""

import urllib.error
import urllib.request
from html import unescape

import pytest
from flask import abort
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article, CommentStatus, utcnow
from tests.site.test_several_servers import nginx
from tests.support.live import gunicorn
from tests.support.people import Editor, csrf_token
from tests.support.site import HEROIN, comments_in_db, last_comment_id

SITE_HEADER = '<p class="site-name"><a href="/">Recovery Notes</a></p>'
HOME_LINK = '<a href="/">the home page</a>'
SEARCH_LINK = '<a href="/search">search the articles</a>'
NOT_FOUND = "We couldn't find that page. It may have moved, or the link may have a typo."
TOO_LARGE = "What you sent is too large (the limit is 1 MiB), so nothing was saved."
EXPIRED = "security token was missing or had expired"


def assert_in_layout(html: str) -> None:
    assert SITE_HEADER in html
    assert HOME_LINK in html
    assert '<footer class="site-footer">' in html


@pytest.mark.parametrize(
    "path", ["/no-such-article/", f"/{HEROIN}/comments/extra", "/admin/no-such-page"]
)
def test_unknown_address_gets_the_404_page_in_the_site_layout(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = unescape(response.get_data(as_text=True))
    assert_in_layout(html)
    assert NOT_FOUND in html


@pytest.mark.parametrize(
    "path",
    [
        "/admin/comments/999999/approve",
        "/admin/comments/999999/delete",
        "/admin/comments/1/no-such-action",
    ],
)
def test_unknown_admin_comment_or_action_gets_the_404_page(editor, path):
    token_page = editor.queue().get_data(as_text=True)
    response = editor.client.post(path, data={"csrf_token": csrf_token(token_page)})
    assert response.status_code == 404
    html = unescape(response.get_data(as_text=True))
    assert_in_layout(html)
    assert NOT_FOUND in html


def test_unknown_queue_status_gets_the_404_page(editor):
    response = editor.queue("no-such-status")
    assert response.status_code == 404
    assert_in_layout(unescape(response.get_data(as_text=True)))


def test_a_comment_over_one_mebibyte_is_refused_with_413(app, commenter):
    response = commenter.post(comment="x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    html = unescape(response.get_data(as_text=True))
    assert_in_layout(html)
    assert TOO_LARGE in html
    assert comments_in_db(app) == []


def test_a_login_post_over_one_mebibyte_is_refused_with_413(client):
    response = client.post(
        "/admin/login", data={"email": "a@example.org", "password": "p" * (1024 * 1024 + 1)}
    )
    assert response.status_code == 413
    assert TOO_LARGE in unescape(response.get_data(as_text=True))


def test_admin_action_without_token_gets_the_expired_form_page_without_a_referrer_link(
    app, commenter, editor
):
    commenter.post()
    comment_id = last_comment_id(app)
    back = "http://localhost/admin/comments?status=pending"
    response = editor.client.post(
        f"/admin/comments/{comment_id}/approve", data={}, headers={"Referer": back}
    )
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert_in_layout(html)
    assert "<h1>Form expired</h1>" in html
    assert EXPIRED in html
    assert "status=pending" not in html
    assert response.headers["Cache-Control"] == "private, no-store"
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING


def test_expired_form_page_never_links_back_to_another_site(app, commenter, editor):
    commenter.post()
    response = editor.client.post(
        f"/admin/comments/{last_comment_id(app)}/approve",
        data={"csrf_token": "forged"},
        headers={"Referer": "http://localhost.evil.example/phish"},
    )
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert EXPIRED in html
    assert "evil.example" not in html
    assert "Go back to the page you came from" not in html
    assert comments_in_db(app)[-1].status == CommentStatus.PENDING


def test_server_error_gets_the_500_page_and_leaves_the_session_usable(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/broken")
    def broken() -> str:
        # A second article with an existing slug breaks the transaction mid-request.
        db.session.add(
            Article(
                slug=HEROIN, title="Clash", body_markdown="", body_html="", published_at=utcnow()
            )
        )
        db.session.flush()
        return "unreachable"

    editor = Editor(app.test_client())
    editor.login()
    response = editor.client.get("/broken")
    assert response.status_code == 500
    html = unescape(response.get_data(as_text=True))
    assert_in_layout(html)
    assert "Something went wrong on our side." in html
    assert "IntegrityError" not in html and "UNIQUE" not in html
    assert response.headers["Cache-Control"] == "private, no-store"
    # The page itself needed the database, to know the editor: it still shows their menu.
    assert 'href="/admin/comments"' in html

    assert editor.queue().status_code == 200
    assert "I Relapsed On Heroin, Now What?" in editor.client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 2


# --- the same page for everyone ---

SEARCH_REFERRER = "http://localhost/search?q=methadone+clinic+near+me"


def test_not_found_page_keeps_no_trace_of_the_search_the_reader_came_from(client):
    response = client.get("/no-such-article/", headers={"Referer": SEARCH_REFERRER})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 404
    assert "methadone" not in html and "clinic" not in html and "q=" not in html
    assert NOT_FOUND in html
    assert HOME_LINK in html and SEARCH_LINK in html


def test_not_found_page_is_the_same_for_every_referrer_and_may_be_shared(app):
    first = app.test_client().get("/no-such-article/", headers={"Referer": SEARCH_REFERRER})
    second = app.test_client().get("/no-such-article/", headers={"Referer": "http://localhost/"})
    third = app.test_client().get("/no-such-article/?q=naloxone")
    assert first.get_data() == second.get_data() == third.get_data()
    assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert "Cookie" in first.headers["Vary"]


def test_not_found_page_showing_a_flashed_message_is_never_shared(app, commenter):
    # A caught comment is answered with a flash; the next page shows it, whatever page it is.
    commenter.post(subject="filled by a robot")
    response = commenter.client.get("/no-such-article/")
    assert "held for review" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_not_found_page_for_signed_in_staff_is_never_shared(editor):
    response = editor.client.get("/no-such-article/")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("url", "roles"),
    [("/admin/settings", "admins"), ("/admin/articles", "editors and admins")],
)
def test_forbidden_page_names_the_roles_the_page_is_for(moderator, url, roles):
    response = moderator.client.get(url)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 403
    assert f"This page is for {roles}. You're signed in as a moderator" in html
    assert "ask an admin to change your role" in html
    assert '<a href="/admin/">your dashboard</a>' in html
    assert response.headers["Cache-Control"] == "private, no-store"


def test_wrong_method_gets_a_whole_sentence_and_is_not_shared(client):
    response = client.put("/")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 405
    assert "This address can't be used that way, so nothing was changed." in html
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.needs("nginx")
def test_through_the_shipped_nginx_a_cached_404_names_no_earlier_visitors_search(app, tmp_path):
    with (
        gunicorn(app.config["DATABASE_URL"], tmp_path / "gunicorn.log", workers=1) as server,
        nginx(tmp_path / "nginx", [server.port]) as proxy,
    ):
        # nginx passes on its own host name without the port: a Referer the old page trusted.
        first = fetch(
            f"{proxy.url}/no-such-article/",
            {"Referer": "http://127.0.0.1/search?q=methadone+clinic"},
        )
        second = fetch(f"{proxy.url}/no-such-article/")
    assert first[0] == second[0] == 404
    assert second[2] == "HIT"
    assert first[1] == second[1]
    assert "methadone" not in second[1] and NOT_FOUND in unescape(second[1])


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Return the status, body and nginx cache status of a GET."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.read().decode(), response.headers["X-Cache-Status"]


def test_an_error_the_site_has_no_words_of_its_own_for_keeps_its_status(app, client):
    @app.get("/gone")
    def gone() -> str:
        abort(410)

    response = client.get("/gone")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 410
    assert "<h1>Gone</h1>" in html
    assert "We couldn't complete that request, and nothing was changed." in html
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/your-data/SECRETKEY.abc-_9/download",
        "/mail/comment/approve/SECRETKEY.abc-_9",
        "/mail/confirm/SECRETKEY.abc-_9",
        "/mail/unsubscribe/SECRETKEY.abc-_9",
        "/your-comment/SECRETKEY.abc-_9/withdraw",
    ],
)
def test_the_apps_log_keeps_no_key_of_a_mailed_link(app, path, caplog):
    # Flask logs the path of every 500: a working link must not wait in the log.
    with app.test_request_context(path, method="POST"):
        app.log_exception((RuntimeError, RuntimeError("boom"), None))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Exception on" in logged
    assert "SECRETKEY" not in logged and "[link key hidden]" in logged
