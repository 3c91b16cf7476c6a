"""Exporting the site as WXR 1.2: readable by WordPress's importer and by ours, losslessly."""

import xml.etree.ElementTree as ET
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.html.sanitize import clean_comment
from cms.models import Article, Comment, CommentStatus
from cms.wxr.reader import read
from tests.support.site import HEROIN, add_comment
from tests.support.wxr_support import empty_app, imported_site_fixture, run_import

WP = "{http://wordpress.org/export/1.2/}"
CHANNEL_NAMESPACES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
}


# The site with the theme unit test export imported into it.
site = imported_site_fixture()


def export(app: Flask, path: Path) -> str:
    """Run `flask export-wxr` as an operator would; return what it printed."""
    result = app.test_cli_runner().invoke(args=["export-wxr", str(path)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def structure(element: ET.Element) -> tuple:
    """Return an element as nested tuples (tag, attributes, text, children), order kept."""
    children = tuple(structure(child) for child in element)
    return (element.tag, tuple(sorted(element.attrib.items())), element.text or "", children)


def without_date(path: Path) -> tuple:
    """The parsed export, less the one thing that may differ: when it was made."""
    channel = ET.parse(path).getroot().find("channel")
    channel.remove(channel.find("pubDate"))
    return structure(channel)


def test_export_is_wxr_1_2_with_wordpress_namespaces(site: Flask, tmp_path: Path) -> None:
    path = tmp_path / "site.xml"
    output = export(site, path)
    text = path.read_text(encoding="utf-8")
    root = ET.parse(path).getroot()
    assert output.startswith("Exported 81 articles")
    assert "keep it private" in output
    assert path.stat().st_mode & 0o077 == 0  # emails inside: its owner's eyes only
    assert root.tag == "rss" and root.get("version") == "2.0"
    for prefix, uri in CHANNEL_NAMESPACES.items():
        assert f'xmlns:{prefix}="{uri}"' in text
    channel = root.find("channel")
    assert channel.findtext(WP + "wxr_version") == "1.2"
    assert len(channel.findall("item")) == 81
    assert "<content:encoded><![CDATA[" in text


def test_round_trip_through_an_empty_site_loses_nothing(site: Flask, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    export(site, first)
    fresh = empty_app(tmp_path / "fresh.sqlite3")
    output = run_import(fresh, first)
    export(fresh, second)
    assert "Imported 60 posts, 21 pages, 33 comments" in output
    assert without_date(first) == without_date(second)


def test_every_stored_field_survives_the_round_trip(site: Flask, tmp_path: Path) -> None:
    first = tmp_path / "first.xml"
    export(site, first)
    fresh = empty_app(tmp_path / "fresh.sqlite3")
    run_import(fresh, first)
    assert _rows(fresh) == _rows(site)


def _rows(app: Flask) -> tuple[list, list]:
    """What each article and comment holds, less the local ids, keyed by slug and order."""
    with app.app_context():
        articles = [
            (a.slug, a.title, a.status, a.kind, a.author_name, a.excerpt, a.body_markdown,
             a.body_html, a.published_at, a.comments_open,
             [c.slug for c in a.categories], [t.slug for t in a.tags])
            for a in db.session.scalars(select(Article).order_by(Article.slug))
        ]  # fmt: skip
        stored = db.session.scalars(select(Comment).order_by(Comment.created_at, Comment.id)).all()
        # A reply is known by what it answers, since ids differ between the two sites.
        answers = {c.id: (c.author_name, c.created_at) for c in stored}
        comments = [
            (c.article.slug, c.author_name, c.author_email, c.author_url, c.author_ip,
             c.content_html, c.status, c.created_at, answers.get(c.parent_id))
            for c in stored
        ]  # fmt: skip
    return articles, comments


def test_comment_text_with_markup_and_cdata_ends_comes_back_the_same(
    app: Flask, tmp_path: Path
) -> None:
    tricky = 'Line one]]> still\n\n<strong>two</strong> <a href="https://x.example">x</a>'
    comment_id = add_comment(app, status=CommentStatus.APPROVED, slug=HEROIN)
    with app.app_context():
        db.session.get(Comment, comment_id).content_html = clean_comment(tricky)
        db.session.commit()
    path = tmp_path / "site.xml"
    export(app, path)
    fresh = empty_app(tmp_path / "fresh.sqlite3")
    run_import(fresh, path)
    with app.app_context():
        before = db.session.get(Comment, comment_id).content_html
    with fresh.app_context():
        after = db.session.scalars(select(Comment.content_html)).one()
    assert after == before


def test_articles_written_here_get_ids_after_the_imported_ones(site: Flask, tmp_path: Path) -> None:
    path = tmp_path / "site.xml"
    export(site, path)
    ids = {item.slug: item.wp_id for item in read(str(path)).items}
    with site.app_context():
        highest_imported = db.session.scalar(select(func.max(Article.wp_id)))
    assert len(set(ids.values())) == len(ids)
    assert ids[HEROIN] > highest_imported
