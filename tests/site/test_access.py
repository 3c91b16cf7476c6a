"""Every route of the site, with every method, for every kind of visitor: exactly the answer
it should give, and no state-changing request without a valid CSRF token.

The tables below must name every endpoint; a new route fails the first test until it is
added here (admin routes: to NEEDS in test_login_roles.py) with the answer each visitor should get.
"""

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from cms.extensions import db
from cms.models import Article, Category, Role, Tag, User
from cms.models.users import ROLE_PERMISSIONS
from tests.accounts.test_login_roles import ALLOWED, NEEDS, goes_to_login
from tests.support.people import STAFF_PASSWORD, Commenter, Editor, add_user, session_csrf_token
from tests.support.site import HEROIN, add_comment, audit_rows, comments_in_db

ACTORS = ["anonymous", "commenter", "moderator", "editor", "admin"]
STAFF = {"moderator": Role.MODERATOR, "editor": Role.EDITOR, "admin": Role.ADMIN}
LOGIN = "login"  # a redirect to /admin/login

# What every visitor gets from each public route, filled with real rows (see url_values);
# a dict where the answer depends on who asks. POSTs are sent empty, with a valid token.
PUBLIC: dict[tuple[str, str], int | str | dict[str, int]] = {
    ("/", "GET"): 200,
    # /page/1/ is the index itself: Werkzeug sends it to / (308 keeps the method).
    ("/page/<int:number>/", "GET"): 308,
    ("/<slug>/", "GET"): 200,
    ("/<slug>/comment-page-<int:page>/", "GET"): 200,
    # An empty comment is sent back to be corrected: a redirect to the form as typed.
    ("/<slug>/comments", "POST"): 303,
    ("/<slug>/forget-me", "POST"): 303,
    ("/<slug>/feed/", "GET"): 200,
    ("/<int:year>/<int:month>/<int:day>/<slug>/", "GET"): 301,
    ("/<int:year>/<int:month>/<slug>/", "GET"): 301,
    ("/category/<slug>/", "GET"): 200,
    ("/category/<slug>/page/<int:number>/", "GET"): 308,
    ("/category/<slug>/feed/", "GET"): 200,
    ("/tag/<slug>/", "GET"): 200,
    ("/tag/<slug>/page/<int:number>/", "GET"): 308,
    ("/feed/", "GET"): 200,
    ("/comments/feed/", "GET"): 200,
    ("/sitemap.xml", "GET"): 200,
    ("/robots.txt", "GET"): 200,
    ("/favicon.ico", "GET"): 200,
    ("/search", "GET"): 200,
    ("/static/<path:filename>", "GET"): 200,
    # The login page answers everyone; an empty login is sent back to be corrected.
    ("/admin/login", "GET"): 200,
    ("/admin/login", "POST"): 400,
    # Without a login in progress there is no code to ask for.
    ("/admin/login/code", "GET"): LOGIN,
    ("/admin/login/code", "POST"): LOGIN,
    ("/admin/logout", "POST"): {"anonymous": LOGIN, "commenter": LOGIN},
    ("/admin/logout/everywhere", "POST"): {"anonymous": LOGIN, "commenter": LOGIN},
    # The password-again page is for someone logged in; an empty one is sent back.
    ("/admin/login/again", "GET"): {"anonymous": LOGIN, "commenter": LOGIN},
    ("/admin/login/again", "POST"): {"anonymous": LOGIN, "commenter": LOGIN},
    # A forged link is refused whoever opens it; the signature is the only key.
    ("/mail/comment/<any(approve, spam, trash):action>/<token>", "GET"): 400,
    ("/mail/comment/<any(approve, spam, trash):action>/<token>", "POST"): 400,
    ("/mail/confirm/<token>", "GET"): 400,
    ("/mail/confirm/<token>", "POST"): 400,
    ("/mail/unsubscribe/<token>", "GET"): 400,
    ("/mail/unsubscribe/<token>", "POST"): 400,
    # "Your data": the request form for everyone (an empty one is sent back); its mailed
    # link, forged here, is refused whoever opens it.
    ("/your-data/", "GET"): 200,
    ("/your-data/", "POST"): 400,
    ("/your-data/<token>", "GET"): 400,
    ("/your-data/<token>/download", "POST"): 400,
    # A commenter's own link: a forged key gets "This link does not work".
    ("/your-comment/<token>/", "GET"): 400,
    ("/your-comment/<token>/edit", "POST"): 400,
    ("/your-comment/<token>/withdraw", "POST"): 400,
    ("/your-data/<token>/erase", "POST"): 400,
}
# When no actor-specific answer is given for a route in a dict above.
DEFAULT = {
    ("/admin/login", "GET"): 200,
    ("/admin/login", "POST"): 400,
    ("/admin/logout", "POST"): 302,
    ("/admin/logout/everywhere", "POST"): 302,
    ("/admin/login/again", "GET"): 200,
    ("/admin/login/again", "POST"): 400,
}

# POSTs that do not use the site-wide CSRF check, and why.
CSRF_EXEMPT = {
    # Checks its own token, so an expired form answers 400 with the text kept.
    "comments.post_comment",
    # RFC 8058 one-click unsubscribe: mail clients POST without a session; the signed
    # token in the address authorizes it.
    "maillinks.unsubscribe",
}


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Return every rule with each method it answers (HEAD and OPTIONS aside)."""
    return [
        (rule, method)
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def url_values(app: Flask) -> dict[str, object]:
    """Return a real value for each argument a rule may take."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        return {
            "article_slug": HEROIN,
            "category_slug": db.session.scalar(select(Category.slug).order_by(Category.id)),
            "tag_slug": db.session.scalar(select(Tag.slug).order_by(Tag.id)),
            "year": article.published_at.year,
            "month": article.published_at.month,
            "day": article.published_at.day,
            "page": 1,
            "number": 1,
            "comment_id": add_comment(app),
            "user_id": db.session.scalar(select(User.id).order_by(User.id)),
            "article_id": article.id,
            "action": "approve",
            "change": "disable",
            "token": "forged",
            "filename": "style.css",
        }


def url_of(rule: Rule, values: dict[str, object]) -> str:
    """Fill this very rule (not just its endpoint) with real values."""
    slug = {"topics.category": "category_slug", "feeds.category": "category_slug"}
    chosen = {
        **values,
        "slug": values[
            slug.get(rule.endpoint, "tag_slug" if rule.endpoint == "topics.tag" else "article_slug")
        ],
    }
    needed = rule.arguments - (rule.defaults or {}).keys()
    unknown = needed - chosen.keys()
    assert not unknown, f"teach url_values a value for {unknown} in {rule.rule}"
    return rule.build({k: chosen[k] for k in needed}, append_unknown=False)[1]


def browsers(app: Flask, actor: str) -> Callable[[], FlaskClient]:
    """Return a maker of fresh browsers for this kind of visitor, each already set up."""
    if actor in STAFF:
        email = f"actor-{actor}@example.org"
        add_user(app, STAFF[actor], email=email)

    def fresh() -> FlaskClient:
        client = app.test_client()
        if actor in STAFF:
            Editor(client).login(email, STAFF_PASSWORD)
        elif actor == "commenter":
            # Saved details in a cookie, and a pending comment remembered by the session.
            Commenter(client).post(remember="y", email="cookie@example.net")
        return client

    return fresh


def expected(rule: Rule, method: str, actor: str) -> int | str:
    """Return the answer this visitor should get: a status, LOGIN, or "allowed"."""
    if rule.endpoint.startswith("admin."):
        if actor not in STAFF:
            return LOGIN
        return "allowed" if NEEDS[rule.endpoint] in ROLE_PERMISSIONS[STAFF[actor]] else 403
    answer = PUBLIC[(rule.rule, method)]
    if isinstance(answer, dict):
        return answer.get(actor, DEFAULT[(rule.rule, method)])
    return answer


def meets(response, wanted: int | str) -> bool:
    if wanted == LOGIN:
        return goes_to_login(response)
    if wanted == "allowed":
        return response.status_code in ALLOWED and not goes_to_login(response)
    return response.status_code == wanted


def test_every_route_is_in_a_table(app: Flask) -> None:
    pairs = routes(app)
    public = {(r.rule, m) for r, m in pairs if not r.endpoint.startswith("admin.")}
    assert public - PUBLIC.keys() == set(), "add these routes to PUBLIC with their answers"
    assert PUBLIC.keys() - public == set(), "these routes are gone: remove them from PUBLIC"
    admin = {r.endpoint for r, _ in pairs if r.endpoint.startswith("admin.")}
    assert admin - NEEDS.keys() == set(), "add these routes to NEEDS in test_login_roles.py"


@pytest.mark.parametrize("actor", ACTORS)
def test_each_visitor_gets_exactly_the_expected_answer_everywhere(app: Flask, actor: str) -> None:
    values, fresh = url_values(app), browsers(app, actor)
    wrong = []
    for rule, method in routes(app):
        # Each request from a fresh browser, so a logout or a forget does not change the next.
        client = fresh()
        url = url_of(rule, values)
        data = {"csrf_token": session_csrf_token(client)}
        response = client.open(url, method=method, data=data if method == "POST" else None)
        wanted = expected(rule, method, actor)
        if not meets(response, wanted):
            wrong.append(f"{method} {url}: wanted {wanted}, got {response.status_code}")
        response.close()
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("token", [None, "", "forged"], ids=["missing", "empty", "forged"])
def test_post_without_a_valid_csrf_token_is_refused_and_changes_nothing(
    app: Flask, actor: str, token: str | None
) -> None:
    values, client = url_values(app), browsers(app, actor)()
    before = (len(audit_rows(app)), len(comments_in_db(app)), client.get_cookie("comment_author"))
    wrong = []
    for rule, method in routes(app):
        if method != "POST" or rule.endpoint in CSRF_EXEMPT:
            continue
        url = url_of(rule, values)
        data = {} if token is None else {"csrf_token": token}
        response = client.post(url, data=data)
        if response.status_code != 400 or "security token" not in response.get_data(as_text=True):
            wrong.append(f"POST {url}: got {response.status_code}")
    after = (len(audit_rows(app)), len(comments_in_db(app)), client.get_cookie("comment_author"))
    assert not wrong, "\n".join(wrong)
    assert after == before
    if actor in STAFF:
        assert client.get("/admin/audit").status_code == 200, "the session must survive"


def test_comment_form_with_a_bad_token_is_sent_back_with_the_text_kept(app: Flask) -> None:
    client = app.test_client()
    response = client.post(
        f"/{HEROIN}/comments",
        data={"author": "Sam", "email": "sam@example.net", "comment": "Keep my words."},
    )
    shown = Commenter(client).sent_back(response)
    assert "Keep my words." in shown.get_data(as_text=True)
    assert comments_in_db(app) == []


def test_one_click_unsubscribe_needs_its_signed_token_not_a_csrf_token(app: Flask) -> None:
    response = app.test_client().post("/mail/unsubscribe/forged")
    assert response.status_code == 400
    assert "security token" not in response.get_data(as_text=True)
