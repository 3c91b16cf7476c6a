"""A fresh benchmark site: the launch articles plus three with 0, 100 and 1,000 approved comments.

Everything goes through the app's own code: the migrations (`setup_database`), the article
save path (`articles.save`) and the comment sanitizer (`clean_comment`), so the stored HTML is
what real posts would have stored.
"""

import random
from datetime import timedelta

from flask import Flask

from cms.articles import saving as articles
from cms.cli import setup_database
from cms.extensions import db
from cms.html.sanitize import clean_comment
from cms.models import Article, ArticleStatus, Comment, CommentStatus, utcnow

# Comment counts of the three benchmark articles, by slug.
SIZES = {"bench-0": 0, "bench-100": 100, "bench-1000": 1000}
WORDS = (
    "relapse recovery meeting sponsor craving honest day week month year again family "
    "friend trust shame hope sleep work tired morning night call talk listen help clinic "
    "counsellor methadone naloxone group step steps slowly gently kind patient forgive "
    "myself yourself because when after before still never always sometimes really just "
    "the a and to of in it that was is for on with my your we you they not but so"
).split()


def sentence(rng: random.Random) -> str:
    """Return one plausible sentence of 3 to 12 words."""
    words = rng.choices(WORDS, k=rng.randint(3, 12))
    return " ".join(words).capitalize() + rng.choice(".!?.")


def comment_text(rng: random.Random) -> str:
    """Return a comment as people write them: mostly a line or two, now and then a long one."""
    sentences = rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 6, 9))
    text = [sentence(rng) for _ in range(sentences)]
    if sentences > 4:
        text.insert(sentences // 2, "\n\n")
    return " ".join(text)


def add_article(slug: str, body: str) -> Article:
    """Create one published article through the app's save path."""
    fields = articles.Fields(
        title=f"Benchmark article {slug}",
        body_markdown=body,
        slug=slug,
        status=ArticleStatus.PUBLISHED,
        published_at=utcnow() - timedelta(days=1),
    )
    return articles.save(Article(), None, fields)


def add_comments(article: Article, count: int, rng: random.Random) -> None:
    """Store ``count`` approved comments, a fifth of them replies, oldest first."""
    start = utcnow() - timedelta(hours=count + 1)
    ids: list[int] = []
    for n in range(count):
        parent = rng.choice(ids) if ids and rng.random() < 0.2 else None
        comment = Comment(
            article=article,
            parent_id=parent,
            author_name=rng.choice(("Sam", "Alex R.", "Jo", "Chris", "Morgan", "Dee")),
            author_email=f"reader{n}@example.net",
            content_html=clean_comment(comment_text(rng)),
            status=CommentStatus.APPROVED,
            created_at=start + timedelta(hours=n),
        )
        db.session.add(comment)
        db.session.flush()
        ids.append(comment.id)


def seed(app: Flask) -> None:
    """Migrate a new database and add the benchmark articles and their comments."""
    rng = random.Random(6)
    with app.app_context():
        setup_database()
        body = db.session.get(Article, 1).body_markdown
        for slug, count in SIZES.items():
            add_comments(add_article(slug, body), count, rng)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
