"""Older WordPress.com exports use prefixes they never declare (atom:, georss:): they import
as WordPress imports them, still with no DTD, entity or network reached."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article
from cms.wxr.reader import NotAnExport, read
from tests.support.wxr_support import WXR_HEAD, run_import, wxr_item

# As WordPress.com wrote them around 2011: atom:link in the channel, never declared.
OLD_HEAD = WXR_HEAD.replace(
    "<wp:wxr_version>",
    '<atom:link rel="search" type="application/opensearchdescription+xml" '
    'href="https://old.example.org/osd.xml" title="Old blog" />\n'
    '<atom:link rel="hub" href="https://old.example.org/?pushpress=hub"/>\n<wp:wxr_version>',
)


def _write(path: Path, head: str, *items: str) -> Path:
    text = head.format(site="https://old.example.org") + "".join(items)
    path.write_text(text + "</channel></rss>")
    return path


def test_an_undeclared_atom_prefix_is_read_and_every_item_imported(
    app: Flask, tmp_path: Path
) -> None:
    export = _write(tmp_path / "old.xml", OLD_HEAD, wxr_item(7, "Seven", "seven"))
    document = read(export)
    assert document.undeclared == ("atom",) and document.item_count == 1
    assert "Imported 1 post" in run_import(app, export)
    assert app.test_client().get("/seven/").status_code == 200


def test_several_undeclared_prefixes_inside_items_and_on_one_line(tmp_path: Path) -> None:
    item = wxr_item(8, "Eight", "eight", extra="<georss:point>1 2</georss:point>")
    one_line = (OLD_HEAD + item).replace("\n", " ")
    document = read(_write(tmp_path / "line.xml", one_line))
    assert set(document.undeclared) == {"atom", "georss"}
    assert [i.title for i in document.items] == ["Eight"]


def test_an_undeclared_excerpt_prefix_still_gives_the_excerpt(tmp_path: Path) -> None:
    head = OLD_HEAD.replace(' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"', "")
    item = wxr_item(9, "Nine", "nine").replace(
        "<excerpt:encoded><![CDATA[]]>", "<excerpt:encoded><![CDATA[Short.]]>"
    )
    assert [i.excerpt for i in read(_write(tmp_path / "x.xml", head, item)).items] == ["Short."]


@pytest.mark.parametrize(
    "broken",
    [
        # A DTD with an entity is refused, repaired prefixes or not.
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><rss><channel><atom:x/>'
        "</channel></rss>",
        # Not well-formed past the prefix: still refused, with the parser's reason.
        "<rss><channel><atom:link></channel></rss>",
        # Readable once its prefix is declared, but no export: no WXR version in it.
        '<rss><channel><a xmlns:q="urn:q"/><q:b/></channel></rss>',
    ],
    ids=["dtd", "unclosed", "no-wxr-version"],
)
def test_files_that_are_still_not_exports_are_refused(tmp_path: Path, broken: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(broken)
    with pytest.raises(NotAnExport):
        read(path)


def test_a_file_with_endless_undeclared_prefixes_is_refused(tmp_path: Path) -> None:
    items = "".join(f"<p{n}:x/>" for n in range(40))
    path = _write(tmp_path / "many.xml", OLD_HEAD, items)
    with pytest.raises(NotAnExport):
        read(path)


def test_nothing_is_stored_from_a_refused_file(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<rss><channel><atom:link></channel></rss>")
    result = app.test_cli_runner().invoke(args=["import-wxr", str(path)])
    assert result.exit_code != 0 and "not a readable WordPress export" in result.output
    with app.app_context():
        assert db.session.scalar(select(Article).where(Article.wp_id.is_not(None))) is None


@pytest.mark.parametrize(
    ("title", "encoding", "newline"),
    [
        # expat counts columns in characters: the cut must not fall short of the tag.
        ("日本語のブログ" * 20, "utf-8", " "),
        ("Café déjà vu " * 20, "iso-8859-1", " "),
        # Old Mac files end lines with a CR alone, which expat counts as a line.
        ("Old blog", "utf-8", "\r"),
        ("Old blog", "utf-8", "\r\n"),
    ],
)
def test_an_undeclared_prefix_is_found_whatever_the_text_and_line_ends_before_it(
    tmp_path: Path, title: str, encoding: str, newline: str
) -> None:
    head = OLD_HEAD.replace("<title>Old blog</title>", f"<title>{title}</title>")
    head = head.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    text = (head + wxr_item(8, "Eight", "eight")).format(site="https://old.example.org")
    path = tmp_path / "old.xml"
    path.write_bytes((text + "</channel></rss>").replace("\n", newline).encode(encoding))
    document = read(path)
    assert document.undeclared == ("atom",)
    assert [i.title for i in document.items] == ["Eight"]
