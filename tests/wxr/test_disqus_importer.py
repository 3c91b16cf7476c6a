"""Importing a Disqus export: real files from other projects' test data, and small ones
written from the format, each thread placed by its address or listed, never guessed."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.extensions import db
from cms.models import Article, AuditEvent, Comment, CommentStatus
from tests.support.wxr_support import run_import, wxr_file, wxr_item

DATA = Path(__file__).parents[1] / "data" / "disqus"
RADIO_T = wxr_item(229, "Podcast 229", "podcast-229", date="2011-03-05 10:00:00")

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
"""
THREAD = """<thread dsq:id="{id}"><id>{identifier}</id><forum>f</forum><link>{link}</link>
<title>T</title><createdAt>2020-01-01T00:00:00Z</createdAt></thread>
"""
POST = """<post dsq:id="{id}"><message><![CDATA[{message}]]></message>
<createdAt>{date}</createdAt><isDeleted>{deleted}</isDeleted><isSpam>{spam}</isSpam>{extra}
<author><email>{email}</email><name>{name}</name></author><ipAddress>10.0.0.{id}</ipAddress>
<thread dsq:id="{thread}"/>{parent}</post>
"""


def disqus(cli_app: Flask, path: Path) -> str:
    result = cli_app.test_cli_runner().invoke(args=["import-disqus", str(path)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _file(path: Path, *parts: str) -> Path:
    path.write_text(HEAD + "".join(parts) + "</disqus>\n", "utf-8")
    return path


def _thread(id: int, link: str, identifier: str = "") -> str:
    return THREAD.format(id=id, link=link, identifier=identifier)


def _post(
    id: int,
    thread: int,
    message: str = "Hi.",
    parent: int = 0,
    deleted: str = "false",
    spam: str = "false",
    extra: str = "",
    name: str = "Sam",
    email: str = "sam@example.net",
    date: str = "2020-02-01T10:00:00Z",
) -> str:
    return POST.format(
        id=id, thread=thread, message=message, deleted=deleted, spam=spam, extra=extra,
        name=name, email=email, date=date,
        parent=f'<parent dsq:id="{parent}"/>' if parent else "",
    )  # fmt: skip


def _comments(app: Flask, wp_id: int) -> list[Comment]:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.wp_id == wp_id))
        rows = db.session.scalars(
            select(Comment).where(Comment.article_id == article.id).order_by(Comment.created_at)
        ).all()
        db.session.expunge_all()
        return list(rows)


@pytest.fixture
def radio_t(app: Flask, tmp_path: Path) -> Flask:
    """A site that moved from WordPress at radio-t.com (whose permalinks were /p/Y/M/D/slug/)."""
    run_import(app, wxr_file(tmp_path / "wp.xml", RADIO_T, site="https://radio-t.com"))
    return app


def test_remark42s_export_lands_under_the_article_its_thread_names(radio_t: Flask) -> None:
    output = disqus(radio_t, DATA / "remark42-disqus.xml")
    stored = _comments(radio_t, 229)
    assert [(c.author_name, c.status) for c in stored] == [
        ("Alexander Blah", CommentStatus.APPROVED),
        ("mikhail", CommentStatus.APPROVED),
        ("Spam Noname", CommentStatus.SPAM),
    ]
    assert stored[0].author_email == "" and stored[1].author_email == "mihail.noname@gmail.com"
    assert stored[1].author_ip == "195.195.195.139"
    assert "Microsoft показал проводник Windows 8" in stored[1].content_html
    assert "Imported 3 comments under 1 article." in output
    with radio_t.app_context():
        records = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail).where(
                AuditEvent.comment_id.in_([c.id for c in stored])
            )
        ).all()
    assert [tuple(r) for r in records] == [("import", "Disqus import")] * 3
    # The other thread was on another site's address: listed, with its comment, not guessed.
    assert "http://radio-t.umputun.com/2011/03/229_8880.html: 1 comment" in output


def test_issos_export_places_nothing_it_cannot_place_and_says_so(radio_t: Flask) -> None:
    before = _comments(radio_t, 229)
    output = disqus(radio_t, DATA / "isso-disqus.xml")
    assert _comments(radio_t, 229) == before or len(_comments(radio_t, 229)) == len(before)
    assert "Nothing new to import" in output
    assert "Not imported: 3 comments on 2 threads" in output
    assert "(no address): 1 comment" in output


def test_a_second_run_adds_nothing(radio_t: Flask) -> None:
    disqus(radio_t, DATA / "remark42-disqus.xml")
    with radio_t.app_context():
        counts = [
            db.session.scalar(select(func.count()).select_from(m)) for m in (Comment, AuditEvent)
        ]
    output = disqus(radio_t, DATA / "remark42-disqus.xml")
    assert "Already here: 3 comments." in output
    with radio_t.app_context():
        assert [
            db.session.scalar(select(func.count()).select_from(m)) for m in (Comment, AuditEvent)
        ] == counts


@pytest.mark.parametrize(
    "link",
    [
        "https://radio-t.com/p/2011/03/05/podcast-229/",
        "http://www.radio-t.com/podcast-229/",
        "https://radio-t.com/?p=229",
        "https://radio-t.com/2011/03/podcast-229.html",
    ],
)
def test_a_thread_is_found_by_any_address_wordpress_served(
    radio_t: Flask, tmp_path: Path, link: str
) -> None:
    disqus(radio_t, _file(tmp_path / "d.xml", _thread(1, link), _post(11, 1, "Found me.")))
    assert [c.content_html for c in _comments(radio_t, 229)] == ["<p>Found me.</p>"]


def test_wordpress_plugin_identifiers_find_their_post(radio_t: Flask, tmp_path: Path) -> None:
    thread = _thread(1, "https://moved.example/elsewhere/", "229 https://radio-t.com/?p=229")
    disqus(radio_t, _file(tmp_path / "d.xml", thread, _post(11, 1, "By id.")))
    assert len(_comments(radio_t, 229)) == 1


def test_this_sites_own_addresses_find_their_article(app: Flask, tmp_path: Path) -> None:
    app.config["SITE_URL"] = "https://recovery.example"
    thread = _thread(1, "https://recovery.example/i-relapsed-on-heroin-now-what/")
    output = disqus(app, _file(tmp_path / "d.xml", thread, _post(11, 1, "Ours.")))
    assert "Imported 1 comment under 1 article." in output
    assert "Ours." in app.test_client().get("/i-relapsed-on-heroin-now-what/").get_data(
        as_text=True
    )


def test_states_threading_and_markup(radio_t: Flask, tmp_path: Path) -> None:
    link = "https://radio-t.com/podcast-229/"
    export = _file(
        tmp_path / "d.xml",
        _thread(1, link),
        _post(11, 1, "<p>Top.</p><h2>Shouted</h2><img src=x onerror=alert(1)>"),
        _post(12, 1, "Answer.", parent=11, date="2020-02-02T10:00:00Z"),
        _post(13, 1, "", deleted="true", date="2020-02-03T10:00:00Z"),
        _post(14, 1, "Waiting.", extra="<isApproved>false</isApproved>", name="", email="",
              date="2020-02-04T10:00:00Z"),
        _post(15, 1, "Early reply.", parent=16, date="2020-02-05T10:00:00Z"),
        _post(16, 1, "Its parent, later in the file.", date="2020-02-01T09:00:00Z"),
    )  # fmt: skip
    disqus(radio_t, export)
    stored = {c.author_ip.rsplit(".", 1)[1]: c for c in _comments(radio_t, 229)}
    assert stored["11"].content_html == "<p>Top.</p>\n<p>Shouted</p>"
    assert stored["12"].parent_id == stored["11"].id
    assert stored["13"].status == CommentStatus.TRASH
    assert (stored["14"].status, stored["14"].author_name) == (CommentStatus.PENDING, "Anonymous")
    assert stored["15"].parent_id == stored["16"].id
    html = radio_t.test_client().get("/podcast-229/").get_data(as_text=True)
    assert "onerror" not in html and "Waiting." not in html


def test_a_file_that_is_not_a_disqus_export_is_refused(app: Flask, tmp_path: Path) -> None:
    for text in ("<rss/>", "<disqus", '<!DOCTYPE d [<!ENTITY e "x">]><disqus>&e;</disqus>'):
        path = tmp_path / "bad.xml"
        path.write_text(text)
        result = app.test_cli_runner().invoke(args=["import-disqus", str(path)])
        assert result.exit_code != 0 and "Disqus export" in result.output


def test_a_thread_after_its_posts_still_places_them(radio_t: Flask, tmp_path: Path) -> None:
    later = _thread(2, "https://radio-t.com/nowhere/")
    thread = _thread(1, "https://radio-t.com/podcast-229/")
    posts = _post(21, 1, "Before my thread."), _post(22, 2)
    export = _file(tmp_path / "d.xml", *posts, thread, later)
    output = disqus(radio_t, export)
    assert [c.content_html for c in _comments(radio_t, 229)] == ["<p>Before my thread.</p>"]
    # The thread no article answers is listed by its address, not as "(no address)".
    assert "https://radio-t.com/nowhere/: 1 comment" in output and "(no address)" not in output
