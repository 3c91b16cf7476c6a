"""The export shows in WordPress as it shows here: rendered HTML in content:encoded, the
Markdown kept for our own importer, and WordPress's own fields (parents, sticky posts,
pingbacks) carried both ways."""

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, Comment
from cms.wxr.importer import MARKDOWN_META
from cms.wxr.reader import read
from tests.support.html_page import page
from tests.support.site import HEROIN, make_app
from tests.support.wxr_support import run_import, wxr_comment, wxr_file, wxr_item
from tests.wxr.test_exporter import export


def _exported(app: Flask, tmp_path: Path) -> dict:
    out = tmp_path / "out.xml"
    export(app, out)
    return {item.slug: item for item in read(out).items}


def test_content_encoded_holds_the_html_readers_see_and_the_markdown_rides_along(
    app: Flask, tmp_path: Path
) -> None:
    item = _exported(app, tmp_path)[HEROIN]
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        assert item.content == article.body_html and "<h2>" in item.content
        assert "## " not in item.content
        assert item.meta[MARKDOWN_META] == article.body_markdown


def test_a_move_between_sites_of_ours_keeps_the_markdown_exactly(
    app: Flask, tmp_path: Path, fresh_database
) -> None:
    out = tmp_path / "out.xml"
    export(app, out)
    other = make_app(fresh_database())
    with other.app_context():
        db.session.execute(Article.__table__.delete())
        db.session.commit()
    run_import(other, out)
    with app.app_context():
        here = db.session.scalar(select(Article.body_markdown).where(Article.slug == HEROIN))
    with other.app_context():
        there = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        assert (there.body_markdown, there.source_format.value) == (here, "markdown")


def test_an_imported_posts_html_goes_back_as_wordpress_stored_it(
    app: Flask, tmp_path: Path
) -> None:
    source = "First line\nsecond line\n\n<em>Second</em> paragraph."
    run_import(app, wxr_file(tmp_path / "in.xml", wxr_item(3, "Old", "old", source)))
    item = _exported(app, tmp_path)["old"]
    assert item.content == source and MARKDOWN_META not in item.meta


def test_page_parents_sticky_posts_and_pingbacks_survive_import_and_export(
    app: Flask, tmp_path: Path
) -> None:
    pingback = wxr_comment(
        30, "[...] linked here [...]", author="Other Blog &raquo; Blog Archive", type="pingback"
    )
    export_file = wxr_file(
        tmp_path / "in.xml",
        wxr_item(10, "Parent", "parent", type="page"),
        wxr_item(11, "Child", "child", type="page", extra="<wp:post_parent>10</wp:post_parent>"),
        wxr_item(12, "Pinned", "pinned", date="2001-01-01 00:00:00",
                 extra="<wp:is_sticky>1</wp:is_sticky>", comments=(pingback,)),
    )  # fmt: skip
    run_import(app, export_file)
    with app.app_context():
        child = db.session.scalar(select(Article).where(Article.slug == "child"))
        parent = db.session.scalar(select(Article).where(Article.slug == "parent"))
        assert child.parent_id == parent.id
        stored = db.session.scalar(select(Comment).where(Comment.wp_id == 30))
        assert (stored.comment_type, stored.author_name) == (
            "pingback",
            "Other Blog » Blog Archive",
        )
    items = _exported(app, tmp_path)
    assert items["child"].parent == items["parent"].wp_id
    assert items["pinned"].sticky and not items["parent"].sticky
    assert [c.type for c in items["pinned"].comments] == ["pingback"]


def test_a_sticky_post_leads_the_front_page_however_old(app: Flask, tmp_path: Path) -> None:
    export_file = wxr_file(
        tmp_path / "in.xml",
        wxr_item(12, "Start here", "start-here", date="2001-01-01 00:00:00",
                 extra="<wp:is_sticky>1</wp:is_sticky>"),
    )  # fmt: skip
    run_import(app, export_file)
    titles = [a.text for a in page(app.test_client().get("/")).find_all("h2")]
    assert titles[0] == "Start here"
    feed = app.test_client().get("/feed/").get_data(as_text=True)
    # Feeds keep date order: the old post comes last.
    assert feed.index("Start here") > feed.rindex("<entry>")


def test_export_ids_stay_unique_when_two_blogs_shared_them(app: Flask, tmp_path: Path) -> None:
    for name in ("north", "south"):
        item = wxr_item(1, name, name, comments=(wxr_comment(1, f"On {name}."),))
        run_import(app, wxr_file(tmp_path / f"{name}.xml", item, site=f"https://{name}.example"))
    items = list(_exported(app, tmp_path).values())
    post_ids = [i.wp_id for i in items]
    comment_ids = [c.wp_id for i in items for c in i.comments]
    assert len(set(post_ids)) == len(post_ids) and len(set(comment_ids)) == len(comment_ids)


def test_auto_drafts_are_skipped_with_the_reason(app: Flask, tmp_path: Path) -> None:
    output = run_import(
        app, wxr_file(tmp_path / "in.xml", wxr_item(20, "Auto Draft", status="auto-draft"))
    )
    assert "auto-draft (a blank WordPress made, never written)" in output
    with app.app_context():
        assert db.session.scalar(select(Article).where(Article.wp_id == 20)) is None
