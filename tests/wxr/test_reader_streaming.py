"""The WordPress import streams its file: memory does not grow with the export's size."""

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article, Comment
from cms.wxr.importer import import_document
from cms.wxr.reader import read
from tests.support.wxr_support import empty_app

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>kim</wp:author_login>
<wp:author_display_name>Kim Writer</wp:author_display_name></wp:author>
"""
POST = """<item><title>Day {n}</title><dc:creator>kim</dc:creator>
<content:encoded><![CDATA[<p>Day {n} of staying clean. {filler}</p>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>day-{n}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
"""
COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author>Reader {id}</wp:comment_author>
<wp:comment_author_email>reader{id}@example.net</wp:comment_author_email>
<wp:comment_date_gmt>2020-05-02 08:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Thank you, day {id}. {filler}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
"""
FILLER = "One more day, and the next one. " * 8
COMMENTS_PER_POST = 4
POSTS = 30
# Small batches, so the small files here span many of them as a large export would.
BATCH = 6


def _parent(post: int, k: int, posts: int) -> int:
    """Each comment answers the one before it in its post (WordPress threads stay within a
    post; the very first of post 1 names one in the last post, and so stands alone)."""
    first = post * COMMENTS_PER_POST
    if post == 1 and k == 0:
        return posts * COMMENTS_PER_POST
    return first + k - 1 if k else 0


def _export(posts: int) -> Iterator[str]:
    yield HEAD
    for n in range(1, posts + 1):
        yield POST.format(n=n, filler=FILLER)
        for k in range(COMMENTS_PER_POST):
            wp_id = n * COMMENTS_PER_POST + k
            yield COMMENT.format(id=wp_id, parent=_parent(n, k, posts), filler=FILLER)
        yield "</item>\n"
    yield "</channel></rss>\n"


def write_export(path: Path, posts: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(_export(posts))
    return path


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[callable]:
    """Make apps on new, empty databases; close them after."""
    made: list[Flask] = []

    def make(name: str) -> Flask:
        made.append(empty_app(tmp_path / f"{name}.sqlite3"))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def peak_of_import(app: Flask, export: Path) -> int:
    """Import the file; return the peak of Python's allocations during it, in bytes."""
    with app.app_context():
        tracemalloc.start()
        try:
            import_document(read(export), batch_size=BATCH)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def stored(app: Flask) -> tuple[int, int, int]:
    """Count imported articles, comments, and replies linked to their parent."""
    with app.app_context():
        count = lambda *where: db.session.scalar(select(func.count()).where(*where))  # noqa: E731
        return (
            count(Article.wp_id.is_not(None)),
            count(Comment.wp_id.is_not(None)),
            count(Comment.parent_id.is_not(None)),
        )


@pytest.mark.sqlite_only
def test_importing_four_times_the_posts_takes_no_more_memory(
    tmp_path: Path, fresh: callable
) -> None:
    small = write_export(tmp_path / "small.xml", POSTS)
    large = write_export(tmp_path / "large.xml", 4 * POSTS)
    # A first import warms the caches (SQL compilation, the sanitizer) both would share.
    peak_of_import(fresh("warm"), write_export(tmp_path / "warm.xml", BATCH))
    small_app, large_app = fresh("small"), fresh("large")
    small_peak, large_peak = peak_of_import(small_app, small), peak_of_import(large_app, large)
    assert large.stat().st_size > 3.9 * small.stat().st_size
    assert large_peak <= 1.5 * small_peak, (small_peak, large_peak)
    every = COMMENTS_PER_POST * 4 * POSTS
    assert stored(large_app) == (4 * POSTS, every, every - 4 * POSTS)


@pytest.mark.sqlite_only
def test_a_second_streamed_import_adds_nothing(tmp_path: Path, fresh: callable) -> None:
    export = write_export(tmp_path / "export.xml", 3 * BATCH + 5)
    app = fresh("site")
    for _ in range(2):
        with app.app_context():
            summary = import_document(read(export), batch_size=BATCH)
    every = COMMENTS_PER_POST * (3 * BATCH + 5)
    assert stored(app) == (3 * BATCH + 5, every, every - (3 * BATCH + 5))
    assert summary.lines()[0] == "Nothing new to import: everything in this file is already here."
