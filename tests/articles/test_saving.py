"""Writing and editing articles through the admin form, and what readers then see."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article, ArticleStatus, Category, Comment, Tag, utcnow
from cms.templating import date_time
from tests.support.html_page import Element, page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import EDITOR_EMAIL, HEROIN, audit_rows, user_id

NEW = "/admin/articles/new"


def write(editor: Editor, url: str = NEW, **fields: object):
    """Fill in the article form at ``url`` as the page offers it and press Save (or another)."""
    token = csrf_token(editor.client.get(url).get_data(as_text=True))
    data = {
        "title": "Staying Sober Through The Holidays",
        "slug": "",
        "excerpt": "Plans for the hardest weeks.",
        "body": "Family visits can be hard.\n\n## Make a plan\n\nCall your sponsor.",
        "categories": "Relapse",
        "tags": "holidays, planning",
        "author": "Eddie Editor",
        "status": "published",
        "publish_date": "",
        "publish_time": "",
        "comments_open": "y",
        "save": "1",
        "csrf_token": token,
    }
    data.update({k: str(v) for k, v in fields.items() if v is not None})
    for name in [k for k, v in fields.items() if v is None]:
        data.pop(name)
    return editor.client.post(url, data=data)


def stored(app: Flask, slug: str) -> Article | None:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        if article is not None:
            article.categories, article.tags  # noqa: B018 - load them before leaving the session
            db.session.expunge_all()
        return article


def edit_url(app: Flask, slug: str) -> str:
    return f"/admin/articles/{stored(app, slug).id}/edit"


def test_new_article_form_starts_as_a_draft_by_the_editor(editor: Editor) -> None:
    doc = page(editor.client.get(NEW))
    assert doc.by_id("author").attrs["value"] == "Eddie Editor"
    assert doc.by_id("status").find("option", None).attrs.get("selected") is not None
    assert "checked" in doc.by_id("comments_open").attrs


def test_publishing_an_article_through_the_form_stores_it_rendered_and_shows_it(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    response = write(editor)
    assert response.status_code == 303
    article = stored(app, "staying-sober-through-the-holidays")
    assert article.status == ArticleStatus.PUBLISHED
    assert article.body_html.startswith("<p>Family visits can be hard.</p>\n<h2>Make a plan</h2>")
    assert [c.name for c in article.categories] == ["Relapse"]
    assert [t.name for t in article.tags] == ["holidays", "planning"]
    assert article.author_name == "Eddie Editor"
    assert article.author_id == user_id(app, EDITOR_EMAIL)
    assert audit_rows(app, fields=("action", "comment_id", "detail")) == [
        ("article-create", None, "staying-sober-through-the-holidays")
    ]
    flash = page(editor.client.get(response.headers["Location"])).find("p", "flash")
    assert flash.text == (
        "“Staying Sober Through The Holidays” is saved and published. See it as readers do."
    )
    assert flash.find("a").attrs["href"] == "/staying-sober-through-the-holidays/"
    public = page(reader.article("staying-sober-through-the-holidays"))
    assert public.find("h1").text == "Staying Sober Through The Holidays"
    assert public.find("div", "article-body").find("h2").text == "Make a plan"
    index = page(reader.client.get("/")).text
    assert "Staying Sober Through The Holidays" in index


def test_editing_an_article_changes_it_and_is_recorded(app: Flask, editor: Editor) -> None:
    url = edit_url(app, HEROIN)
    form = page(editor.client.get(url))
    assert form.by_id("slug").attrs["value"] == HEROIN
    response = write(
        editor, url, title="I Relapsed On Heroin. What Now?", slug=HEROIN, body="New *text*."
    )
    assert response.status_code == 303
    article = stored(app, HEROIN)
    assert article.title == "I Relapsed On Heroin. What Now?"
    assert article.body_html == "<p>New <em>text</em>.</p>"
    assert audit_rows(app, fields=("action", "detail"))[-1] == ("article-edit", HEROIN)


def test_existing_topics_are_reused_by_name_and_new_ones_get_slugs(
    app: Flask, editor: Editor
) -> None:
    write(editor, categories="relapse, Harm Reduction, harm reduction", tags="")
    article = stored(app, "staying-sober-through-the-holidays")
    with app.app_context():
        relapse = db.session.scalars(select(Category).where(Category.name.ilike("relapse"))).all()
        assert len(relapse) == 1
        new = db.session.scalar(select(Category).where(Category.name == "Harm Reduction"))
        assert new.slug == "harm-reduction"
        assert db.session.scalar(select(Tag).where(Tag.slug == "holidays")) is None
    assert sorted(c.name for c in article.categories) == ["Harm Reduction", relapse[0].name]
    assert article.tags == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Please give the article a title."),
        ({"author": ""}, "author", "Please give the author's name."),
        ({"slug": "Has Spaces"}, "slug", "(for example “has-spaces”)"),
        ({"slug": HEROIN}, "slug", f"Another article already uses the address “{HEROIN}”."),
        ({"slug": "admin"}, "slug", "The address “admin” is used by the site itself."),
        ({"publish_date": "next week"}, "publish_date", "like 2024-06-01"),
        ({"publish_date": "2024-06-01", "publish_time": "noon"}, "publish_time", "like 09:30"),
        ({"title": "x" * 301}, "title", "Title must be at most 300 characters."),
    ],
)
def test_invalid_article_is_sent_back_with_everything_typed(
    app: Flask, editor: Editor, fields: dict, field: str, message: str
) -> None:
    typed = {"body": "My <b>draft</b> text\n\nsecond paragraph", "tags": "a, b", **fields}
    response = write(editor, **typed)
    assert response.status_code == 400
    doc = page(response)
    assert message in doc.find("p", "field-error").text
    assert doc.by_id(f"{field}").attrs.get("aria-invalid") == "true"
    assert doc.by_id("body").raw_text.removeprefix("\r\n") == typed["body"]
    assert doc.by_id("tags").attrs["value"] == "a, b"
    assert doc.by_id("publish_date").attrs.get("value", "") == fields.get("publish_date", "")
    with app.app_context():
        assert db.session.scalar(select(Article).where(Article.title.contains("x" * 300))) is None
        assert len(db.session.scalars(select(Article)).all()) == 2


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Café Culture & Recovery!", "cafe-culture-recovery"),
        ("  What   now?  ", "what-now"),
        ("???", "article"),
        ("Admin", "admin-2"),
    ],
)
def test_blank_slug_is_made_from_the_title(app: Flask, editor: Editor, title: str, slug: str):
    assert write(editor, title=title).status_code == 303
    assert stored(app, slug).title == title.strip()


def test_slug_from_a_taken_title_gets_a_number(app: Flask, editor: Editor) -> None:
    for _ in range(3):
        write(editor, title="Day One")
    with app.app_context():
        slugs = db.session.scalars(select(Article.slug).where(Article.title == "Day One")).all()
    assert sorted(slugs) == ["day-one", "day-one-2", "day-one-3"]


def test_a_draft_is_never_public(app: Flask, editor: Editor, reader: Commenter) -> None:
    write(editor, status="draft")
    assert stored(app, "staying-sober-through-the-holidays").status == ArticleStatus.DRAFT
    assert reader.article("staying-sober-through-the-holidays").status_code == 404
    assert "Staying Sober" not in page(reader.client.get("/")).text
    row = page(editor.client.get("/admin/articles")).find("td", "status-draft")
    assert row is not None and row.text == "Draft"


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    later = utcnow() + timedelta(days=2)
    response = write(editor, publish_date=f"{later:%Y-%m-%d}", publish_time=f"{later:%H:%M}")
    flash = page(editor.client.get(response.headers["Location"])).find("p", "flash").text
    when = date_time(later.replace(second=0, microsecond=0))
    assert f"is saved and scheduled for {when}. Preview it." in flash
    assert when.endswith(" UTC")
    slug = "staying-sober-through-the-holidays"
    assert reader.article(slug).status_code == 404
    assert "Staying Sober" not in page(reader.client.get("/")).text
    status = page(editor.client.get("/admin/articles")).find("td", "status-scheduled")
    assert status.text.startswith("Scheduled for")

    # Time passes: nothing needs to run for the article to appear.
    with app.app_context():
        db.session.scalar(select(Article).where(Article.slug == slug)).published_at = (
            utcnow() - timedelta(minutes=1)
        )
        db.session.commit()
    assert reader.article(slug).status_code == 200
    assert "Staying Sober" in page(reader.client.get("/")).text


def test_the_edit_form_shows_the_stored_article(app: Flask, editor: Editor) -> None:
    write(editor, publish_date="2024-03-04", publish_time="09:30", comments_open=None)
    doc = page(editor.client.get(edit_url(app, "staying-sober-through-the-holidays")))
    assert doc.by_id("publish_date").attrs["value"] == "2024-03-04"
    assert doc.by_id("publish_time").attrs["value"] == "09:30"
    assert doc.by_id("categories").attrs["value"] == "Relapse"
    assert doc.by_id("tags").attrs["value"] == "holidays, planning"
    assert "checked" not in doc.by_id("comments_open").attrs


def test_articles_page_lists_drafts_first_with_links_to_edit(app: Flask, editor: Editor):
    write(editor, status="draft", title="Unfinished Thoughts")
    doc = page(editor.client.get("/admin/articles"))
    titles = [row.find("td", "title").find("a").text for row in doc.find("tbody").find_all("tr")]
    assert titles[0] == "Unfinished Thoughts"
    assert len(titles) == 3
    assert doc.find("a", "button").attrs["href"] == NEW


def shape(element: Element) -> tuple:
    """Return an element's tags, attributes and text, all the way down, for comparison."""
    inner = [c if isinstance(c, str) else shape(c) for c in element.children]
    return (element.tag, element.attrs, inner)


def preview(editor: Editor, url: str = NEW, **fields: object):
    return write(editor, url, save=None, preview="1", **fields)


def test_preview_shows_the_article_beside_the_form_without_saving_it(
    app: Flask, editor: Editor
) -> None:
    response = preview(editor, body="Hello *there*.")
    assert response.status_code == 200
    doc = page(response)
    pane = doc.find("section", "preview-pane")
    assert pane.find("div", "article-body").text == "Hello there."
    assert doc.by_id("body").raw_text.removeprefix("\r\n") == "Hello *there*."
    assert stored(app, "staying-sober-through-the-holidays") is None
    assert audit_rows(app) == []


def test_preview_is_the_html_the_public_page_shows(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    body = (
        "Intro with a [link](https://example.org) and ![alt](https://example.org/a.png).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n> quoted\n"
    )
    previewed = page(preview(editor, body=body)).find("section", "preview-pane")
    write(editor, body=body)
    public = page(reader.article("staying-sober-through-the-holidays"))
    previewed_body = previewed.find("div", "article-body")
    assert previewed_body.find("table") is not None
    assert shape(previewed_body) == shape(public.find("div", "article-body"))


HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    '<img src="x" onerror="alert(1)">',
    "![pic](javascript:alert(1))",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
]


@pytest.mark.parametrize("markdown", HOSTILE)
def test_hostile_markdown_cannot_run_in_preview_or_on_the_page(
    app: Flask, editor: Editor, reader: Commenter, markdown: str
) -> None:
    body = f"Before.\n\n{markdown}\n\nAfter."
    previewed = page(preview(editor, body=body)).find("section", "preview-pane")
    write(editor, body=body)
    public = page(reader.article("staying-sober-through-the-holidays"))
    for shown in (previewed.find("div", "article-body"), public.find("div", "article-body")):
        assert not shown.find_all("script") and not shown.find_all("iframe")
        for element in shown.iter():
            assert not any(name.startswith("on") or name == "style" for name in element.attrs)
            for name in ("href", "src"):
                assert not element.attrs.get(name, "").lower().startswith("javascript")
        assert shown.text.startswith("Before.") and shown.text.endswith("After.")


def test_after_saving_a_draft_the_message_links_to_a_preview_only_staff_can_open(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    response = write(editor, status="draft", title="Letters to my sponsor")
    flash = page(editor.client.get(response.headers["Location"])).find("p", "flash")
    assert flash.text == (
        "“Letters to my sponsor” is saved as a draft: readers cannot see it yet. Preview it."
    )
    preview = page(editor.client.get(flash.find("a").attrs["href"]))
    assert preview.find("h1").text == "Letters to my sponsor"
    assert "Call your sponsor." in preview.find("div", "article-body").text
    assert "readers cannot see this article while it is draft" in preview.text
    assert reader.article("letters-to-my-sponsor").status_code == 404
    assert reader.client.get(flash.find("a").attrs["href"]).status_code in (302, 403, 404)


def test_the_byline_shows_on_the_article_page(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    write(editor, author="Sam Okafor")
    byline = page(reader.article("staying-sober-through-the-holidays")).find("span", "byline")
    assert byline is not None and byline.text == "by Sam Okafor"


def test_links_an_editor_writes_are_followed_and_only_commenters_are_disowned(
    app: Flask, editor: Editor, reader: Commenter
) -> None:
    write(
        editor, body="Call [a helpline](https://help.example.org/) or https://meetings.example.org"
    )
    doc = page(reader.article("staying-sober-through-the-holidays"))
    links = doc.find("div", "article-body").find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "https://help.example.org/",
        "https://meetings.example.org",
    ]
    assert [a.attrs.get("rel") for a in links] == [None, None]
    reader.post(comment="Mine: https://me.example.org", slug="staying-sober-through-the-holidays")
    with app.app_context():
        stored_comment = db.session.scalars(select(Comment)).all()[-1].content_html
    assert 'rel="nofollow ugc noopener"' in stored_comment


def test_an_article_saved_through_the_form_is_found_by_the_words_readers_see(
    editor: Editor, reader: Commenter
) -> None:
    write(editor, body="A [puffin](https://birds.example.org/auk) <strong>note</strong>.")

    def found(words: str) -> list[str]:
        doc = page(reader.client.get("/search", query_string={"q": words}))
        return [r.find("a").attrs["href"] for r in doc.find_all("article", cls="search-result")]

    assert found("puffin note") == ["/staying-sober-through-the-holidays/"]
    # Launch articles may use these words themselves; this one has them only in markup.
    for hidden in ("auk", "strong", "birds"):
        assert "/staying-sober-through-the-holidays/" not in found(hidden)
