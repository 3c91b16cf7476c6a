"""The session cookie: Flask's signed cookie as before, its serializer built once per secret."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from cms.http.session_cookie import SessionCookie
from tests.support.people import Commenter
from tests.support.site import last_comment_id


def test_the_serializer_is_built_once_and_again_for_a_new_secret(app: Flask) -> None:
    cookie = SessionCookie()
    first = cookie.get_signing_serializer(app)
    assert first is not None and cookie.get_signing_serializer(app) is first
    app.config["SECRET_KEY"] = "another test secret"
    second = cookie.get_signing_serializer(app)
    assert second is not first
    assert second.loads(second.dumps({"a": 1})) == {"a": 1}
    app.config["SECRET_KEY_FALLBACKS"] = ["test secret"]
    # Flask's own rule: a fallback key still reads a cookie signed before the change.
    assert cookie.get_signing_serializer(app).loads(first.dumps({"b": 2})) == {"b": 2}


def test_the_cookie_reads_as_flasks_own_would(app: Flask, commenter: Commenter) -> None:
    assert commenter.post().status_code == 303
    signed = commenter.client.get_cookie("session")
    assert signed is not None
    flasks = SecureCookieSessionInterface().get_signing_serializer(app)
    assert flasks is not None
    assert last_comment_id(app) in flasks.loads(signed.value)["pending_comments"]
