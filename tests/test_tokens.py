"""One list of signing purposes and salts: unique, unchanged, never interchangeable."""

import itertools
import time

import pytest
from flask import Flask
from itsdangerous import BadSignature

from cms import tokens
from cms.comments import antispam, form_token, moderation, posting

# Written out here on purpose: a salt that changes breaks every link already mailed and
# every comment form already open.
SALTS_IN_USE = {
    "approve": "cms.mail-link.approve",
    "spam": "cms.mail-link.spam",
    "trash": "cms.mail-link.trash",
    "confirm": "cms.mail-link.confirm",
    "unsubscribe": "cms.mail-link.unsubscribe",
    "data": "cms.mail-link.data",
    "own-comment": "cms.own-comment",
    "comment-form": "comment-form-token",
    "comment-shown": "comment-form-shown",
    "known-author": "comment-known-author",
    "forget-me": "cms.forget-me",
    "login-throttle": "cms.hmac.login-throttle",
    "pending-login": "cms.hmac.pending-login",
}


def test_every_salt_is_the_one_already_in_use():
    assert tokens.SALTS == SALTS_IN_USE


def test_no_two_purposes_share_a_salt_nor_one_with_the_libraries():
    salts = [*tokens.SALTS.values(), *tokens.LIBRARY_SALTS]
    assert len(salts) == len(set(salts))


@pytest.mark.parametrize(
    ("signed_for", "read_as"), list(itertools.permutations(sorted(tokens.SALTS), 2))
)
def test_a_value_signed_for_one_purpose_never_verifies_as_another(app: Flask, signed_for, read_as):
    with app.app_context():
        value = tokens.serializer(signed_for).dumps({"purpose": read_as, "id": 1})
        with pytest.raises(BadSignature):
            tokens.serializer(read_as).loads(value)


def test_the_comment_signers_sign_under_their_purposes_in_the_list(app: Flask):
    with app.test_request_context():
        assert tokens.serializer("comment-form").loads(form_token.sign(7)) == 7
        assert tokens.serializer("comment-shown").loads(antispam.stamp()) == 0
        cookie = posting._known_author_serializer().dumps([3])
        assert tokens.serializer("known-author").loads(cookie) == [3]


def test_every_mailed_move_is_a_link_purpose_and_no_other_move_is():
    # tokens.py cannot read the moves table (moderation imports the mail, which signs
    # links), so the two lists are kept in step here: a move mail offers with no purpose
    # would fail on the first mail, and a purpose for an unmailed move would sign links
    # no page accepts.
    moves = set(moderation.MOVES)
    assert set(moderation.MAILED) <= tokens.PURPOSES
    assert tokens.PURPOSES & moves == set(moderation.MAILED)


def test_each_kept_hmac_has_a_key_of_its_own_never_the_secret_itself(app: Flask):
    with app.app_context():
        keys = {purpose: tokens.hmac_key(purpose) for purpose in tokens.HMAC_PURPOSES}
        assert len(set(keys.values())) == len(keys) == 2
        assert app.secret_key.encode() not in keys.values()
        assert not tokens.HMAC_PURPOSES & tokens.PURPOSES  # kept, never a mailed link
        for other in ("approve", "anything"):
            with pytest.raises(ValueError):
                tokens.hmac_key(other)


def test_a_mailed_link_takes_only_a_mail_purpose(app: Flask):
    with app.app_context(), pytest.raises(ValueError):
        tokens.make("comment-form", article=1)


def test_an_unknown_purpose_has_no_signer(app: Flask):
    with app.app_context(), pytest.raises(ValueError):
        tokens.serializer("anything")


def test_a_value_signed_twice_in_one_second_is_the_same_valid_signature(app: Flask) -> None:
    with app.app_context():
        while time.time() % 1 > 0.8:  # leave room in this second for both
            time.sleep(0.05)
        first = tokens.signed_this_second("comment-form", 7)
        assert tokens.signed_this_second("comment-form", 7) == first
        assert tokens.serializer("comment-form").loads(first) == 7
        # Each purpose keeps its own salt, each value its own signature.
        assert tokens.signed_this_second("comment-shown", 7) != first
        assert tokens.signed_this_second("comment-form", 8) != first


def test_a_new_second_signs_anew(app: Flask) -> None:
    with app.app_context():
        first = tokens.signed_this_second("comment-form", 7)
        time.sleep(1.05)
        later = tokens.signed_this_second("comment-form", 7)
        assert later != first
        _, signed_at = tokens.serializer("comment-form").loads(later, return_timestamp=True)
        assert abs(signed_at.timestamp() - time.time()) < 1.5
