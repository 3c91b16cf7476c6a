"""Importing a WordPress export: the real theme unit test file, and small hostile ones."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from cms.articles.publishing import is_public_clause
from cms.extensions import db
from cms.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    AuditEvent,
    Category,
    Comment,
    CommentStatus,
    Tag,
)
from cms.wxr.importer import import_document
from cms.wxr.reader import read
from tests.support.executable import page_problems
from tests.support.html_page import page, parse_html
from tests.support.people import Editor
from tests.support.site import make_app, set_discussion
from tests.support.wxr_support import (
    THEME_FILE,
    imported_site_fixture,
    imported_template,
    run_import,
)

THEME_SUMMARY = [
    "Imported 58 posts, 21 pages, 33 comments, 68 categories, 110 tags.",
    "Also added 4 tags that posts use but the file omits.",
    "Skipped 107: 37 attachment (not a post or page); 70 nav_menu_item (not a post or page).",
    "Kept 1 post private that had a password on WordPress: this site has no post passwords, "
    "so only staff read them here. An export gives WordPress the passwords back.",
]


# The site with the theme unit test export imported into it.
site = imported_site_fixture()


def _count(app: Flask, query) -> int:
    with app.app_context():
        return db.session.scalar(query)


def _imported(model, *where):
    return select(func.count()).select_from(model).where(model.wp_id.is_not(None), *where)


def test_import_of_the_theme_unit_test_says_what_it_imported_and_skipped(
    template_database: Path,
) -> None:
    _, output = imported_template(template_database)
    assert output.splitlines()[-4:] == THEME_SUMMARY


@pytest.mark.parametrize(
    ("what", "query", "expected"),
    [
        ("posts", _imported(Article, Article.kind == ArticleKind.POST), 58),
        ("pages", _imported(Article, Article.kind == ArticleKind.PAGE), 21),
        ("comments", _imported(Comment), 33),
        ("pending comments", _imported(Comment, Comment.status == CommentStatus.PENDING), 3),
        ("replies", _imported(Comment, Comment.parent_id.is_not(None)), 10),
        ("import records", select(func.count()).where(AuditEvent.action == "import"), 33),
    ],
)
def test_stored_counts_match_the_export(site: Flask, what: str, query, expected: int) -> None:
    assert _count(site, query) == expected, what


def test_every_category_and_tag_the_file_defines_is_stored_with_its_parent(site: Flask) -> None:
    with site.app_context():
        slugs = set(db.session.scalars(select(Category.slug)))
        child = db.session.scalar(select(Category).where(Category.slug == "child-category-01"))
        parent = db.session.get(Category, child.parent_id)
        tag = db.session.scalar(select(Tag).where(Tag.slug == "8bit"))
    assert {"aciform", "parent-category", "child-category-03"} <= slugs
    assert parent.slug == "parent-category"
    assert tag.name == "8BIT"


@pytest.mark.parametrize(
    ("wp_id", "status", "public"),
    [
        (1241, ArticleStatus.PUBLISHED, True),  # "Template: Sticky" (publish)
        (1153, ArticleStatus.PUBLISHED, False),  # "Scheduled" (future, 2030)
        (1164, ArticleStatus.DRAFT, False),  # "Draft" (draft, no slug)
    ],
)
def test_wordpress_statuses_become_ours(
    site: Flask, wp_id: int, status: ArticleStatus, public: bool
) -> None:
    with site.app_context():
        article = db.session.scalar(select(Article).where(Article.wp_id == wp_id))
        slug = article.slug
    assert article.status == status
    assert site.test_client().get(f"/{slug}/").status_code == (200 if public else 404)


def test_an_empty_wordpress_slug_is_made_from_the_title(site: Flask) -> None:
    with site.app_context():
        assert db.session.scalar(select(Article.slug).where(Article.wp_id == 1164)) == "draft"


def test_percent_encoded_slugs_are_stored_as_their_characters(site: Flask) -> None:
    with site.app_context():
        slugs = set(db.session.scalars(select(Article.slug)))
    # The Greek slug "%ce%b5%cf%80%ce%af…-2" of the file, decoded and kept as WordPress had it.
    assert {"επίπεδο-2", "επίπεδο-3"} <= slugs
    # The address WordPress served, percent-encoded in either case, is the article's own.
    client = site.test_client()
    encoded = "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2"
    for address in (f"/{encoded}/", f"/{encoded.upper()}/"):
        assert client.get(address).status_code == 200


def _public_slugs(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Article.slug).where(is_public_clause())))


def test_every_public_article_renders_and_nothing_else_does(site: Flask) -> None:
    client = site.test_client()
    public = _public_slugs(site)
    with site.app_context():
        hidden = db.session.scalars(select(Article.slug).where(~is_public_clause())).all()
    # The launch articles, the published posts but the password-protected one, the pages.
    assert len(public) == 2 + 55 + 21
    assert {slug: client.get(f"/{slug}/").status_code for slug in public} == dict.fromkeys(
        public, 200
    )
    assert hidden and all(client.get(f"/{slug}/").status_code == 404 for slug in hidden)


def _approved(app: Flask) -> list[Comment]:
    with app.app_context():
        rows = db.session.scalars(
            select(Comment)
            .join(Comment.article)
            .where(Comment.status == CommentStatus.APPROVED, is_public_clause())
        ).all()
        for row in rows:
            _ = row.article.slug
        db.session.expunge_all()
        return list(rows)


def test_every_approved_comment_shows_in_its_thread_under_its_parent(site: Flask) -> None:
    set_discussion(site, thread_depth=10)
    client = site.test_client()
    pages = {}
    for comment in _approved(site):
        slug = comment.article.slug
        doc = pages.setdefault(slug, page(client.get(f"/{slug}/")))
        item = doc.by_id(f"comment-{comment.id}")
        assert item is not None, f"comment {comment.wp_id} is missing from /{slug}/"
        if comment.parent_id:
            parent = doc.by_id(f"comment-{comment.parent_id}")
            # Under its parent, or beside it once the parent is at the depth limit.
            expected = parent.parent.parent if "depth-10" in parent.classes else parent
            assert item.parent.parent is expected, comment.wp_id


def test_pending_comments_are_in_the_queue_and_on_no_public_page(
    site: Flask, template_database: Path
) -> None:
    client = site.test_client()
    with site.app_context():
        pending = db.session.scalars(
            select(Comment).where(Comment.status == CommentStatus.PENDING)
        ).all()
        found = {(c.id, c.article.slug) for c in pending}
    editor = Editor(site.test_client())
    editor.login()
    queue = page(editor.queue())
    for comment_id, slug in found:
        assert page(client.get(f"/{slug}/")).by_id(f"comment-{comment_id}") is None
        assert str(comment_id) in {row.attrs.get("value") for row in queue.find_all("input")}, (
            comment_id
        )


def test_no_commenter_email_appears_on_any_public_page(site: Flask) -> None:
    with site.app_context():
        emails = {e for e in db.session.scalars(select(Comment.author_email)) if e}
    client = site.test_client()
    assert emails
    for path in ["/", *(f"/{slug}/" for slug in _public_slugs(site))]:
        html = client.get(path).get_data(as_text=True).lower()
        assert not [e for e in emails if e.lower() in html], path


def test_a_second_import_adds_nothing_and_says_so(site: Flask) -> None:
    with site.app_context():
        before = [db.session.scalar(select(func.count()).select_from(m)) for m in MODELS]
    output = run_import(site)
    with site.app_context():
        after = [db.session.scalar(select(func.count()).select_from(m)) for m in MODELS]
    assert after == before
    assert "Nothing new to import: everything in this file is already here." in output
    assert "Already here: 58 posts, 21 pages, 33 comments, 68 categories, 110 tags." in output


MODELS = (Article, Comment, Category, Tag, AuditEvent)

# A small export, WXR 1.1 style, with the namespace of that version.
SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel><wp:wxr_version>1.1</wp:wxr_version>
<wp:author><wp:author_login>kim</wp:author_login>
<wp:author_display_name>Kim Writer</wp:author_display_name></wp:author>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><dc:creator>kim</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2020-05-01 10:00:00</wp:post_date>
<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>{type}</wp:post_type>{comments}</item>"""

COMMENT = """<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>{author}</wp:comment_author>
<wp:comment_author_email>x@example.net</wp:comment_author_email>
<wp:comment_date_gmt>2020-05-02 08:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>{type}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def _export(tmp_path: Path, *items: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(SMALL.format(items="".join(items)), encoding="utf-8")
    return path


def _item(
    wp_id: int,
    title: str = "Hello",
    slug: str = "",
    content: str = "",
    comments=(),
    status: str = "publish",
    type: str = "post",
) -> str:
    return ITEM.format(
        wp_id=wp_id,
        title=title,
        slug=slug,
        content=content,
        comments="".join(comments),
        status=status,
        type=type,
    )


def _comment(wp_id: int, content: str, author: str = "Ann", type: str = "", parent: int = 0) -> str:
    return COMMENT.format(wp_id=wp_id, content=content, author=author, type=type, parent=parent)


def _article(app: Flask, wp_id: int) -> Article:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.wp_id == wp_id))
        db.session.expunge_all()
        return article


def test_a_wxr_1_1_file_imports_with_local_date_byline_and_slugs(
    app: Flask, tmp_path: Path
) -> None:
    export = _export(
        tmp_path,
        _item(1, "Same Title", content="One.\n\nTwo."),
        _item(2, "Same Title"),
        _item(3, ""),
        _item(4, "Taken", slug="i-relapsed-on-heroin-now-what"),
    )
    output = run_import(app, export)
    assert "Imported 4 posts, 0 pages, 0 comments, 0 categories, 0 tags." in output
    first = _article(app, 1)
    assert (first.slug, first.author_name, str(first.published_at)) == (
        "same-title",
        "Kim Writer",
        "2020-05-01 10:00:00",
    )
    assert first.body_html == "<p>One.</p>\n<p>Two.</p>"
    assert _article(app, 2).slug == "same-title-2"
    assert _article(app, 3).slug == "untitled-3"
    assert _article(app, 4).slug == "i-relapsed-on-heroin-now-what-2"


HOSTILE = [
    '<script>alert("x")</script>Hi',
    '<a href="javascript:alert(1)">click</a>',
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
]


@pytest.mark.parametrize("markup", HOSTILE)
def test_hostile_markup_is_cleaned_in_posts_and_comments(
    app: Flask, tmp_path: Path, markup: str
) -> None:
    run_import(app, _export(tmp_path, _item(7, content=markup, comments=[_comment(70, markup)])))
    article = _article(app, 7)
    with app.app_context():
        stored = db.session.scalar(select(Comment.content_html).where(Comment.wp_id == 70))
    for html in (parse_html(article.body_html), parse_html(stored)):
        assert not _runnable(html), markup
    # The page as a whole may load the site's own /static/ scripts, and nothing else.
    assert page_problems(app.test_client().get(f"/{article.slug}/").get_data(as_text=True)) == []


def _runnable(doc) -> list[str]:
    """List what in a parsed page could run: script-like elements, handlers, script links."""
    found = []
    for element in doc.iter():
        if element.tag in ("script", "iframe", "object", "embed"):
            found.append(element.tag)
        for name, value in element.attrs.items():
            if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                found.append(f"{element.tag} {name}")
    return found


def test_pingbacks_come_over_and_unknown_comment_types_are_skipped(
    app: Flask, tmp_path: Path
) -> None:
    comments = [_comment(80, "Linked", type="pingback"), _comment(81, "Bought", type="order")]
    output = run_import(app, _export(tmp_path, _item(8, comments=comments)))
    assert "Skipped 1: 1 comment of type 'order'." in output
    with app.app_context():
        assert list(db.session.scalars(select(Comment.wp_id).where(Comment.wp_id >= 80))) == [80]


def test_other_items_and_their_comments_are_skipped_with_the_reason(
    app: Flask, tmp_path: Path
) -> None:
    export = _export(
        tmp_path,
        _item(9, type="attachment", status="inherit", comments=[_comment(90, "Nice photo")]),
        _item(10, status="trash"),
        _item(11, type="page", status="private"),
    )
    output = run_import(app, export)
    assert "Imported 0 posts, 1 page, 0 comments, 0 categories, 0 tags." in output
    assert (
        "Skipped 3: 1 attachment (not a post or page); 1 comment on a skipped attachment; "
        "1 post with status 'trash'." in output
    )
    assert _article(app, 11).status == ArticleStatus.PRIVATE


def test_the_shipped_copy_of_the_export_is_the_real_file() -> None:
    assert THEME_FILE.stat().st_size > 500_000
    assert make_app  # the imported fixtures build on the same factory as every test


# --- replies whose parents go round in a circle ---

LOOPS = {
    # WordPress comment id -> the id its parent field names.
    "its own parent": {81: 81},
    "a pair": {81: 82, 82: 81},
    "a ring of three": {81: 82, 82: 83, 83: 81},
}


@pytest.mark.parametrize("parents", LOOPS.values(), ids=LOOPS.keys())
def test_a_cycle_of_parents_is_broken_on_import_and_the_summary_says_so(
    app: Flask, tmp_path: Path, parents: dict[int, int]
) -> None:
    replies = [_comment(n, f"Loop {n}", parent=p) for n, p in parents.items()]
    chain = [_comment(90, "Top"), _comment(91, "Answer", parent=90)]
    output = run_import(app, _export(tmp_path, _item(8, comments=[*replies, *chain])))
    assert "Re-rooted 1 comment whose parents went round in a circle" in output
    with app.app_context():
        stored = {c.wp_id: c for c in db.session.scalars(select(Comment).where(Comment.wp_id > 0))}
        wp_id_of = {c.id: c.wp_id for c in stored.values()}
    # The first of the cycle in the file starts a thread; the others still answer theirs.
    assert stored[81].parent_id is None
    for wp_id, parent in parents.items():
        if wp_id != 81:
            assert wp_id_of[stored[wp_id].parent_id] == parent
    # A thread without a cycle is left as it was.
    assert stored[91].parent_id == stored[90].id
    shown = app.test_client().get(f"/{_article(app, 8).slug}/").get_data(as_text=True)
    assert all(f"Loop {n}" in shown for n in parents)


def test_a_cycle_across_batches_is_broken_too(app: Flask, tmp_path: Path) -> None:
    # Each item its own batch, one post twice in the file (hand-joined exports have them):
    # the second link is made at the end, from the unlinked list.
    export = _export(
        tmp_path,
        _item(8, comments=[_comment(81, "Loop 81", parent=92)]),
        _item(8, comments=[_comment(92, "Loop 92", parent=81)]),
    )
    with app.app_context():
        summary = import_document(read(str(export)), batch_size=1)
        parents = dict(db.session.execute(select(Comment.wp_id, Comment.parent_id)).all())
        ids = dict(db.session.execute(select(Comment.wp_id, Comment.id)).all())
    assert summary.rerooted == 1
    assert parents[81] is None and parents[92] == ids[81]


def test_an_import_without_cycles_says_nothing_of_them(app: Flask, tmp_path: Path) -> None:
    chain = [_comment(90, "Top"), _comment(91, "Answer", parent=90)]
    output = run_import(app, _export(tmp_path, _item(8, comments=chain)))
    assert "Re-rooted" not in output


def test_ids_past_the_databases_integer_or_in_other_digits_import_without_a_traceback(
    app: Flask, tmp_path: Path
) -> None:
    huge, past_64_bits = str(2**63), str(2**70)
    export = _export(
        tmp_path,
        _item(huge, "Huge id", comments=[_comment(past_64_bits, "Past 64 bits.", parent="²")]),
        _item(8, "Plain id", comments=[_comment(80, "Plain.", parent=past_64_bits)]),
    )
    output = run_import(app, export)
    assert "Imported 2 posts, 0 pages, 2 comments" in output
    with app.app_context():
        texts = db.session.scalars(select(Comment.content_html)).all()
        parents = db.session.scalars(
            select(Comment.parent_id).where(Comment.content_html.contains("Past"))
        ).all()
    assert any("Past 64 bits." in t for t in texts) and any("Plain." in t for t in texts)
    assert parents == [None]
