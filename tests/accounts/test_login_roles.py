"""What each role may reach under /admin: every route, checked against the permission table.

The table below must name every admin endpoint; a new route fails the first test until it
is added here with the permission it needs, so no page can ship without a permission check.
"""

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from cms.extensions import db
from cms.models import Article, Permission, Role, User
from cms.models.users import ROLE_PERMISSIONS
from tests.support.html_page import page
from tests.support.people import Editor, add_user, csrf_token, staff_browser
from tests.support.site import EDITOR_EMAIL, HEROIN, add_comment, audit_rows

NEEDS = {
    "admin.dashboard": Permission.COMMENTS,
    "admin.comments": Permission.COMMENTS,
    "admin.act": Permission.COMMENTS,
    "admin.bulk": Permission.COMMENTS,
    "admin.edit_comment": Permission.COMMENTS,
    "admin.reply": Permission.COMMENTS,
    "admin.redact_comment": Permission.COMMENTS,
    "admin.choose_help_box": Permission.SETTINGS,
    "admin.audit": Permission.COMMENTS,
    "admin.articles": Permission.ARTICLES,
    "admin.set_comments_open": Permission.ARTICLES,
    "admin.new_article": Permission.ARTICLES,
    "admin.edit_article": Permission.ARTICLES,
    "admin.preview_article": Permission.ARTICLES,
    "admin.revisions": Permission.ARTICLES,
    "admin.compare_revisions": Permission.ARTICLES,
    "admin.restore_revision": Permission.ARTICLES,
    "admin.settings": Permission.SETTINGS,
    "admin.users": Permission.USERS,
    "admin.create_user": Permission.USERS,
    "admin.set_role": Permission.USERS,
    "admin.set_active": Permission.USERS,
    "admin.account": Permission.COMMENTS,
    "admin.enable_2fa": Permission.COMMENTS,
    "admin.disable_2fa": Permission.COMMENTS,
    "admin.recovery_codes": Permission.COMMENTS,
    "admin.change_password": Permission.COMMENTS,
    "admin.personal_data_page": Permission.ARTICLES,
    "admin.export_personal_data": Permission.ARTICLES,
    "admin.erase_personal_data": Permission.ARTICLES,
}
# Answers that mean "you may use this": a page, a redirect after an action, a form sent back.
ALLOWED = {200, 302, 303, 400}


def admin_routes(app: Flask) -> list[tuple[Rule, str]]:
    """Return every admin rule with each method it answers (HEAD and OPTIONS aside)."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")]
    return [
        (rule, method)
        for rule in sorted(rules, key=lambda r: r.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def url_of(app: Flask, rule: Rule) -> str:
    """Fill the rule's arguments with real rows, so a permitted request reaches its view."""
    with app.app_context():
        values = {
            "comment_id": add_comment(app),
            "user_id": db.session.scalar(select(User.id).where(User.email == EDITOR_EMAIL)),
            "article_id": db.session.scalar(select(Article.id).where(Article.slug == HEROIN)),
            "action": "approve",
            "change": "disable",
        }
    unknown = rule.arguments - values.keys()
    assert not unknown, f"teach url_of a value for {unknown} in {rule.rule}"
    with app.test_request_context():
        return app.url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})


def request(client: FlaskClient, method: str, url: str):
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    return client.open(url, method=method, data={"csrf_token": token})


def goes_to_login(response) -> bool:
    return (
        response.status_code == 302
        and urlsplit(response.headers["Location"]).path == "/admin/login"
    )


def test_every_admin_route_is_in_the_permission_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule, _ in admin_routes(app)}
    assert endpoints - NEEDS.keys() == set(), "add these routes to NEEDS with their permission"
    assert NEEDS.keys() - endpoints == set(), "these routes are gone: remove them from NEEDS"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_the_admin_routes_its_permissions_allow(
    app: Flask, role: Role
) -> None:
    browser = staff_browser(app, role, email=f"actor-{role.value}@example.org")
    wrong = []
    for rule, method in admin_routes(app):
        url = url_of(app, rule)
        before = len(audit_rows(app))
        response = request(browser.client, method, url)
        needs = NEEDS.get(rule.endpoint)
        if needs is None:
            wrong.append(f"{method} {url}: not in NEEDS")
        elif needs in ROLE_PERMISSIONS[role]:
            if response.status_code not in ALLOWED or goes_to_login(response):
                wrong.append(f"{method} {url}: allowed, got {response.status_code}")
        elif response.status_code != 403 or len(audit_rows(app)) != before:
            wrong.append(f"{method} {url}: forbidden, got {response.status_code}")
    assert wrong == []


def test_forbidden_page_says_so_in_the_site_layout(moderator: Editor) -> None:
    response = moderator.client.get("/admin/settings")
    assert response.status_code == 403
    assert "This page is for admins." in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_login_from_every_admin_route(app: Flask) -> None:
    client = app.test_client()
    wrong = []
    for rule, method in admin_routes(app):
        url = url_of(app, rule)
        before = len(audit_rows(app))
        response = request(client, method, url)
        if not goes_to_login(response) or len(audit_rows(app)) != before:
            wrong.append(f"{method} {url}: got {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (Role.MODERATOR, ["Dashboard", "Comments", "Audit log", "Your account"]),
        (
            Role.EDITOR,
            [
                "Dashboard",
                "Comments",
                "Manage articles",
                "Personal data",
                "Audit log",
                "Your account",
            ],
        ),
        (
            Role.ADMIN,
            [
                "Dashboard",
                "Comments",
                "Manage articles",
                "Personal data",
                "Audit log",
                "Settings",
                "Users",
                "Your account",
            ],
        ),
    ],
)
def test_staff_header_links_only_to_the_pages_the_role_may_open(
    app: Flask, role: Role, links: list[str]
) -> None:
    browser = staff_browser(app, role, email=f"actor-{role.value}@example.org")
    nav = page(browser.client.get("/")).find("nav")
    assert [a.text for a in nav.find_all("a")] == ["Articles", *links]
    for a in nav.find_all("a")[1:]:
        assert browser.client.get(a.attrs["href"]).status_code == 200


def test_staff_header_shows_how_many_comments_are_pending(app: Flask, moderator: Editor) -> None:
    assert page(moderator.client.get("/")).find("span", cls="badge") is None
    for _ in range(3):
        add_comment(app)
    badge = page(moderator.client.get("/admin/audit")).find("span", cls="badge")
    assert badge is not None and badge.text == "3 pending"
    assert badge.parent.attrs["href"] == "/admin/comments"


def test_visitors_get_no_staff_links_and_no_pending_count(app: Flask, reader) -> None:
    add_comment(app)
    nav = page(reader.article()).find("nav")
    assert [a.text for a in nav.find_all("a")] == ["Articles"]
    assert nav.find("span", cls="badge") is None


def test_disabled_account_cannot_log_in(app: Flask) -> None:
    add_user(app, Role.EDITOR, email="gone@example.org", disabled=True)
    browser = Editor(app.test_client())
    response = browser.login("gone@example.org", "a long staff password")
    assert response.status_code == 400
    assert "This account has been disabled by an administrator." in response.get_data(as_text=True)
    assert goes_to_login(browser.client.get("/admin/comments"))


@pytest.mark.parametrize("role", list(Role))
def test_logged_in_user_who_is_disabled_is_logged_out_on_the_next_request(
    app: Flask, role: Role
) -> None:
    browser = staff_browser(app, role, email="soon-gone@example.org")
    assert browser.client.get("/admin/audit").status_code == 200
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "soon-gone@example.org")).disabled = True
        db.session.commit()
    assert goes_to_login(browser.client.get("/admin/audit"))
    assert "Log out" not in browser.client.get("/").get_data(as_text=True)
