"""Articles and comments as stored: defaults, the text kept beside the HTML, hashed addresses,
and what goes with an article or a comment when it is deleted."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import Article, ArticleKind, ArticleStatus, Comment, CommentStatus, utcnow
from cms.privacy.crypto import email_digest
from tests.support.factories import JAN_2025, add_article
from tests.support.site import HEROIN, add_comment, article_id, comments_in_db


def new_article(slug: str = "a-new-article", **fields: object) -> Article:
    """Return an unsaved article with only the fields no default fills."""
    values = {
        "slug": slug,
        "title": "A new article",
        "body_markdown": "Words.",
        "body_html": "<p>Words.</p>",
        "published_at": JAN_2025,
    }
    return Article(**{**values, **fields})


def test_a_new_article_is_a_published_post_open_for_comments(app: Flask) -> None:
    with app.app_context():
        article = new_article()
        db.session.add(article)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(Article, article.id)
        assert stored.status is ArticleStatus.PUBLISHED
        assert stored.kind is ArticleKind.POST
        assert stored.comments_open is True
        assert (stored.author_name, stored.excerpt, stored.author_id) == ("", "", None)
        assert stored.created_at <= stored.updated_at


def test_a_row_written_without_status_kind_or_byline_reads_as_a_published_post(
    app: Flask,
) -> None:
    # The database's own defaults, for rows that SQL (a migration, a bulk load) writes.
    now = utcnow()
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO articles (slug, title, excerpt, body_markdown, body_html,"
                " published_at, comments_open, created_at, updated_at)"
                " VALUES ('raw', 'Raw', '', 'x', '<p>x</p>', :at, :open, :at, :at)"
            ),
            {"at": now, "open": True},
        )
        db.session.commit()
        raw = db.session.scalar(select(Article).where(Article.slug == "raw"))
        assert (raw.status, raw.kind, raw.author_name) == (
            ArticleStatus.PUBLISHED,
            ArticleKind.POST,
            "",
        )


def test_the_stored_text_follows_the_html_however_it_is_set(app: Flask) -> None:
    html = '<p>Re<b>lapse</b> is <a href="https://example.org/x">not the end</a>.</p><p>Go on.</p>'
    with app.app_context():
        article = new_article(body_html=html)
        db.session.add(article)
        db.session.commit()
        query = text("SELECT body_text FROM articles WHERE id = :id")
        assert db.session.execute(query, {"id": article.id}).scalar() == (
            "Relapse is not the end. Go on."
        )
        article.body_html = "<h2>Changed</h2><p>words</p>"
        db.session.commit()
        assert db.session.execute(query, {"id": article.id}).scalar() == "Changed words"


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Day three", "Day three"),
        ("  Day three \n", "Day three"),
        ("", "(no title)"),
        (" ", "(no title)"),
    ],
)
def test_an_untitled_article_is_shown_as_wordpress_shows_it(title: str, shown: str) -> None:
    assert new_article(title=title).display_title == shown


def test_two_articles_cannot_share_an_address(app: Flask) -> None:
    with app.app_context():
        db.session.add(new_article(slug=HEROIN))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalars(select(Article.id).where(Article.slug == HEROIN)).all() == [
            article_id(app)
        ]


def test_saving_an_article_moves_its_updated_time_but_not_its_created_time(app: Flask) -> None:
    article = add_article(app, "Stamped")
    earlier = utcnow() - timedelta(days=3)
    with app.app_context():
        stored = db.session.get(Article, article)
        stored.created_at = stored.updated_at = earlier
        db.session.commit()
        stored.title = "Stamped again"
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(Article, article)
        assert stored.created_at == earlier
        assert stored.updated_at > earlier + timedelta(days=2)


def test_a_new_comment_waits_for_moderation_and_asks_for_no_mail(app: Flask) -> None:
    with app.app_context():
        comment = Comment(
            article_id=article_id(app),
            author_name="Sam",
            author_email="sam@example.net",
            content_html="<p>Hi.</p>",
        )
        db.session.add(comment)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(Comment, comment.id)
        assert stored.status is CommentStatus.PENDING
        assert stored.previous_status is None
        assert (stored.notify, stored.held_reason, stored.author_url, stored.author_ip) == (
            False,
            "",
            "",
            "",
        )


def test_a_comments_address_is_kept_encrypted_with_a_keyed_hash_beside_it(app: Flask) -> None:
    comment_id = add_comment(app, author_email="Relapse.Day3@Example.org")
    with app.app_context():
        raw = db.session.execute(
            text("SELECT author_email, author_email_hash FROM comments WHERE id = :id"),
            {"id": comment_id},
        ).one()
        assert "relapse" not in raw.author_email.lower()
        assert raw.author_email_hash == email_digest("relapse.day3@example.org")
        comment = db.session.get(Comment, comment_id)
        assert comment.author_email == "Relapse.Day3@Example.org"
        comment.author_email = "other@example.net"
        db.session.commit()
        assert comment.author_email_hash == email_digest("other@example.net")


def test_deleting_a_comment_leaves_its_replies_without_a_parent(app: Flask) -> None:
    parent = add_comment(app, "The question.")
    reply = add_comment(app, "The answer.", parent=parent)
    with app.app_context():
        db.session.execute(text("DELETE FROM comments WHERE id = :id"), {"id": parent})
        db.session.commit()
    assert [(c.id, c.parent_id) for c in comments_in_db(app)] == [(reply, None)]


def test_a_comment_taken_off_its_article_is_deleted(app: Flask) -> None:
    kept, dropped = add_comment(app, "Kept."), add_comment(app, "Dropped.")
    with app.app_context():
        article = db.session.get(Article, article_id(app))
        article.comments.remove(db.session.get(Comment, dropped))
        db.session.commit()
    assert [c.id for c in comments_in_db(app)] == [kept]


def test_an_articles_topics_are_listed_by_name(app: Flask) -> None:
    article = add_article(app, "Filed", categories=["Recovery", "Family"], tags=["sleep", "hope"])
    with app.app_context():
        stored = db.session.get(Article, article)
        assert [c.name for c in stored.categories] == ["Family", "Recovery"]
        assert [t.name for t in stored.tags] == ["hope", "sleep"]
