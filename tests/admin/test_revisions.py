"""Earlier versions of an article (list, compare, restore) and its old addresses (301)."""

from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import ArticleStatus, Revision, SlugRedirect
from tests.articles.test_saving import edit_url, stored, write
from tests.support.html_page import page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, HEROIN, audit_rows, user_id

TITLE = "I Relapsed On Heroin, Now What?"


def edit(editor: Editor, app: Flask, which: str = HEROIN, **fields: object):
    """Save the form of the article now at slug ``which`` with only the named fields changed."""
    url = edit_url(app, which)
    doc = page(editor.client.get(url))
    current = {
        name: doc.by_id(name).attrs.get("value", "")
        for name in ("title", "slug", "categories", "tags", "author", "publish_date")
    }
    current["publish_time"] = doc.by_id("publish_time").attrs.get("value", "")
    current["excerpt"] = doc.by_id("excerpt").raw_text.removeprefix("\r\n")
    current["body"] = doc.by_id("body").raw_text.removeprefix("\r\n")
    return write(editor, url, **{**current, **fields})


def revisions_of(app: Flask, slug: str = HEROIN) -> list[Revision]:
    with app.app_context():
        article_id = stored(app, slug).id
        rows = db.session.scalars(
            select(Revision).where(Revision.article_id == article_id).order_by(Revision.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def revisions_page(editor: Editor, app: Flask, slug: str = HEROIN) -> str:
    return f"/admin/articles/{stored(app, slug).id}/revisions"


def test_saving_a_changed_text_keeps_the_previous_version(app: Flask, editor: Editor) -> None:
    before = stored(app, HEROIN)
    edit(editor, app, body="A shorter body.")
    (revision,) = revisions_of(app)
    assert (revision.title, revision.excerpt, revision.body_markdown) == (
        before.title,
        before.excerpt,
        before.body_markdown,
    )
    assert revision.user_id == user_id(app, EDITOR_EMAIL)


def test_saving_without_a_text_change_keeps_no_revision(app: Flask, editor: Editor) -> None:
    assert edit(editor, app, tags="hope").status_code == 303
    assert revisions_of(app) == []


def test_revisions_page_lists_each_version_with_who_replaced_it(app: Flask, editor: Editor) -> None:
    edit(editor, app, title="Second Title")
    edit(editor, app, title="Third Title")
    doc = page(editor.client.get(revisions_page(editor, app)))
    rows = doc.find("tbody").find_all("tr")
    assert [row.find("td", "title").text for row in rows] == ["Second Title", TITLE]
    assert {row.find("td", "who").text for row in rows} == {"Eddie Editor"}


def test_article_without_revisions_says_so(app: Flask, editor: Editor) -> None:
    doc = page(editor.client.get(revisions_page(editor, app)))
    assert "No earlier versions yet" in doc.find("main").text


def test_compare_marks_removed_and_added_lines_and_escapes_them(app: Flask, editor: Editor) -> None:
    edit(editor, app, body="Same line\nOld line <b>x</b>\n")
    edit(editor, app, body="Same line\n<script>alert(1)</script>\n")
    (older, newer) = revisions_of(app)
    url = revisions_page(editor, app) + f"/compare?old={newer.id}&new=current"
    response = editor.client.get(url)
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    body = page(response).by_id("diff-body").parent
    assert [(li.attrs["class"], li.find("code").text) for li in body.find_all("li")] == [
        ("diff-same", "Same line"),
        ("diff-removed", "Old line <b>x</b>"),
        ("diff-added", "<script>alert(1)</script>"),
    ]
    title = page(response).by_id("diff-title").parent
    assert title.find("p", "diff-none").text == "No change."


def test_compare_defaults_to_the_newest_revision_against_now(app: Flask, editor: Editor):
    edit(editor, app, title="A New Title")
    doc = page(editor.client.get(revisions_page(editor, app) + "/compare"))
    lines = doc.by_id("diff-title").parent.find_all("li")
    assert [(li.attrs["class"], li.find("code").text) for li in lines] == [
        ("diff-removed", TITLE),
        ("diff-added", "A New Title"),
    ]


def test_compare_refuses_a_revision_of_another_article(app: Flask, editor: Editor) -> None:
    opioid = "why-relapse-into-opioid-addiction-is-not-the-end"
    edit(editor, app, title="Changed")
    edit(editor, app, opioid, title="Also changed")
    (revision,) = revisions_of(app)
    other = stored(app, opioid)
    url = f"/admin/articles/{other.id}/revisions/compare?old={revision.id}&new=current"
    assert editor.client.get(url).status_code == 404


def test_restoring_a_version_brings_it_back_and_keeps_the_current_one(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    original = stored(app, HEROIN)
    edit(editor, app, title="Rewritten", body="Rewritten body.")
    (revision,) = revisions_of(app)
    url = revisions_page(editor, app)
    token = csrf_token(editor.client.get(url).get_data(as_text=True))
    response = editor.client.post(
        f"{url.removesuffix('/revisions')}/restore",
        data={"csrf_token": token, "revision": revision.id},
        follow_redirects=True,
    )
    assert "Restored the version of “I Relapsed On Heroin, Now What?”" in page(response).text
    restored = stored(app, HEROIN)
    assert (restored.title, restored.body_html) == (original.title, original.body_html)
    assert [r.title for r in revisions_of(app)] == [TITLE, "Rewritten"]
    assert audit_rows(app, fields=("action", "detail"))[-1] == ("article-restore", HEROIN)
    assert page(reader.article()).find("h1").text == TITLE


def test_restore_needs_a_revision_of_this_article(app: Flask, editor: Editor) -> None:
    url = revisions_page(editor, app).removesuffix("/revisions") + "/restore"
    token = csrf_token(editor.client.get(revisions_page(editor, app)).get_data(as_text=True))
    assert editor.client.post(url, data={"csrf_token": token}).status_code == 400
    missing = editor.client.post(url, data={"csrf_token": token, "revision": "999"})
    assert missing.status_code == 404


# --- old addresses ---


def test_a_changed_slug_answers_301_from_the_old_address(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    edit(editor, app, slug="heroin-relapse")
    response = reader.client.get(f"/{HEROIN}/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/heroin-relapse/"
    assert reader.client.get("/heroin-relapse/").status_code == 200
    page_two = reader.client.get(f"/{HEROIN}/comment-page-2/?replytocom=5")
    assert page_two.headers["Location"] == "/heroin-relapse/comment-page-2/?replytocom=5"


def test_two_slug_changes_lead_both_old_addresses_to_the_newest(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    edit(editor, app, slug="second-address")
    edit(editor, app, "second-address", slug="third-address")
    for old in (HEROIN, "second-address"):
        response = reader.client.get(f"/{old}/")
        assert (response.status_code, response.headers["Location"]) == (301, "/third-address/")


def test_taking_back_an_old_slug_drops_its_redirect(app: Flask, editor: Editor, reader) -> None:
    edit(editor, app, slug="elsewhere")
    edit(editor, app, "elsewhere", slug=HEROIN)
    assert reader.client.get(f"/{HEROIN}/").status_code == 200
    assert reader.client.get("/elsewhere/").headers["Location"] == f"/{HEROIN}/"
    with app.app_context():
        assert db.session.scalars(select(SlugRedirect.old_slug)).all() == ["elsewhere"]


def test_old_address_of_an_unpublished_article_stays_404(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    edit(editor, app, slug="now-a-draft", status=ArticleStatus.DRAFT.value)
    assert reader.client.get(f"/{HEROIN}/").status_code == 404
    assert reader.client.get("/now-a-draft/").status_code == 404
