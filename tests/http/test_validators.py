"""A public page's validators: its ETag and Last-Modified, the query its key holds, and 304s."""

import time
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from cms.extensions import db
from cms.http import freshness, validators
from cms.http.validators import Validator, page_query
from cms.models import utcnow
from tests.support.site import APPROVED, HEROIN, add_comment

ARTICLE = f"/{HEROIN}/"


def validator(app: Flask, path: str = ARTICLE, query: bytes = b"", **headers: str) -> Validator:
    """Return the validator of a page as a request with these headers would compute it."""
    with app.test_request_context(path, headers=headers):
        return Validator(has_form=False, path=path, query=query)


def matches(app: Flask, **headers: str) -> bool:
    """Say whether a request for the article with these conditional headers gets a 304."""
    with app.test_request_context(ARTICLE, headers=headers):
        return Validator(has_form=False, path=ARTICLE, query=b"").matches()


def moved_a_second_ago(app: Flask) -> None:
    """Move the public mark, then wait out the second it happened in."""
    with app.app_context():
        freshness.bump(db.session)
        db.session.commit()
    time.sleep(1.1)


def test_if_modified_since_answers_304_until_something_changes(
    app: Flask, client: FlaskClient
) -> None:
    add_comment(app, "Old news.", status=APPROVED)
    # A Last-Modified is withheld during the very second of a change: wait it out.
    time.sleep(1.1)
    first = client.get(ARTICLE)
    since = first.headers["Last-Modified"]
    assert client.get(ARTICLE, headers={"If-Modified-Since": since}).status_code == 304
    add_comment(app, "Fresh news.", status=APPROVED)
    changed = client.get(ARTICLE, headers={"If-Modified-Since": since})
    assert changed.status_code == 200
    assert "Fresh news." in changed.get_data(as_text=True)


@pytest.mark.parametrize(
    ("args", "query"),
    [
        ([], b""),
        ([("utm_source", "mail"), ("x", "1")], b""),
        ([("page", "2"), ("fbclid", "abc")], b"page=2"),
        ([("q", "b"), ("page", "2"), ("q", "a")], b"page=2&q=a&q=b"),
        ([("q", "fish & chips")], b"q=fish+%26+chips"),
    ],
)
def test_a_page_query_holds_only_the_arguments_the_page_reads_in_one_order(
    args: list[tuple[str, str]], query: bytes
) -> None:
    assert page_query(MultiDict(args), frozenset({"page", "q"})) == query


def test_the_same_page_has_one_etag_and_every_other_page_or_query_its_own(app: Flask) -> None:
    first = validator(app).etag
    assert validator(app).etag == first
    others = {validator(app, "/").etag, validator(app, ARTICLE, b"replytocom=3").etag}
    assert first not in others and len(others) == 2


def test_a_version_is_hashed_once_and_its_etag_looked_up_after(app: Flask) -> None:
    first = validator(app, "/hashed-once/").etag
    hashed = validators._hashed.cache_info()
    again = validator(app, "/hashed-once/").etag
    after = validators._hashed.cache_info()
    assert again == first
    assert (after.hits, after.misses) == (hashed.hits + 1, hashed.misses)


def test_the_etag_alone_is_the_validators_etag(app: Flask) -> None:
    with app.test_request_context(ARTICLE):
        read = freshness.read_validator(db.session.connection())
        for has_form in (False, True):
            whole = Validator(has_form, ARTICLE, b"", read).etag
            assert validators.etag(has_form, ARTICLE, b"", read) == whole


def test_a_public_change_gives_every_page_a_new_etag(app: Flask) -> None:
    before = {validator(app, path).etag for path in (ARTICLE, "/")}
    moved_a_second_ago(app)
    after = {validator(app, path).etag for path in (ARTICLE, "/")}
    assert not before & after


def _read_within_the_second_of_a_change(app: Flask) -> Validator:
    """Change the site, then read its validator before that second is over.

    A busy machine may take longer than the rest of the second between the two; then the
    reading says nothing about the rule, and the change is made again (never more than a
    few times: each try starts early in a second as often as not).
    """
    for _ in range(10):
        # Taken before the change, so the change and the reading both fall in its second.
        changed = utcnow()
        with app.app_context():
            freshness.bump(db.session)
            db.session.commit()
        read = validator(app)
        if utcnow().replace(microsecond=0) == changed.replace(microsecond=0):
            return read
    pytest.fail("this machine never read the validator within the second of a change")


def test_last_modified_is_withheld_during_the_second_of_a_change(app: Flask) -> None:
    # A second change within the same second must never be answered "not modified".
    assert _read_within_the_second_of_a_change(app).last_modified is None
    time.sleep(1.1)
    shown = validator(app).last_modified
    assert shown is not None and shown.microsecond == 0
    assert utcnow() - timedelta(seconds=3) < shown <= utcnow()


def test_only_the_etag_of_this_very_version_gets_a_304(app: Flask) -> None:
    moved_a_second_ago(app)
    current = validator(app)
    since = current.last_modified.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert matches(app, **{"If-None-Match": f'"{current.etag}"'})
    assert matches(app, **{"If-None-Match": f'"other", "{current.etag}"'})
    assert not matches(app, **{"If-None-Match": '"an-old-version"'})
    # An ETag that names another version wins over a date that would still match.
    assert not matches(app, **{"If-None-Match": '"old"', "If-Modified-Since": since})
    assert matches(app, **{"If-Modified-Since": since})
    assert not matches(app)


def test_apply_gives_a_response_its_validators_and_a_shareable_cache_control(app: Flask) -> None:
    moved_a_second_ago(app)
    current = validator(app)
    with app.test_request_context(ARTICLE):
        response = current.apply(Response("page"))
    assert response.headers["ETag"] == f'"{current.etag}"'
    assert response.last_modified.replace(tzinfo=None) == current.last_modified
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
