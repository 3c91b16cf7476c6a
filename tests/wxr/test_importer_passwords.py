"""A WordPress post with a password is never public here: imported private, and its
password kept for the export, on the theme unit test file and on small files."""

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, ArticleStatus
from cms.wxr.reader import read
from tests.support.html_page import page
from tests.support.people import Editor
from tests.support.wxr_support import (
    imported_site_fixture,
    run_import,
    wxr_comment,
    wxr_file,
    wxr_item,
)

site = imported_site_fixture()
SECRET = "Only for those with the word"
PROTECTED = wxr_item(
    40,
    "Members only",
    slug="members-only",
    content=f"<p>{SECRET}.</p>",
    extra="<wp:post_password><![CDATA[open sesame]]></wp:post_password>",
    comments=(wxr_comment(400, "A reply only members saw."),),
)


def _protected(app: Flask, tmp_path: Path) -> str:
    return run_import(app, wxr_file(tmp_path / "protected.xml", PROTECTED))


def test_a_password_protected_post_is_imported_private_with_its_password(
    app: Flask, tmp_path: Path
) -> None:
    output = _protected(app, tmp_path)
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.wp_id == 40))
        assert (article.status, article.post_password) == (ArticleStatus.PRIVATE, "open sesame")
    assert "Kept 1 post private that had a password on WordPress" in output


def test_nothing_of_a_protected_post_reaches_readers(app: Flask, tmp_path: Path) -> None:
    _protected(app, tmp_path)
    client = app.test_client()
    for path in ("/members-only/", "/?p=40", "/2020/05/01/members-only/"):
        assert client.get(path).status_code == 404, path
    for path in ("/", "/feed/", "/comments/feed/", "/sitemap.xml", "/search/?q=members"):
        shown = client.get(path).get_data(as_text=True)
        assert SECRET not in shown and "Members only" not in shown, path
        assert "only members saw" not in shown, path


def test_staff_can_still_read_it(app: Flask, tmp_path: Path) -> None:
    _protected(app, tmp_path)
    with app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.wp_id == 40))
    editor = Editor(app.test_client())
    editor.login()
    preview = editor.client.get(f"/admin/articles/{article_id}/preview")
    assert preview.status_code == 200 and SECRET in preview.get_data(as_text=True)


def test_the_export_gives_wordpress_the_password_and_a_published_status(
    app: Flask, tmp_path: Path
) -> None:
    _protected(app, tmp_path)
    out = tmp_path / "out.xml"
    app.test_cli_runner().invoke(args=["export-wxr", str(out)])
    item = next(i for i in read(out).items if i.wp_id == 40)
    assert (item.password, item.status) == ("open sesame", "publish")


def test_the_theme_unit_tests_protected_post_and_its_comments_stay_hidden(site: Flask) -> None:
    client = site.test_client()
    assert client.get("/template-password-protected/").status_code == 404
    with site.app_context():
        article = db.session.scalar(
            select(Article).where(Article.slug == "template-password-protected")
        )
        assert article.status == ArticleStatus.PRIVATE and article.post_password
        texts = [c.content_html for c in article.comments]
    feed = client.get("/comments/feed/").get_data(as_text=True)
    index = page(client.get("/")).text
    assert texts and not any(text[:40] in feed for text in texts)
    assert "Template: Password Protected" not in index


def test_the_summary_names_protected_posts_and_pages_apart(app: Flask, tmp_path: Path) -> None:
    page = wxr_item(41, "Members page", "members-page", type="page", extra=(
        "<wp:post_password>sesame</wp:post_password>"
    ))  # fmt: skip
    output = run_import(app, wxr_file(tmp_path / "both.xml", PROTECTED, page))
    assert "Kept 1 page and 1 post private that had a password on WordPress" in output


def test_a_protected_post_still_to_come_is_exported_as_future(app: Flask, tmp_path: Path) -> None:
    future = PROTECTED.replace("<wp:status>publish</wp:status>", "<wp:status>future</wp:status>")
    future = future.replace("2020-05-01 10:00:00", "2999-05-01 10:00:00")
    run_import(app, wxr_file(tmp_path / "future.xml", future))
    out = tmp_path / "out.xml"
    app.test_cli_runner().invoke(args=["export-wxr", str(out)])
    item = next(i for i in read(out).items if i.wp_id == 40)
    assert (item.password, item.status) == ("open sesame", "future")
