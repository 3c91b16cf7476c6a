"""Store many comments at once, for tests and benchmarks about a large site.

One core INSERT run as executemany: the ORM one row at a time would take minutes for
100,000 comments. Every row shares one encrypted address, encrypted once.
"""

import itertools
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import Text, bindparam, insert, select

from cms.extensions import db
from cms.models import Article, Comment, CommentStatus
from cms.privacy.crypto import email_digest, encrypt

# A site a few years old: most comments approved, some waiting, some caught or thrown away.
MIX = (
    [CommentStatus.APPROVED] * 16
    + [CommentStatus.PENDING] * 2
    + [CommentStatus.SPAM]
    + [CommentStatus.TRASH]
)
BATCH = 5_000


def insert_comments(
    app: Flask,
    count: int,
    start: datetime,
    statuses: list[CommentStatus] = MIX,
    step: timedelta = timedelta(seconds=7),
) -> None:
    """Store ``count`` comments across the launch articles, one every ``step`` from ``start``."""
    with app.app_context():
        articles = list(db.session.scalars(select(Article.id)))
        email = "reader@example.net"
        statement = insert(Comment.__table__).values(author_email=bindparam("sealed", type_=Text))
        fixed = {"sealed": encrypt(email), "author_email_hash": email_digest(email)}
        rows = (
            {
                **fixed,
                "article_id": articles[n % len(articles)],
                "author_name": f"Reader {n}",
                "author_url": "",
                "author_ip": "192.0.2.1",
                "user_agent": "",
                "content_html": f"<p>Comment number {n} of the bulk load.</p>",
                "status": statuses[n % len(statuses)].value,
                "held_reason": "",
                "notify": False,
                "created_at": start + n * step,
            }
            for n in range(count)
        )
        while batch := list(itertools.islice(rows, BATCH)):
            db.session.execute(statement, batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk load: fresh statistics for the planner.
            db.session.connection().exec_driver_sql("ANALYZE comments")
            db.session.commit()
