"""What the comment form adds to shared pages: a fresh token each time, and whose page is whose."""

from flask import Flask

from cms.comments import form_token, page_parts
from cms.comments.drafts import DRAFT_COOKIE
from cms.comments.posting import COMMENTER_COOKIE
from tests.support.people import Commenter, csrf_token
from tests.support.site import HEROIN, OPIOID, article_id


def test_the_token_filled_into_a_page_is_valid_for_that_article_only(app: Flask) -> None:
    heroin, opioid = article_id(app, HEROIN), article_id(app, OPIOID)
    with app.app_context():
        token = page_parts.FORM_TOKEN.fresh(str(heroin))
        assert form_token.is_valid(token, heroin)
        assert not form_token.is_valid(token, opioid)


def test_every_served_page_carries_a_real_token_never_the_marker(
    app: Flask, reader: Commenter
) -> None:
    heroin = article_id(app, HEROIN)
    for _ in range(2):  # the second is served from the render cache
        html = reader.article().get_data(as_text=True)
        assert page_parts.FORM_TOKEN.prefix not in html
        assert page_parts.SHOWN_STAMP.prefix not in html
        with app.app_context():
            assert form_token.is_valid(csrf_token(html), heroin)


def own_part(app: Flask, visitor: Commenter) -> bool:
    """Say whether the visitor's next page with the form would be theirs, from their cookies."""
    names = (app.config["SESSION_COOKIE_NAME"], COMMENTER_COOKIE, DRAFT_COOKIE)
    cookies = [visitor.client.get_cookie(name) for name in names]
    header = "; ".join(f"{c.key}={c.value}" for c in cookies if c is not None)
    with app.test_request_context(f"/{HEROIN}/", headers={"Cookie": header} if header else {}):
        return page_parts.has_own_part()


def test_a_first_time_reader_has_nothing_of_their_own_on_the_page(
    app: Flask, reader: Commenter
) -> None:
    reader.article()
    assert not own_part(app, reader)


def test_a_remembered_name_makes_the_page_the_visitors_own(
    app: Flask, commenter: Commenter, reader: Commenter
) -> None:
    assert commenter.post(remember="y").status_code == 303
    assert commenter.client.get_cookie(COMMENTER_COOKIE) is not None
    assert own_part(app, commenter)
    assert not own_part(app, reader)


def test_a_pending_comment_makes_the_page_its_authors_own(app: Flask, commenter: Commenter) -> None:
    assert commenter.post().status_code == 303
    assert own_part(app, commenter)


def test_a_form_sent_back_for_correction_is_the_visitors_own_until_shown(
    app: Flask, commenter: Commenter
) -> None:
    refused = commenter.post(comment="")
    assert own_part(app, commenter)
    commenter.sent_back(refused)
    assert not own_part(app, commenter)
