"""The public "Your data" page: a commenter asks for a link, then sees, downloads or erases."""

import json
import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from cms import tokens
from cms.privacy.crypto import email_digest
from tests.privacy.test_personal_data import SAM, data_events, outbox, seed, subscriptions
from tests.support.html_page import page
from tests.support.people import Commenter, csrf_token
from tests.support.site import comments_in_db
from tests.support.smtp import SmtpServer

SENT = "If we hold anything for that address, we have sent a link to it."


def ask(client: FlaskClient, email: str):
    form = client.get("/your-data/")
    return client.post(
        "/your-data/", data={"email": email, "csrf_token": csrf_token(form.get_data(as_text=True))}
    )


def data_link(mailbox: SmtpServer, to: str) -> str:
    """Return the path of the data link in the last mail to ``to``."""
    urls = re.findall(r"https?://\S+", mailbox.to(to)[-1].get_content())
    [path] = [urlsplit(u).path for u in urls if urlsplit(u).path.startswith("/your-data/")]
    return path


def press(client: FlaskClient, path: str, action: str, **data: str):
    html = client.get(path).get_data(as_text=True)
    return client.post(f"{path}/{action}", data={"csrf_token": csrf_token(html), **data})


def visible(response) -> str:
    """Return the page's visible text, which carries no token."""
    return page(response).find("main").text


def test_footer_links_to_the_your_data_page(reader: Commenter) -> None:
    footer = page(reader.client.get("/")).find("footer")
    assert [a.attrs["href"] for a in footer.find_all("a")] == ["/your-data/"]


def test_asking_answers_the_same_whether_or_not_anything_is_held(
    app: Flask, mailbox: SmtpServer, reader: Commenter
) -> None:
    seed(app)
    known, unknown = ask(reader.client, SAM), ask(reader.client, "stranger@example.org")
    assert known.status_code == unknown.status_code == 200
    assert visible(known) == visible(unknown)
    assert SENT in visible(known)
    # Both get a link, so not even the mail log tells who has data here.
    assert len(mailbox.to(SAM)) == len(mailbox.to("stranger@example.org")) == 1
    actions = [(a, by) for a, by, _ in data_events(app)]
    assert actions == [("data-request", None), ("data-request", None)]
    assert all("sam" not in detail.lower() for *_, detail in data_events(app))


def test_the_mailed_link_carries_no_address(app: Flask, mailbox: SmtpServer, reader) -> None:
    seed(app)
    ask(reader.client, SAM)
    path = data_link(mailbox, SAM)
    with app.app_context():
        claims = tokens.serializer("data").loads(path.split("/")[-1])
        assert claims["digest"] == email_digest(SAM)
    assert "@" not in json.dumps(claims) and "sam" not in path.lower()
    assert "sam" not in mailbox.to(SAM)[-1]["Subject"].lower()


def test_a_bad_address_is_sent_back_without_mail(app: Flask, mailbox, reader) -> None:
    response = ask(reader.client, "not an address")
    assert response.status_code == 400
    assert "valid email address" in page(response).find("div", cls="form-errors").text
    assert mailbox.messages == [] and data_events(app) == []


def test_opening_the_link_shows_what_is_held_escaped_and_changes_nothing(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    response = commenter.client.get(data_link(mailbox, SAM))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert "<b>R</b>" not in html and "Sam &lt;b&gt;R&lt;/b&gt;" in html
    doc = page(response)
    assert "We hold 2 comments" in doc.find("p", cls="held-summary").text
    assert doc.find("p", cls="held-summary").text == (
        "We hold 2 comments written with your email address, your address for comment "
        "notifications and 1 email to or about you, such as the one that brought you this link."
    )
    [mail_row] = doc.find("section", cls="held-mail").find_all("tr")[1:]
    assert "[Recovery Notes] Your data" in mail_row.text and "you" in mail_row.text
    assert [s.find("blockquote").text for s in doc.find_all("section", cls="held-comment")] == [
        "First words.",
        "Second words.",
    ]
    assert "192.0.2.7" in doc.text and SAM in doc.text
    assert len(comments_in_db(app)) == 3 and [a for a, *_ in data_events(app)] == ["data-request"]


def test_the_link_downloads_everything_as_json(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    ids = seed(app)
    ask(commenter.client, SAM)
    response = press(commenter.client, data_link(mailbox, SAM), "download")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert [c["id"] for c in data["comments"]] == [ids["first"], ids["second"]]
    assert data_events(app)[-1][:2] == ("data-export", None)
    assert "by the owner's link" in data_events(app)[-1][2]


@pytest.mark.parametrize(("text", "left"), [("keep", 3), ("remove", 1)])
def test_the_link_erases_once(
    app: Flask, mailbox: SmtpServer, commenter: Commenter, text: str, left: int
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    path = data_link(mailbox, SAM)
    refused = press(commenter.client, path, "erase", text=text)
    assert refused.status_code == 400 and len(comments_in_db(app)) == 3
    response = press(commenter.client, path, "erase", text=text, confirm="y")
    assert response.status_code == 200
    assert page(response).find("h1").text == "Your data is erased"
    assert len(comments_in_db(app)) == left and subscriptions(app) == 0
    # The mail that brought the link named them too.
    assert outbox(app) == []
    assert all(c.author_email != SAM for c in comments_in_db(app))
    assert data_events(app)[-1][:2] == ("data-erase", None)
    again = commenter.client.get(path)
    assert again.status_code == 410
    assert page(again).find("h1").text == "This link was already used"


class PastSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 8 * 24 * 3600


def test_an_expired_link_shows_nothing(app: Flask, mailbox, commenter: Commenter) -> None:
    seed(app)
    ask(commenter.client, SAM)
    path = data_link(mailbox, SAM)
    with app.app_context():
        claims = tokens.serializer("data").loads(path.split("/")[-1])
        old = tokens.serializer("data", signer=PastSigner).dumps(claims)
    response = commenter.client.get(f"/your-data/{old}")
    assert response.status_code == 410
    assert page(response).find("h1").text == "This link has expired"
    assert SAM not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "forge",
    [
        lambda app, path: path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"),
        # A signed link of another purpose carrying a digest is still refused.
        lambda app, path: "/your-data/" + tokens.make("confirm", digest=email_digest(SAM)),
        lambda app, path: "/your-data/garbage",
    ],
    ids=["altered", "other-purpose", "garbage"],
)
def test_a_forged_link_shows_nothing_and_erases_nothing(
    app: Flask, mailbox, commenter: Commenter, forge
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    with app.test_request_context():
        path = forge(app, data_link(mailbox, SAM))
    response = commenter.client.get(path)
    assert response.status_code == 400 and SAM not in response.get_data(as_text=True)
    token = csrf_token(commenter.client.get("/your-data/").get_data(as_text=True))
    erase = {"csrf_token": token, "text": "remove", "confirm": "y"}
    assert commenter.client.post(f"{path}/erase", data=erase).status_code == 400
    assert len(comments_in_db(app)) == 3


@pytest.fixture
def limited(app_with: Callable[..., Flask], smtp: SmtpServer) -> Flask:
    return app_with(
        RATELIMIT_ENABLED=True,
        DATA_REQUEST_RATE_LIMIT="2 per hour",
        DATA_REQUESTS_PER_ADDRESS=2,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
    )


def browser_at(app: Flask, ip: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def test_requests_from_one_network_are_limited(limited: Flask, smtp: SmtpServer) -> None:
    client = browser_at(limited, "192.0.2.30")
    assert ask(client, "not an address").status_code == 400  # sent back: costs nothing
    assert ask(client, "a@example.org").status_code == 200
    assert ask(client, "b@example.org").status_code == 200
    refused = ask(client, "c@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in page(refused).find("div", cls="form-errors").text
    assert smtp.to("c@example.org") == []
    assert ask(browser_at(limited, "192.0.2.31"), "c@example.org").status_code == 200


def test_one_address_gets_few_links_a_day_whoever_asks(limited: Flask, smtp: SmtpServer) -> None:
    answers = [
        visible(ask(browser_at(limited, f"192.0.2.{40 + n}"), "target@example.org"))
        for n in range(4)
    ]
    assert len(set(answers)) == 1 and SENT in answers[0]
    assert len(smtp.to("target@example.org")) == 2


def test_a_spent_link_downloads_nothing_either(
    app: Flask, mailbox: SmtpServer, commenter: Commenter
) -> None:
    seed(app)
    ask(commenter.client, SAM)
    path = data_link(mailbox, SAM)
    assert press(commenter.client, path, "erase", text="keep", confirm="y").status_code == 200
    token = csrf_token(commenter.client.get("/your-data/").get_data(as_text=True))
    response = commenter.client.post(f"{path}/download", data={"csrf_token": token})
    assert response.status_code == 410
    assert response.mimetype == "text/html"
    assert [a for a, *_ in data_events(app)] == ["data-request", "data-erase"]
