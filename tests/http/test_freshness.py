"""The public mark: which writes move it (and with it every page's ETag), and that it only grows."""

import time
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.http import freshness
from cms.models import Article, Comment, Setting, utcnow
from tests.support.factories import add_article
from tests.support.people import Commenter, Editor
from tests.support.site import APPROVED, HEROIN, PENDING, add_comment, set_discussion

ARTICLE = f"/{HEROIN}/"


def etag_of(app: Flask, url: str = ARTICLE) -> str:
    """Return the ETag a fresh anonymous reader gets for ``url``."""
    response = app.test_client().get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


def edit(app: Flask, model: type, row_id: int, **values: object) -> None:
    with app.app_context():
        row = db.session.get(model, row_id)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


def delete(app: Flask, model: type, row_id: int) -> None:
    with app.app_context():
        db.session.delete(db.session.get(model, row_id))
        db.session.commit()


def mark_of(app: Flask) -> int:
    """Return the stored public mark, as every public request reads it."""
    with app.app_context():
        return freshness.read_validator(db.session.connection())[0]


# --- every change a reader could see gives a new ETag, and shows at once ---


def test_approving_a_comment_changes_the_etag_and_shows_it(app: Flask, editor: Editor) -> None:
    comment = add_comment(app, "Held for a moment.")
    before = etag_of(app)
    editor.act(comment, "approve")
    response = app.test_client().get(ARTICLE)
    assert response.headers["ETag"] != before
    assert "Held for a moment." in response.get_data(as_text=True)


def test_unapproving_editing_and_deleting_a_comment_each_change_the_etag(app: Flask) -> None:
    comment = add_comment(app, "First words.", status=APPROVED)
    seen = {etag_of(app)}
    edit(app, Comment, comment, content_html="<p>Second words.</p>")
    assert etag_of(app) not in seen
    assert "Second words." in app.test_client().get(ARTICLE).get_data(as_text=True)
    seen.add(etag_of(app))
    edit(app, Comment, comment, status=PENDING)
    assert etag_of(app) not in seen
    assert "Second words." not in app.test_client().get(ARTICLE).get_data(as_text=True)
    edit(app, Comment, comment, status=APPROVED)
    seen.add(etag_of(app))
    delete(app, Comment, comment)
    assert etag_of(app) not in seen
    assert "Second words." not in app.test_client().get(ARTICLE).get_data(as_text=True)


def test_editing_an_article_or_publishing_a_new_one_changes_the_etag(app: Flask) -> None:
    before = {url: etag_of(app, url) for url in ("/", ARTICLE)}
    with app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.slug == HEROIN))
    edit(app, Article, article_id, title="A New Title")
    assert etag_of(app, ARTICLE) != before[ARTICLE]
    assert "A New Title" in app.test_client().get("/").get_data(as_text=True)
    add_article(app, "Brand New Post", published_at=utcnow() - timedelta(minutes=1))
    assert "Brand New Post" in app.test_client().get("/").get_data(as_text=True)


def test_a_scheduled_article_appears_when_its_time_comes(app: Flask) -> None:
    add_article(app, "Coming Soon", published_at=utcnow() + timedelta(seconds=3))
    before = etag_of(app, "/")
    assert "Coming Soon" not in app.test_client().get("/").get_data(as_text=True)
    time.sleep(3.1)
    response = app.test_client().get("/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert "Coming Soon" in response.get_data(as_text=True)


def test_a_discussion_setting_change_changes_the_etag(app: Flask) -> None:
    before = etag_of(app)
    set_discussion(app, threading=False)
    assert etag_of(app) != before


def test_pending_comments_leave_the_etag_alone(app: Flask, commenter: Commenter) -> None:
    before = etag_of(app)
    assert commenter.post(comment="Waiting my turn.").status_code == 303
    add_comment(app, "Another waiting.", status=PENDING)
    assert etag_of(app) == before


# --- the mark itself ---


def test_the_mark_only_grows_even_when_moved_twice_at_once(app: Flask) -> None:
    before = mark_of(app)
    with app.app_context():
        freshness.bump(db.session)
        first = freshness.read_validator(db.session.connection())[0]
        freshness.bump(db.session)
        second = freshness.read_validator(db.session.connection())[0]
        db.session.commit()
    assert before < first < second
    assert mark_of(app) == second
    # It stands for a time: the moment of the change, in microseconds since 1970.
    assert abs(freshness.from_us(second) - utcnow()) < timedelta(seconds=5)


def test_a_change_rolled_back_leaves_the_mark_where_it_was(app: Flask) -> None:
    before = mark_of(app)
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        article.title = "Never saved"
        db.session.flush()
        assert freshness.read_validator(db.session.connection())[0] > before
        db.session.rollback()
    assert mark_of(app) == before


def test_the_validator_names_the_newest_publication_the_public_can_see(app: Flask) -> None:
    shown = utcnow().replace(microsecond=0) - timedelta(minutes=1)
    add_article(app, "Out now", published_at=shown)
    add_article(app, "Out tomorrow", published_at=utcnow() + timedelta(days=1))
    with app.app_context():
        _, newest = freshness.read_validator(db.session.connection())
    assert newest == shown


def read_both(app: Flask) -> tuple[tuple, tuple]:
    """Return the validator as the views read it, and as the fast path reads it."""
    with app.app_context():
        core = freshness.read_validator(db.session.connection())
        connection = db.engine.raw_connection()
        try:
            plain = freshness.read_validator_plain(connection, db.engine.dialect)
        finally:
            connection.close()
    return core, plain


def test_the_fast_paths_plain_query_reads_what_the_views_read(app: Flask) -> None:
    add_article(app, "Out now", published_at=utcnow() - timedelta(seconds=30))
    add_article(app, "Out tomorrow", published_at=utcnow() + timedelta(days=1))
    core, plain = read_both(app)
    assert plain == core
    assert isinstance(plain[1], type(core[1]))


def test_the_plain_query_reads_no_mark_as_zero_as_the_views_do(app: Flask) -> None:
    with app.app_context():
        mark = db.session.scalar(select(Setting).where(Setting.key == freshness.KEY))
        if mark is not None:
            db.session.delete(mark)
            db.session.commit()
    core, plain = read_both(app)
    assert plain == core and plain[0] == 0
