"""The storage layer: SQLite tuned for several writers, the schema's delete rules on both
databases, and indexes that serve the queries the site runs most."""

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from html import unescape

import click
import pytest
from flask import Flask
from sqlalchemy import Select, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from cms.comments.pages import approved_threads
from cms.database import engine_options, statement_timeout_ms
from cms.extensions import db
from cms.models import Article, Comment, CommentStatus, Subscription
from tests.support.site import (
    HEROIN,
    NOON,
    OPIOID,
    add_comment,
    article_id,
    comments_in_db,
    make_app,
)

HASH = "ab" * 32  # the shape of a keyed email hash

# --- SQLite's settings, read back from the connection ---


def pragma(app: Flask, name: str) -> object:
    with app.app_context():
        return db.session.execute(text(f"PRAGMA {name}")).scalar()


@pytest.mark.sqlite_only
def test_sqlite_connections_use_wal_foreign_keys_and_the_busy_timeout(app: Flask) -> None:
    assert pragma(app, "journal_mode") == "wal"
    assert pragma(app, "foreign_keys") == 1
    assert pragma(app, "synchronous") == 1  # NORMAL
    assert pragma(app, "busy_timeout") == app.config["SQLITE_BUSY_TIMEOUT_MS"] == 15_000


@pytest.mark.sqlite_only
def test_the_busy_timeout_is_a_setting(app_with: Callable[..., Flask]) -> None:
    assert pragma(app_with(SQLITE_BUSY_TIMEOUT_MS=2_500), "busy_timeout") == 2_500


# --- two writers at once ---

HOLD = 0.5  # seconds the first writer keeps its transaction open


def write_at_once(app: Flask) -> tuple[list[BaseException], float]:
    """Have two threads edit comments at once, the first holding its write transaction for
    HOLD seconds; return what they raised and how long the second one took."""
    first_id, second_id = add_comment(app, "First."), add_comment(app, "Second.")
    holding, errors, took = threading.Event(), [], []

    def write(comment_id: int, hold: bool) -> None:
        with app.app_context():
            try:
                if not hold:
                    holding.wait(5)
                started = time.monotonic()
                db.session.execute(
                    update(Comment).where(Comment.id == comment_id).values(author_name="Edited")
                )
                if hold:
                    holding.set()
                    time.sleep(HOLD)
                db.session.commit()
                took.append(time.monotonic() - started)
            except BaseException as error:  # reported to the test, not lost in the thread
                errors.append(error)
                holding.set()

    threads = [
        threading.Thread(target=write, args=(first_id, True)),
        threading.Thread(target=write, args=(second_id, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return errors, took[-1] if took else 0.0


@pytest.mark.sqlite_only
def test_a_second_writer_waits_for_the_first_instead_of_failing(app: Flask) -> None:
    errors, second_took = write_at_once(app)
    assert errors == []
    assert second_took >= HOLD * 0.8  # it waited for the first commit
    assert [c.author_name for c in comments_in_db(app)] == ["Edited", "Edited"]


@pytest.mark.sqlite_only
def test_without_a_busy_timeout_the_second_writer_would_fail(
    app_with: Callable[..., Flask],
) -> None:
    # The control for the test above: the wait comes from the busy timeout, nothing else.
    errors, _ = write_at_once(app_with(SQLITE_BUSY_TIMEOUT_MS=0))
    assert len(errors) == 1
    assert isinstance(errors[0], OperationalError)
    assert "database is locked" in str(errors[0])


# --- the schema's rules, kept by the database itself ---


def test_deleting_an_article_deletes_its_comments(app: Flask) -> None:
    first = add_comment(app, "On the article.")
    add_comment(app, "A reply.", parent=first)
    other = add_comment(app, "On another article.", slug=OPIOID)
    with app.app_context():
        db.session.delete(db.session.get(Article, article_id(app, HEROIN)))
        db.session.commit()
    assert [c.id for c in comments_in_db(app)] == [other]


def test_a_comment_on_no_article_is_refused(app: Flask) -> None:
    with app.app_context():
        db.session.add(Comment(article_id=999_999, author_name="Nobody", content_html="<p>x</p>"))
        with pytest.raises(IntegrityError):
            db.session.commit()


# --- indexes that serve the queries ---


@pytest.fixture
def busy_site(app: Flask) -> Flask:
    """The site with a few thousand comments the planner knows about: most of them approved
    on the other article, a few pending, every one from its own address."""
    other, rows = article_id(app, OPIOID), []
    for n in range(3_000):
        status = CommentStatus.PENDING if n % 100 == 0 else CommentStatus.APPROVED
        rows.append(
            {
                "article_id": other,
                "author_name": "Reader",
                "author_email": "",
                "author_email_hash": f"{n:064x}",
                "content_html": "<p>Thank you.</p>",
                "status": status,
                "created_at": NOON + timedelta(minutes=n),
            }
        )
    with app.app_context():
        db.session.execute(insert(Comment), rows)
        db.session.commit()
        # Table statistics, as a live site's autovacuum (PostgreSQL) or ANALYZE would keep.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    add_comment(app, "On the quiet article.", CommentStatus.APPROVED)
    return app


def plan(app: Flask, query: Select) -> str:
    """Return how the database would run a query: EXPLAIN QUERY PLAN or EXPLAIN."""
    with app.app_context():
        sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.name == "sqlite":
            explained = db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
            return "\n".join(row[-1] for row in explained)
        # Forbid reading a whole table, to see whether an index can serve the query at all.
        db.session.execute(text("SET enable_seqscan = off"))
        return "\n".join(db.session.scalars(text(f"EXPLAIN {sql}")))


def public_comments(app: Flask, threaded: bool) -> Select:
    # The statement is built once; the article is bound as each page runs it.
    return approved_threads(threaded).params(article=article_id(app))


def queue(status: CommentStatus = CommentStatus.PENDING) -> Select:
    # The queue's first page: a status, newest first (cms/admin/queue.py).
    order = (Comment.created_at.desc(), Comment.id.desc())
    return select(Comment).where(Comment.status == status).order_by(*order).limit(51)


QUERIES = {
    "public comments, flat": (
        lambda app: public_comments(app, False),
        "ix_comments_article_status_created",
    ),
    "public comments, threaded": (
        lambda app: public_comments(app, True),
        "ix_comments_article_status_created",
    ),
    "moderation queue": (lambda app: queue(), "ix_comments_status_created"),
    "comments by email hash": (
        lambda app: select(Comment).where(Comment.author_email_hash == HASH),
        "ix_comments_author_email_hash",
    ),
}


@pytest.mark.parametrize("query, index", QUERIES.values(), ids=QUERIES.keys())
def test_frequent_queries_use_an_index(busy_site: Flask, query, index: str) -> None:
    shown = plan(busy_site, query(busy_site))
    assert index in shown, shown


def test_a_subscription_is_found_by_its_email_hash_through_an_index(busy_site: Flask) -> None:
    shown = plan(busy_site, select(Subscription).where(Subscription.email_hash == HASH))
    # The unique constraint's own index, whose name each database chooses.
    assert "USING INDEX" in shown or "Index Scan" in shown, shown
    assert "email_hash" in shown, shown


# --- input PostgreSQL cannot hold ---


def test_a_nul_character_in_a_name_or_a_search_is_dropped_on_both_databases(
    app: Flask, commenter, editor
) -> None:
    # PostgreSQL refuses NUL in text outright; SQLite would keep it. Both must answer alike.
    assert commenter.post(author="Sam\x00my").status_code == 303
    assert comments_in_db(app)[-1].author_name == "Sammy"
    assert editor.client.get("/admin/comments", query_string={"q": "Sam\x00"}).status_code == 200


# --- PostgreSQL's statement timeout ---


@pytest.fixture
def impatient_pg_app(pg_databases) -> Flask:
    """An app on PostgreSQL whose statements may run for a fifth of a second."""
    return make_app(pg_databases(), DATABASE_STATEMENT_TIMEOUT_MS=200)


def test_a_statement_past_the_timeout_is_cancelled_on_postgresql(impatient_pg_app: Flask) -> None:
    started = time.monotonic()
    with impatient_pg_app.app_context(), pytest.raises(OperationalError, match="statement timeout"):
        db.session.execute(text("SELECT pg_sleep(5)"))
    assert time.monotonic() - started < 3


def test_a_page_whose_query_runs_too_long_answers_a_clean_503(impatient_pg_app: Flask) -> None:
    @impatient_pg_app.get("/slow")
    def slow() -> str:
        db.session.execute(text("SELECT pg_sleep(5)"))
        return "unreachable"

    started = time.monotonic()
    response = impatient_pg_app.test_client().get("/slow")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 503
    assert "The site is taking too long to answer right now." in html
    assert "pg_sleep" not in html and "QueryCanceled" not in html
    assert response.headers["Cache-Control"] == "private, no-store"
    assert time.monotonic() - started < 3
    # The same app goes on answering.
    assert impatient_pg_app.test_client().get("/").status_code == 200


def test_the_timeout_is_a_setting_and_zero_turns_it_off(pg_databases) -> None:
    for setting, shown in [(1_500, "1500ms"), (0, "0")]:
        app = make_app(pg_databases(), DATABASE_STATEMENT_TIMEOUT_MS=setting)
        with app.app_context():
            assert db.session.execute(text("SHOW statement_timeout")).scalar() == shown


def test_the_flask_commands_run_without_a_statement_timeout() -> None:
    config = {"DATABASE_STATEMENT_TIMEOUT_MS": 20_000}
    assert statement_timeout_ms(config) == 20_000
    with click.Context(click.Command("import")):
        assert statement_timeout_ms(config) == 0
    url = "postgresql+psycopg://cms@localhost/cms"
    assert engine_options(url, config)["connect_args"] == {"options": "-c statement_timeout=20000"}
    sqlite = engine_options("sqlite:///x", {**config, "SQLITE_BUSY_TIMEOUT_MS": 1_000})
    assert sqlite["connect_args"] == {"timeout": 1.0}
