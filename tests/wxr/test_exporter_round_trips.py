"""Moves between sites of ours: what came from WordPress or Disqus keeps its keys through our
own export, so importing it back, into the same site or through another, adds nothing."""

from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article, Comment
from tests.support.site import make_app
from tests.support.wxr_support import run_import, wxr_comment, wxr_file, wxr_item
from tests.wxr.test_disqus_importer import _file, _post, _thread, disqus
from tests.wxr.test_exporter import export


def _counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Article)),
            db.session.scalar(select(func.count()).select_from(Comment)),
        )


def _threads(app: Flask) -> set[tuple[str, str, str]]:
    """Every reply as (its article, its text, its parent's text)."""
    with app.app_context():
        return {
            (c.article.slug, c.content_html, db.session.get_one(Comment, c.parent_id).content_html)
            for c in db.session.scalars(select(Comment).where(Comment.parent_id.is_not(None)))
        }


def _moved_in(app: Flask, tmp_path: Path) -> None:
    """Two WordPress blogs with the same ids, comments without ids, and Disqus's comments."""
    for name in ("north", "south"):
        comments = (
            wxr_comment(1, f"First on {name}."),
            wxr_comment(2, f"A reply on {name}.", parent=1),
            wxr_comment(None, f"No id on {name}.", author="Bo"),
        )
        post = wxr_item(1, f"Hello from {name}", f"hello-{name}", comments=comments)
        parent = wxr_item(4, f"About {name}", f"about-{name}", type="page")
        child = wxr_item(5, f"Team {name}", f"team-{name}", type="page", extra=(
            "<wp:post_parent>4</wp:post_parent>"
        ))  # fmt: skip
        site = f"https://{name}.example.org"
        run_import(app, wxr_file(tmp_path / f"{name}.xml", post, parent, child, site=site))
    posts = (_post(100, 1, "On Disqus."), _post(101, 1, "A Disqus reply.", parent=100))
    thread = _thread(1, "https://north.example.org/hello-north/")
    disqus(app, _file(tmp_path / "disqus.xml", thread, *posts))


def test_a_site_importing_its_own_export_adds_nothing_it_had_imported(
    app: Flask, tmp_path: Path
) -> None:
    _moved_in(app, tmp_path)
    counts, threads = _counts(app), _threads(app)
    export(app, tmp_path / "own.xml")
    assert "Nothing new to import" in run_import(app, tmp_path / "own.xml")
    assert _counts(app) == counts and _threads(app) == threads


def test_a_move_through_a_second_site_and_back_adds_nothing(
    app: Flask, tmp_path: Path, fresh_database
) -> None:
    _moved_in(app, tmp_path)
    counts, threads = _counts(app), _threads(app)
    assert len(threads) == 3
    export(app, tmp_path / "first.xml")
    second = make_app(fresh_database(), SITE_URL="https://second.example.net")
    run_import(second, tmp_path / "first.xml")
    assert _threads(second) == threads
    with second.app_context():
        team = db.session.scalar(select(Article).where(Article.slug == "team-south"))
        assert db.session.get_one(Article, team.parent_id).slug == "about-south"
    export(second, tmp_path / "second.xml")
    assert "Nothing new to import" in run_import(second, tmp_path / "second.xml")
    assert "Nothing new to import" in run_import(app, tmp_path / "second.xml")
    assert _counts(app) == counts and _threads(app) == threads
    # And the Disqus export run again on the second site finds its comments there.
    assert "Nothing new to import" in disqus(second, tmp_path / "disqus.xml")
