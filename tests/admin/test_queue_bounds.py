"""What one queue row costs: bounded work and output, whatever a stored comment holds."""

import bleach
import pytest
from flask import Flask
from sqlalchemy import select

from cms.admin.queue import ROW_CHARS
from cms.extensions import db
from cms.models import Article, Comment, CommentStatus
from tests.support.html_page import page
from tests.support.site import APPROVED, HEROIN, NOON, PENDING

# What an import or a copied database could hold, never having met the form's bound:
# 20,000 formatting elements left open, costing the sanitizer's parser many seconds.
NESTED = "<p>" + "<b>" * 20_000 + "Words at the bottom.</p>"
ROWS = 6


def store_raw(app: Flask, html: str, status: CommentStatus, count: int) -> None:
    """Store comments with this HTML through the model, as an import would, past the form."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        for n in range(count):
            db.session.add(
                Comment(
                    article=article,
                    author_name=f"Importer {n}",
                    author_email="imported@example.net",
                    content_html=html,
                    status=status,
                    created_at=NOON,
                )
            )
        db.session.commit()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the html5lib parses bleach makes (each clean or linkify is one), still running them."""
    calls: list[int] = []
    clean, linkify = bleach.sanitizer.Cleaner.clean, bleach.linkifier.Linker.linkify

    def counted_clean(self, text):  # noqa: ANN001, ANN202
        calls.append(len(text))
        return clean(self, text)

    def counted_linkify(self, text):  # noqa: ANN001, ANN202
        calls.append(len(text))
        return linkify(self, text)

    monkeypatch.setattr(bleach.sanitizer.Cleaner, "clean", counted_clean)
    monkeypatch.setattr(bleach.linkifier.Linker, "linkify", counted_linkify)
    return calls


@pytest.mark.parametrize("status", [PENDING, APPROVED])
def test_queue_page_of_deeply_nested_stored_comments_runs_no_html_parser(
    app, editor, parses, status
):
    store_raw(app, NESTED, status, ROWS)
    response = editor.queue(status.value)
    assert response.status_code == 200
    assert parses == []
    # Read as text: a tree of 20,000 nested elements is more than this test's parser takes.
    assert response.get_data(as_text=True).count("Words at the bottom.") == ROWS


def test_queue_row_shows_only_the_start_of_a_huge_comment_and_says_where_the_rest_is(app, editor):
    huge = "<p>" + "One day at a time. " * 20_000 + "The very end.</p>"
    store_raw(app, huge, APPROVED, ROWS)
    response = editor.queue("approved")
    # Each row is cut near ROW_CHARS, so the page does not grow with what is stored.
    assert len(response.get_data()) < ROWS * ROW_CHARS * 1.2
    for row in page(response).find_all("tr", cls="queue-row"):
        assert "The very end." not in row.find("div", cls="comment-content").text
        note = row.find("p", cls="cut-note")
        assert "longer than the queue shows (380,020 characters" in note.text
        assert note.find("a").attrs["href"].startswith("/admin/comments/")


def test_queue_row_of_an_ordinary_approved_comment_is_shown_whole_with_its_links(app, editor):
    store_raw(
        app, '<p>See <a href="https://example.org/" rel="nofollow">this</a>.</p>', APPROVED, 1
    )
    row = page(editor.queue("approved")).find("tr", cls="queue-row")
    assert row.find("a", cls=None).attrs.get("href") in ("https://example.org/", None)
    content = row.find("div", cls="comment-content")
    assert content.find("a").attrs["href"] == "https://example.org/"
    assert row.find("p", cls="cut-note") is None
