"""The import-wxr and export-wxr commands: what an operator sees, and what they leave behind."""

import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article, Comment

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Day one</title><dc:creator>kim</dc:creator>
<content:encoded><![CDATA[Still here.]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>5</wp:post_id><wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>day-one</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>50</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_email>ann@example.net</wp:comment_author_email>
<wp:comment_date_gmt>2020-05-02 08:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Thank you.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent></wp:comment></item>
</channel></rss>
"""


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_import_says_what_it_brought_in_and_the_article_is_on_the_site(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(EXPORT, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-wxr", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importing" in result.output
    assert "Imported 1 post, 0 pages, 1 comment, 0 categories, 0 tags." in result.output
    shown = app.test_client().get("/day-one/").get_data(as_text=True)
    assert "Still here." in shown and "Thank you." in shown


@pytest.mark.parametrize(
    "content",
    [
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel/></rss>',
        '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>',
        "<rss><channel><item>not closed</channel></rss>",
        "<html><body>Not an export</body></html>",
    ],
)
def test_a_file_that_is_not_a_safe_export_is_refused_and_changes_nothing(
    app: Flask, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content)
    result = app.test_cli_runner().invoke(args=["import-wxr", str(path)])
    assert result.exit_code == 1
    assert "not a" in result.output and "WordPress export" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 2


def test_import_of_a_missing_file_is_refused_before_anything_runs(
    app: Flask, tmp_path: Path
) -> None:
    result = app.test_cli_runner().invoke(args=["import-wxr", str(tmp_path / "nowhere.xml")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert (count(app, Article), count(app, Comment)) == (2, 0)


def test_export_writes_a_file_only_its_owner_can_read_and_says_to_keep_it_private(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "site.xml"
    result = app.test_cli_runner().invoke(args=["export-wxr", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Exported 2 articles to {path}.",
        "It holds commenters' emails and IP addresses: keep it private.",
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in path.read_text(encoding="utf-8")
