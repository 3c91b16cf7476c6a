"""The "Forget me" token: bound to the remembered name's cookie, for a while, from here."""

import time

import pytest
from flask import Flask
from itsdangerous import TimestampSigner

from cms import tokens
from cms.privacy import forget_token
from tests.privacy.test_forget_me import SAVED, forget, forget_button
from tests.support.html_page import page
from tests.support.people import Commenter
from tests.support.site import HEROIN

COOKIE = "author=Robin&email=robin%40example.net&url=https%3A%2F%2Frobin.example"
OTHER = "author=Sam&email=sam%40example.net&url="
HOUR = 3600


def signed_ago(seconds: int, remembered: str) -> str:
    """Return a token for this cookie's value as if signed ``seconds`` ago."""

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    signer = tokens.serializer(forget_token.PURPOSE, signer=Earlier).make_signer()
    return signer.sign(remembered.encode())[len(remembered) + 1 :].decode()


# --- the token on its own ---


def test_a_token_is_valid_for_its_own_cookie_only(app: Flask) -> None:
    with app.app_context():
        token = forget_token.sign(COOKIE)
        assert forget_token.is_valid(token, COOKIE)
        assert not forget_token.is_valid(token, OTHER)
        assert not forget_token.is_valid(token, None)
        assert not forget_token.is_valid(token, "")


def test_the_token_holds_neither_the_name_nor_the_address(app: Flask) -> None:
    with app.app_context():
        token = forget_token.sign(COOKIE)
    assert "Robin" not in token and "robin" not in token.lower()
    assert token.count(".") == 1


@pytest.mark.parametrize("token", [None, "", "forged", "1.2", "a.b.c"])
def test_a_missing_or_made_up_token_is_not_valid(app: Flask, token: str | None) -> None:
    with app.app_context():
        assert not forget_token.is_valid(token, COOKIE)


def test_a_token_for_a_longer_cookie_cannot_stand_in_for_a_shorter_one(app: Flask) -> None:
    # A value signed for "COOKIE.x" ends "x.time.signature": never a token for COOKIE.
    with app.app_context():
        longer = forget_token.sign(f"{COOKIE}.x")
        assert not forget_token.is_valid(f"x.{longer}", COOKIE)


def test_a_token_lasts_as_long_as_the_sites_other_form_tokens(app: Flask) -> None:
    assert app.config["WTF_CSRF_TIME_LIMIT"] == HOUR
    with app.app_context():
        assert forget_token.is_valid(signed_ago(HOUR - 60, COOKIE), COOKIE)
        assert not forget_token.is_valid(signed_ago(HOUR + 60, COOKIE), COOKIE)


@pytest.mark.parametrize("purpose", ["comment-form", "known-author"])
def test_a_value_signed_for_another_purpose_is_not_a_forget_token(app: Flask, purpose) -> None:
    with app.app_context():
        signed = tokens.signer(purpose).sign(COOKIE.encode())[len(COOKIE) + 1 :].decode()
        assert not forget_token.is_valid(signed, COOKIE)


# --- on the page, and pressed ---


def test_a_remembered_reader_is_answered_without_a_session(commenter: Commenter) -> None:
    commenter.client.set_cookie("comment_author", COOKIE)
    for _ in range(3):  # rendered, then from the kept copy, then below Flask
        answer = commenter.article()
        assert forget_button(page(answer)) is not None
        assert "Set-Cookie" not in answer.headers
    assert commenter.client.get_cookie("session") is None
    assert forget(commenter).status_code == 303
    assert commenter.client.get_cookie("comment_author") is None


def test_a_token_from_another_readers_page_forgets_nothing(app: Flask) -> None:
    other, robin = Commenter(app.test_client()), Commenter(app.test_client())
    other.client.set_cookie("comment_author", OTHER)
    robin.client.set_cookie("comment_author", COOKIE)
    html = other.article().get_data(as_text=True)
    token = html[html.index('id="forget-me"') :].split('value="', 1)[1].split('"', 1)[0]
    answer = robin.client.post(f"/{HEROIN}/forget-me", data={"csrf_token": token})
    assert answer.status_code == 400
    assert "security token" in answer.get_data(as_text=True)
    assert robin.client.get_cookie("comment_author") is not None


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}],
    ids=["origin", "fetch-site"],
)
def test_forget_me_from_another_site_is_refused_even_with_the_token(commenter, headers) -> None:
    commenter.post(remember="y", **SAVED)
    html = commenter.article().get_data(as_text=True)
    token = html[html.index('id="forget-me"') :].split('value="', 1)[1].split('"', 1)[0]
    answer = commenter.client.post(
        f"/{HEROIN}/forget-me", data={"csrf_token": token}, headers=headers
    )
    assert answer.status_code == 400
    assert commenter.client.get_cookie("comment_author") is not None
