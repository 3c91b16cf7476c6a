"""The staff dashboard: what waits, comments per day as a chart, the most commented articles."""

from datetime import datetime, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from cms.extensions import db
from cms.models import utcnow
from tests.support.html_page import page
from tests.support.people import Editor
from tests.support.site import APPROVED, HEROIN, OPIOID, PENDING, SPAM, add_comment, article_id
from tests.support.smtp import SmtpServer


def days_ago(n: int, hour: int = 9) -> datetime:
    return datetime.combine(utcnow().date() - timedelta(days=n), time(hour))


def dashboard(browser: Editor):
    response = browser.client.get("/admin/")
    assert response.status_code == 200
    return page(response)


def test_dashboard_shows_how_many_comments_wait_and_links_to_the_queue(
    app: Flask, editor: Editor
) -> None:
    for _ in range(3):
        add_comment(app)
    add_comment(app, status=APPROVED)
    add_comment(app, status=SPAM)
    link = dashboard(editor).by_id("dashboard-pending")
    assert link.attrs["href"] == "/admin/comments"
    assert link.text == "3 comments are waiting in the queue"


def test_dashboard_is_for_staff_and_a_moderator_may_open_it(
    client: FlaskClient, moderator: Editor
) -> None:
    assert "/admin/login" in client.get("/admin/").headers["Location"]
    assert dashboard(moderator).find("h1").text == "Dashboard"


def test_without_a_mail_server_the_dashboard_says_mail_is_off_and_what_that_stops(
    editor: Editor,
) -> None:
    note = dashboard(editor).by_id("mail-status").text
    assert note.startswith("Mail is off.")
    for stopped in ("editors' notices", "“Notify me” box", "“Your data” page"):
        assert stopped in note


def test_with_a_mail_server_the_dashboard_says_nothing_of_mail(
    mailbox: SmtpServer, editor: Editor
) -> None:
    assert dashboard(editor).by_id("mail-status") is None


def test_comments_on_known_days_appear_in_their_bars_and_the_table(
    app: Flask, editor: Editor
) -> None:
    for hour in (1, 12, 23):
        add_comment(app, created_at=days_ago(2, hour))
    add_comment(app, status=APPROVED, created_at=days_ago(0))
    add_comment(app, created_at=days_ago(29))
    add_comment(app, created_at=days_ago(30))  # a day too old for the chart
    doc = dashboard(editor)
    bars = {r.attrs["data-day"]: int(r.attrs["data-count"]) for r in doc.find_all("rect", "bar")}
    today = utcnow().date()
    assert bars == {
        (today - timedelta(days=2)).isoformat(): 3,
        today.isoformat(): 1,
        (today - timedelta(days=29)).isoformat(): 1,
    }
    heights = {r.attrs["data-day"]: float(r.attrs["height"]) for r in doc.find_all("rect", "bar")}
    tallest = heights[(today - timedelta(days=2)).isoformat()]
    assert tallest == pytest.approx(3 * heights[today.isoformat()], abs=0.2)
    table = doc.by_id("comments-per-day")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 30
    by_day = {r.find("time").attrs["datetime"]: r.find("td").text for r in rows}
    assert by_day[(today - timedelta(days=2)).isoformat()] == "3"
    assert by_day[(today - timedelta(days=1)).isoformat()] == "0"


def test_the_chart_is_drawn_inline_with_accessible_text_and_no_inline_style(
    app: Flask, editor: Editor
) -> None:
    add_comment(app, created_at=days_ago(1))
    add_comment(app, created_at=days_ago(1, hour=10))
    response = editor.client.get("/admin/")
    doc = page(response)
    chart = doc.by_id("comments-chart")
    assert chart.tag == "svg" and chart.attrs["role"] == "img"
    names = [doc.by_id(i) for i in chart.attrs["aria-labelledby"].split()]
    assert [n.tag for n in names] == ["title", "desc"]
    assert names[0].text.startswith("Comments received per day")
    busiest = utcnow().date() - timedelta(days=1)
    assert f"2 comments in the last 30 days; the busiest day was {busiest:%B} {busiest.day}" in (
        names[1].text
    )
    assert not [e.tag for e in doc.iter() if "style" in e.attrs]
    assert doc.find("style") is None
    assert all(s.attrs.get("src", "").startswith("/static/") for s in doc.find_all("script"))
    assert "/static/admin.css" in [link.attrs["href"] for link in doc.find_all("link")]


def test_an_empty_chart_says_there_were_no_comments(editor: Editor) -> None:
    doc = dashboard(editor)
    assert doc.find_all("rect") == []
    assert doc.find("desc").text.startswith("0 comments in the last 30 days.")
    assert doc.find("section", "dashboard-top").find("p").text == (
        "No article has an approved comment yet."
    )


def test_most_commented_articles_count_approved_comments_busiest_first(
    app: Flask, editor: Editor
) -> None:
    for _ in range(3):
        add_comment(app, status=APPROVED, slug=OPIOID)
    add_comment(app, status=APPROVED, slug=HEROIN)
    for _ in range(5):
        add_comment(app, status=PENDING, slug=HEROIN)  # waiting: not counted
    items = dashboard(editor).by_id("most-commented").find_all("li")
    assert [i.find("span", "count").text for i in items] == ["3 comments", "1 comment"]
    first_links = [a.attrs["href"] for a in items[0].find_all("a")]
    opioid = article_id(app, OPIOID)
    assert first_links == [f"/{OPIOID}/", f"/admin/comments?status=approved&article={opioid}"]


def test_the_dashboard_costs_the_same_queries_however_many_comments(
    app: Flask, editor: Editor
) -> None:
    def queries() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            dashboard(editor)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    add_comment(app, status=APPROVED)
    few = queries()
    for n in range(30):
        slug = OPIOID if n % 2 else HEROIN
        add_comment(app, status=APPROVED, slug=slug, created_at=days_ago(n % 30))
    assert queries() == few
