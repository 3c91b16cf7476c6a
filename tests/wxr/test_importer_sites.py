"""Imports keyed by the site they came from: two blogs into one site, comments without ids,
and moves between two sites of ours, each run again adding nothing."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article, Comment, CommentStatus
from cms.wxr.reader import NotAnExport, read
from tests.support.site import HEROIN, add_comment
from tests.support.wxr_support import run_import, wxr_comment, wxr_file, wxr_item
from tests.wxr.test_exporter import export


def _counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Article)),
            db.session.scalar(select(func.count()).select_from(Comment)),
        )


def _blog(tmp_path: Path, name: str, site: str) -> Path:
    # Both blogs number their first post 1 and its comments 1 and 2, as WordPress does.
    item = wxr_item(
        1,
        f"Hello from {name}",
        f"hello-{name}",
        comments=(wxr_comment(1, f"First on {name}."), wxr_comment(2, "A reply.", parent=1)),
    )
    return wxr_file(tmp_path / f"{name}.xml", item, site=site)


def test_two_blogs_with_the_same_ids_both_come_in_whole(app: Flask, tmp_path: Path) -> None:
    before = _counts(app)
    run_import(app, _blog(tmp_path, "north", "https://north.example.org"))
    second = run_import(app, _blog(tmp_path, "south", "https://south.example.org/"))
    assert "Imported 1 post, 0 pages, 2 comments" in second
    assert _counts(app) == (before[0] + 2, before[1] + 4)
    for name in ("north", "south"):
        shown = app.test_client().get(f"/hello-{name}/").get_data(as_text=True)
        assert f"First on {name}." in shown and "A reply." in shown


def test_each_blog_run_again_adds_nothing(app: Flask, tmp_path: Path) -> None:
    north = _blog(tmp_path, "north", "https://north.example.org")
    south = _blog(tmp_path, "south", "https://south.example.org")
    for export_file in (north, south):
        run_import(app, export_file)
    counts = _counts(app)
    # The same blog's address written another way is the same blog.
    again = _blog(tmp_path, "north", "http://www.north.example.org/")
    for export_file in (again, south):
        assert "Nothing new to import" in run_import(app, export_file)
    assert _counts(app) == counts


def test_replies_link_within_their_own_blog(app: Flask, tmp_path: Path) -> None:
    run_import(app, _blog(tmp_path, "north", "https://north.example.org"))
    run_import(app, _blog(tmp_path, "south", "https://south.example.org"))
    with app.app_context():
        for reply in db.session.scalars(select(Comment).where(Comment.parent_id.is_not(None))):
            assert db.session.get(Comment, reply.parent_id).article_id == reply.article_id


def test_comments_without_ids_are_all_kept_and_not_repeated(app: Flask, tmp_path: Path) -> None:
    comments = (
        wxr_comment(None, "One.", author="Ann"),
        wxr_comment(None, "Two.", author="Bo"),
        wxr_comment(None, "Three.", author="Ann", date="2020-05-03 09:00:00"),
    )
    export_file = wxr_file(tmp_path / "x.xml", wxr_item(3, "No ids", "no-ids", comments=comments))
    assert "3 comments" in run_import(app, export_file)
    counts = _counts(app)
    assert "Nothing new to import" in run_import(app, export_file)
    assert _counts(app) == counts


def _our_site_with_a_comment(app: Flask) -> None:
    add_comment(app, "Moving with us.", status=CommentStatus.APPROVED, slug=HEROIN)


def test_a_move_between_two_sites_of_ours_keeps_one_of_each_launch_article(
    app: Flask, tmp_path: Path, fresh_database
) -> None:
    from tests.support.site import make_app

    _our_site_with_a_comment(app)
    moved = tmp_path / "ours.xml"
    export(app, moved)
    # A second site of ours, set up with the launch articles, takes the first one's export.
    other = make_app(fresh_database())
    output = run_import(other, moved)
    assert "Already here: 2 posts" in output
    with other.app_context():
        slugs = list(db.session.scalars(select(Article.slug)))
        assert sorted(slugs) == sorted(set(slugs)) and not any(s.endswith("-2") for s in slugs)
    assert "Moving with us." in other.test_client().get(f"/{HEROIN}/").get_data(as_text=True)
    assert "Nothing new to import" in run_import(other, moved)


def test_a_site_importing_its_own_export_adds_nothing(app: Flask, tmp_path: Path) -> None:
    _our_site_with_a_comment(app)
    own = tmp_path / "own.xml"
    export(app, own)
    counts = _counts(app)
    assert "Nothing new to import" in run_import(app, own)
    assert _counts(app) == counts


@pytest.mark.parametrize("version", ["one point two", "1.2beta", "", "1..2"])
def test_a_wxr_version_that_is_not_a_number_is_refused(tmp_path: Path, version: str) -> None:
    path = wxr_file(tmp_path / "x.xml", wxr_item(1))
    path.write_text(
        path.read_text().replace(">1.2</wp:wxr_version>", f">{version}</wp:wxr_version>")
    )
    with pytest.raises(NotAnExport):
        read(path)


def test_an_export_that_names_no_site_is_keyed_by_its_files_name(
    app: Flask, tmp_path: Path
) -> None:
    before = _counts(app)
    for name in ("first.xml", "second.xml"):
        path = wxr_file(tmp_path / name, wxr_item(1, f"From {name}", name.replace(".", "-")))
        # No link, base_blog_url or base_site_url: nothing says which site it was.
        text = path.read_text()
        for tag in ("link", "wp:base_site_url", "wp:base_blog_url"):
            text = text.replace(f"<{tag}>https://old.example.org</{tag}>", "")
        path.write_text(text)
        output = run_import(app, path)
        assert "Imported 1 post" in output and f"file's name, '{name}'" in output
    # Two such files with the same ids both come in whole; each again adds nothing.
    assert _counts(app) == (before[0] + 2, before[1])
    assert "Nothing new to import" in run_import(app, tmp_path / "first.xml")
