"""The one-click links in mail: a page that asks, a POST that acts, and nothing else."""

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner
from sqlalchemy import select

from cms import tokens
from cms.extensions import db
from cms.models import Comment, CommentStatus, Role, Subscription, User
from tests.mail.test_notifications import SAM, TITLE, link_paths, subscribe
from tests.site.test_several_servers import NGINX, nginx_config
from tests.support.html_page import page
from tests.support.live import Browser, Server, free_port, gunicorn, serve
from tests.support.people import Commenter, Editor, add_user, csrf_token, session_csrf_token
from tests.support.site import (
    APPROVED,
    EDITOR_EMAIL,
    HEROIN,
    PENDING,
    SPAM,
    TRASH,
    audit_rows,
    comments_in_db,
    status_of,
    user_id,
)
from tests.support.smtp import SmtpServer

EIGHT_DAYS = 8 * 24 * 3600


def editor_links(mailbox: SmtpServer, to: str = EDITOR_EMAIL) -> dict[str, str]:
    """Return the action and path of each moderation link in the last mail to ``to``."""
    return {p.split("/")[3]: p for p in link_paths(mailbox.to(to)[-1], "comment")}


def press(client: FlaskClient, path: str, **data: str):
    """Open a mailed link and press the button on its page, as the reader would."""
    html = client.get(path).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(html), **data})


def link_events(app: Flask) -> list[tuple[str, str, str, int | None]]:
    """Return the audit rows of moderation decisions (not the posting itself)."""
    rows = audit_rows(app, fields=("action", "from_status", "to_status", "user_id"))
    return [row for row in rows if row[0] in ("approve", "spam", "trash")]


class PastSigner(TimestampSigner):
    """Sign as if eight days ago, to make a link that has already expired."""

    def get_timestamp(self) -> int:
        return int(time.time()) - EIGHT_DAYS


class ThreeDaysAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 3 * 24 * 3600


def expired(app: Flask, path: str, signer: type[TimestampSigner] = PastSigner) -> str:
    """Re-sign a mailed link's own claims with an old timestamp (eight days unless told)."""
    purpose, token = path.split("/")[-2:]
    with app.app_context():
        claims = tokens.serializer(purpose).loads(token)
        old = tokens.serializer(purpose, signer=signer).dumps(claims)
    return path.replace(token, old)


@pytest.fixture
def held(app: Flask, mailbox: SmtpServer, commenter: Commenter) -> int:
    """A pending comment whose mail has reached the editor; returns its id."""
    commenter.post(author="Ana <b>Author</b>", comment="Please help <script>alert(1)</script>")
    return comments_in_db(app)[-1].id


# Moderating from mail


def test_opening_a_link_shows_what_it_would_do_and_changes_nothing(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    response = reader.client.get(editor_links(mailbox)["approve"])
    shown = page(response)
    assert response.status_code == 200
    assert shown.find("h1").text == (f"Approve this comment by Ana <b>Author</b> on “{TITLE}”?")
    assert "Please help <script>alert(1)</script>" in shown.find("blockquote").text
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<b>Author" not in html
    assert shown.by_id("content").find("form").attrs["method"] == "post"
    assert status_of(app, held) == PENDING
    assert link_events(app) == []


@pytest.mark.parametrize(
    ("action", "end", "message"),
    [
        ("approve", APPROVED, "was approved."),
        ("spam", SPAM, "was marked as spam."),
        ("trash", TRASH, "was moved to the trash."),
    ],
)
def test_pressing_the_button_acts_and_records_the_editor_it_was_mailed_to(
    app: Flask,
    mailbox: SmtpServer,
    held: int,
    reader: Commenter,
    action: str,
    end: CommentStatus,
    message: str,
) -> None:
    response = press(reader.client, editor_links(mailbox)[action])
    assert response.status_code == 200
    assert message in page(response).find("main").text
    assert status_of(app, held) == end
    assert link_events(app) == [(action, "pending", end.value, user_id(app, EDITOR_EMAIL))]


def test_each_editor_gets_links_of_their_own(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, reader: Commenter
) -> None:
    add_user(app, Role.ADMIN, "ada@example.org")
    commenter.post()
    [comment] = comments_in_db(app)
    press(reader.client, editor_links(mailbox, "ada@example.org")["spam"])
    assert link_events(app) == [("spam", "pending", "spam", user_id(app, "ada@example.org"))]
    assert status_of(app, comment.id) == SPAM


def test_a_used_link_says_so_and_does_nothing_more(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter, editor: Editor
) -> None:
    path = editor_links(mailbox)["approve"]
    press(reader.client, path)
    editor.act(held, "unapprove")
    again = reader.client.get(path)
    assert again.status_code == 410
    assert "This link was already used" in page(again).find("h1").text
    token = session_csrf_token(reader.client)
    assert reader.client.post(path, data={"csrf_token": token}).status_code == 410
    assert status_of(app, held) == PENDING


def test_an_expired_link_says_so_and_changes_nothing(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    path = expired(app, editor_links(mailbox)["approve"])
    response = reader.client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in page(response).find("h1").text
    token = session_csrf_token(reader.client)
    assert reader.client.post(path, data={"csrf_token": token}).status_code == 410
    assert status_of(app, held) == PENDING


def test_links_in_mail_last_two_days_so_a_leaked_one_soon_stops_working(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    response = reader.client.get(expired(app, editor_links(mailbox)["approve"], ThreeDaysAgo))
    assert response.status_code == 410
    assert "for 2 days" in mailbox.to(EDITOR_EMAIL)[-1].get_content()


def test_a_link_within_its_lifetime_still_works(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    app.config["MAIL_LINK_MAX_AGE"] = EIGHT_DAYS + 3600
    assert press(reader.client, expired(app, editor_links(mailbox)["approve"])).status_code == 200
    assert status_of(app, held) == APPROVED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"),
        lambda path: path.replace("/approve/", "/spam/"),
        lambda path: path.replace("/approve/", "/trash/"),
        lambda path: path.rsplit("/", 1)[0] + "/not-a-token",
    ],
    ids=["altered-signature", "approve-link-as-spam", "approve-link-as-trash", "garbage"],
)
def test_an_altered_or_repurposed_link_is_refused(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter, tamper
) -> None:
    path = tamper(editor_links(mailbox)["approve"])
    response = reader.client.get(path)
    assert response.status_code == 400
    assert "This link does not work" in page(response).find("h1").text
    html = reader.article().get_data(as_text=True)
    assert reader.client.post(path, data={"csrf_token": csrf_token(html)}).status_code == 400
    assert status_of(app, held) == PENDING
    assert link_events(app) == []


def test_a_move_that_is_no_longer_possible_is_explained(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter, editor: Editor
) -> None:
    path = editor_links(mailbox)["approve"]
    html = reader.client.get(path).get_data(as_text=True)
    editor.act(held, "trash")
    response = reader.client.post(path, data={"csrf_token": csrf_token(html)})
    assert response.status_code == 409
    assert "This comment is trash now, so it cannot be approved." in page(response).text
    assert status_of(app, held) == TRASH


def test_a_link_to_a_comment_already_in_that_status_says_nothing_is_left_to_do(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter, editor: Editor
) -> None:
    editor.act(held, "spam")
    response = reader.client.get(editor_links(mailbox)["spam"])
    assert response.status_code == 409
    assert "Someone may have moderated it already." in page(response).text


def test_a_link_to_a_deleted_comment_is_gone(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter, editor: Editor
) -> None:
    editor.act(held, "trash")
    editor.act(held, "delete")
    assert reader.client.get(editor_links(mailbox)["approve"]).status_code == 410


def test_a_disabled_editors_links_stop_working(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    path = editor_links(mailbox)["approve"]
    with app.app_context():
        db.session.scalar(select(User).where(User.email == EDITOR_EMAIL)).disabled = True
        db.session.commit()
    assert reader.client.get(path).status_code == 403
    assert status_of(app, held) == PENDING


def test_the_button_needs_the_form_token(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    path = editor_links(mailbox)["approve"]
    reader.client.get(path)
    assert reader.client.post(path).status_code == 400
    assert status_of(app, held) == PENDING


def test_link_pages_are_kept_out_of_caches_and_referrers(
    app: Flask, mailbox: SmtpServer, held: int, reader: Commenter
) -> None:
    response = reader.client.get(editor_links(mailbox)["approve"])
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert 'name="robots" content="noindex"' in response.get_data(as_text=True)


# Confirming an address


def test_opening_a_confirmation_link_confirms_nothing_until_the_button(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, reader: Commenter
) -> None:
    commenter.post(notify="y")
    [path] = link_paths(mailbox.to(SAM)[0], "confirm")
    assert reader.client.get(path).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Subscription)).confirmed_at is None
    response = press(reader.client, path)
    assert "Notifications confirmed" in page(response).find("h1").text
    with app.app_context():
        assert db.session.scalar(select(Subscription)).confirmed_at is not None
    assert reader.client.get(path).status_code == 410


# Unsubscribing


def _unsubscribe_path(app, mailbox, commenter, editor) -> str:
    subscribe(commenter, mailbox)
    editor.act(comments_in_db(app)[-1].id, "approve")
    [message] = mailbox.to(SAM)
    return message["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")


def _assert_unsubscribed(app: Flask) -> None:
    with app.app_context():
        assert db.session.scalar(select(Subscription)).unsubscribed_at is not None
        assert not any(c.notify for c in db.session.scalars(select(Comment)))


def test_the_unsubscribe_page_stops_all_notifications_to_the_address(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, reader: Commenter, editor: Editor
) -> None:
    path = _unsubscribe_path(app, mailbox, commenter, editor)
    commenter.post(notify="y", comment="A second one.")
    mailbox.clear()
    assert reader.client.get(path).status_code == 200
    response = reader.client.post(path)
    assert "You are unsubscribed" in page(response).find("h1").text
    _assert_unsubscribed(app)
    editor.act(comments_in_db(app)[-1].id, "approve")
    assert mailbox.to(SAM) == []


def test_one_click_unsubscribe_from_a_mail_client_works_without_a_session(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    path = _unsubscribe_path(app, mailbox, commenter, editor)
    # RFC 8058: the mail client POSTs this body to the List-Unsubscribe address, cookieless.
    response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    _assert_unsubscribed(app)


def test_a_forged_unsubscribe_link_is_refused(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    path = _unsubscribe_path(app, mailbox, commenter, editor)
    assert app.test_client().post(path[:-2] + "xx").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Subscription)).unsubscribed_at is None


def test_ticking_the_box_again_after_unsubscribing_asks_for_a_new_confirmation(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, editor: Editor
) -> None:
    path = _unsubscribe_path(app, mailbox, commenter, editor)
    app.test_client().post(path)
    with app.app_context():
        # A day later, so the once-a-day limit on confirmation requests does not apply.
        db.session.scalar(select(Subscription)).requested_at = None
        db.session.commit()
    mailbox.clear()
    commenter.post(notify="y", comment="I am back.")
    editor.act(comments_in_db(app)[-1].id, "approve")
    [message] = mailbox.to(SAM)
    assert "confirm" in message["Subject"]


# Through the shipped nginx: mailed links work, and no log keeps one


def logged_nginx_config(folder: Path, port: int, app_port: int) -> str:
    """Wrap deploy/nginx.conf as the several-servers test does, but logging every request
    (the request line included, as nginx's default format does) and every error."""
    config = nginx_config(folder, port, [app_port])
    # The first "access_log off;" is the wrapper's own, for the whole http block.
    config = config.replace("access_log off;", f"access_log {folder}/access.log combined;", 1)
    return config.replace(
        f"error_log {folder}/error.log warn;", f"error_log {folder}/error.log info;"
    )


@contextmanager
def logged_nginx(folder: Path, port: int, app_port: int) -> Iterator[Server]:
    folder.mkdir()
    config = folder / "nginx.conf"
    config.write_text(logged_nginx_config(folder, port, app_port))
    user = " user root;" if os.geteuid() == 0 else ""
    command = [NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;" + user]
    with serve(command, port, folder / "nginx.log") as server:
        yield server


@pytest.mark.needs("nginx")
def test_a_mailed_link_works_through_nginx_and_no_log_keeps_it(
    tmp_path: Path, fresh_database: Callable[[], str], smtp: SmtpServer
) -> None:
    proxy_port, app_port = free_port(), free_port()
    settings = {
        "MAIL_SERVER": '"127.0.0.1"',
        "MAIL_PORT": str(smtp.port),
        "SITE_URL": f'"http://127.0.0.1:{proxy_port}"',
    }
    folder = tmp_path / "nginx"
    app = gunicorn(fresh_database(), tmp_path / "app.log", settings, workers=1, port=app_port)
    with app as server, logged_nginx(folder, proxy_port, server.port) as proxy:
        reader = Browser(proxy.url)
        assert reader.submit("/your-data/", "/your-data/", {"email": SAM}) == 200
        [message] = smtp.to(SAM)
        [link] = [
            u for u in re.findall(r"https?://\S+", message.get_content()) if "/your-data/" in u
        ]
        path = urlsplit(link).path
        status, html = reader.open(path)
        assert status == 200, html
        assert "We hold 1 email to or about you, such as the one that brought you" in html
        assert reader.open(f"{path}/download", {"csrf_token": csrf_token(html)})[0] == 200
        assert reader.open(f"/{HEROIN}/")[0] == 200
        server.kill()
        # The app is down: nginx's upstream errors name the request line, elsewhere.
        assert reader.open(path)[0] == 502
        assert reader.open("/no-such-page/")[0] == 502
    token = path.split("/")[-1]
    access, errors = (folder / "access.log").read_text(), (folder / "error.log").read_text()
    assert f"GET /{HEROIN}/ HTTP/1.1" in access, "the access log recorded nothing"
    assert "GET /no-such-page/ HTTP/1.1" in errors, "the error log recorded nothing"
    for log in (access, errors, (folder / "nginx.log").read_text()):
        assert token not in log and token[:20] not in log
