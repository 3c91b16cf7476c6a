"""Search at /search?q=, as readers use it, on SQLite FTS5 and on PostgreSQL alike."""

from datetime import timedelta
from itertools import count

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, delete, insert, select, text

from cms.extensions import db
from cms.html.sanitize import render_article
from cms.models import Article, ArticleKind, ArticleStatus, utcnow
from tests.support.html_page import Element, page
from tests.support.site import make_app

_slugs = count(1)


# PostgreSQL is asked for by name below, so the param says it needs it (tests/support/programs.py).
@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.needs("postgresql"))]
)
def site(request: pytest.FixtureRequest) -> Flask:
    """The app on each database the site supports, each with its own full-text engine."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


def add_article(
    app: Flask,
    title: str,
    body: str = "Plain words.",
    status: ArticleStatus = ArticleStatus.PUBLISHED,
    published: timedelta = timedelta(days=-1),
    kind: ArticleKind = ArticleKind.POST,
) -> str:
    """Store an article directly from its Markdown, published ``published`` from now; return
    its slug."""
    slug = f"article-{next(_slugs)}"
    with app.app_context():
        db.session.add(
            Article(
                slug=slug,
                title=title,
                body_markdown=body,
                body_html=render_article(body),
                status=status,
                kind=kind,
                published_at=utcnow() + published,
            )
        )
        db.session.commit()
    return slug


def search(app: Flask, q: str, **params: object):
    return app.test_client().get("/search", query_string={"q": q, **params})


def results(doc: Element) -> list[str]:
    """Return the addresses of the articles found, in the order shown."""
    return [r.find("a").attrs["href"] for r in doc.find_all("article", cls="search-result")]


def found(app: Flask, q: str) -> list[str]:
    response = search(app, q)
    assert response.status_code == 200
    return results(page(response))


def test_an_article_whose_title_matches_ranks_above_one_that_matches_in_its_body(site):
    in_body = add_article(site, "Morning routines", "Walking with a zephyrine friend helps.")
    in_title = add_article(site, "The zephyrine method", "Small steps, every day.")
    assert found(site, "zephyrine") == [f"/{in_title}/", f"/{in_body}/"]


def test_words_are_found_by_their_stem(site):
    slug = add_article(site, "Cravings", "She kept journaling through the cravings.")
    assert found(site, "journaled") == [f"/{slug}/"]


def test_every_word_of_the_query_must_appear(site):
    both = add_article(site, "Quillwort and marram", "Two plants.")
    add_article(site, "Quillwort alone", "One plant.")
    assert found(site, "quillwort marram") == [f"/{both}/"]


def test_results_show_snippets_with_the_hits_marked(site):
    add_article(site, "Finding calm", "After the storm there was a long stretch of calm water.")
    doc = page(search(site, "calm"))
    result = doc.find("article", cls="search-result")
    assert [m.text.lower() for m in result.find("h2").find_all("mark")] == ["calm"]
    snippet = result.find("p", cls="snippet")
    assert "stretch of calm water" in snippet.text
    assert [m.text for m in snippet.find_all("mark")] == ["calm"]


def test_article_text_in_snippets_is_shown_as_text_never_run(site):
    add_article(
        site,
        "<b>Bold</b> kestrel title",
        # Code spans: markup an author shows as text, which readers see and search finds.
        'A kestrel `<script>alert("x")</script>` and `<img src=x onerror=alert(1)>` here.',
    )
    response = search(site, "kestrel")
    doc = page(response)
    main = doc.by_id("content")
    assert main.find_all("script") == [] and main.find_all("img") == []
    assert main.find_all("b") == []
    result = main.find("article", cls="search-result")
    assert "<b>Bold</b> kestrel title" in result.find("h2").text
    # SQLite's snippet keeps every character; PostgreSQL's headline leaves out what its
    # parser reads as tags. Either way what remains is text.
    snippet = result.find("p", cls="snippet").text
    assert 'alert("x")' in snippet and "<img src=x onerror=alert(1)>" in snippet
    assert "<script" not in response.get_data(as_text=True).split('id="content"')[1]


def test_search_finds_the_words_readers_see_not_the_markup_around_them(site):
    slug = add_article(
        site, "Guillemot days", "Some <strong>bold</strong> words, <em>gently</em> said."
    )
    # Launch articles use the word "strong" itself; this one only wraps words in <strong>.
    assert f"/{slug}/" not in found(site, "strong")
    assert found(site, "bold") == [f"/{slug}/"]
    assert found(site, "em") == []


def test_a_link_is_found_by_its_words_never_by_its_target(site):
    slug = add_article(
        site, "Where to call", "Ring [the night line](https://example.org/razorbill)."
    )
    assert found(site, "razorbill") == []
    assert found(site, "example") == []
    assert found(site, "night line") == [f"/{slug}/"]


@pytest.mark.parametrize(
    ("status", "published", "kind"),
    [
        (ArticleStatus.DRAFT, timedelta(days=-1), ArticleKind.POST),
        (ArticleStatus.PRIVATE, timedelta(days=-1), ArticleKind.POST),
        (ArticleStatus.PUBLISHED, timedelta(hours=1), ArticleKind.POST),
        (ArticleStatus.DRAFT, timedelta(days=-1), ArticleKind.PAGE),
    ],
    ids=["draft", "private", "scheduled", "draft page"],
)
def test_articles_the_public_may_not_see_are_never_found(site, status, published, kind):
    add_article(site, "Secret sandpiper", "A sandpiper text.", status, published, kind)
    response = search(site, "sandpiper")
    assert results(page(response)) == []
    assert "sandpiper text" not in response.get_data(as_text=True)


def test_published_pages_are_found_as_posts_are(site):
    slug = add_article(site, "About the heronry", kind=ArticleKind.PAGE)
    assert found(site, "heronry") == [f"/{slug}/"]


def test_a_scheduled_article_is_found_once_its_time_has_come(site):
    slug = add_article(site, "Tomorrow's plover", published=timedelta(hours=1))
    assert found(site, "plover") == []
    with site.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        article.published_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert found(site, "plover") == [f"/{slug}/"]


def test_the_index_follows_edits_and_deletions(site):
    slug = add_article(site, "Curlew notes", "About a curlew.")
    with site.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        article.title, article.body_html = "Dunlin notes", render_article("About a dunlin.")
        db.session.commit()
    assert found(site, "curlew") == []
    assert found(site, "dunlin") == [f"/{slug}/"]
    with site.app_context():
        db.session.execute(delete(Article).where(Article.slug == slug))
        db.session.commit()
    assert found(site, "dunlin") == []


def test_results_are_paged_and_the_pages_keep_the_query(site):
    site.config["ARTICLES_PER_PAGE"] = 2
    for n in range(5):
        add_article(site, f"Godwit {n}", published=timedelta(days=-1 - n))
    first = page(search(site, "godwit"))
    assert len(results(first)) == 2
    assert "5 articles found." in first.text and "Page 1 of 3" in first.text
    more = first.find("a", cls="nav-older").attrs["href"]
    assert more == "/search?q=godwit&page=2"
    last = page(search(site, "godwit", page=3))
    assert len(results(last)) == 1 and last.find("a", cls="nav-older") is None
    seen = {*results(first), *results(page(search(site, "godwit", page=2))), *results(last)}
    assert len(seen) == 5


@pytest.mark.parametrize("number", ["0", "4", "-1"])
def test_a_page_past_the_results_is_not_found(site, number):
    site.config["ARTICLES_PER_PAGE"] = 2
    for n in range(5):
        add_article(site, f"Avocet {n}")
    assert search(site, "avocet", page=number).status_code == 404


HOSTILE = [
    '"',
    '""',
    "'",
    "relapse\"'",
    "*",
    "relap*",
    "-relapse",
    "NOT relapse",
    "relapse AND",
    "OR",
    "NEAR(relapse heroin)",
    "NEAR/3",
    "(relapse",
    "relapse)",
    "title:relapse",
    "body:",
    ":",
    "^relapse",
    "{title body}: relapse",
    "relapse + - ~ @ < >",
    "\\",
    "%_%",
    "'; DROP TABLE articles; --",
    "\x00relapse",
    "\u202erelapse\ue000\ue001",
    "_",
    "the",
    "relapse " * 400,
    "x" * 5000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_a_query_with_search_syntax_never_fails(site, query):
    response = search(site, query)
    assert response.status_code == 200
    assert page(response).find("main") is not None


@pytest.mark.parametrize(
    "query", ["heroin*", "(heroin)", '"heroin', "-heroin", "heroin:", "^heroin"]
)
def test_syntax_around_a_word_is_read_as_the_word_itself(site, query):
    assert found(site, query) == found(site, "heroin") != []


def test_no_results_says_so_and_keeps_the_query_in_the_form(site):
    doc = page(search(site, 'grebe "<i>'))
    assert doc.find("p", cls="search-empty").text == 'No results for “grebe "<i>”.'
    assert doc.by_id("search-q").attrs["value"] == 'grebe "<i>'
    assert doc.find("i") is None


def test_an_empty_query_shows_the_form_only(app):
    doc = page(search(app, "   "))
    assert doc.by_id("search-q") is not None
    assert doc.find("p", cls="search-empty") is None
    assert results(doc) == []


def test_search_pages_ask_search_engines_not_to_index_them(app):
    for q in ["", "relapse", "nothing-here"]:
        robots = [
            m for m in page(search(app, q)).find_all("meta") if m.attrs.get("name") == "robots"
        ]
        assert [m.attrs["content"] for m in robots] == ["noindex"]


def test_every_page_has_a_search_form_in_its_header(client):
    header = page(client.get("/")).find("header")
    form = header.find("form", cls="site-search")
    assert (form.attrs["action"], form.attrs["method"]) == ("/search", "get")
    assert header.by_id("site-search-q").attrs["name"] == "q"


def _launch_article_at(app: Flask, revision: str) -> None:
    """Migrate to ``revision`` and store a public article there, before any search index."""
    upgrade(revision=revision)
    # The columns of that revision, written as it had them (today's model has more).
    articles = Table("articles", MetaData(), autoload_with=db.engine)
    now = utcnow()
    db.session.execute(
        insert(articles).values(
            slug="before-search",
            title="Written before search",
            excerpt="",
            body_markdown="An older **wagtail** story.",
            body_html="<p>An older <strong>wagtail</strong> story.</p>",
            published_at=now - timedelta(days=1),
            comments_open=True,
            created_at=now,
            updated_at=now,
        )
    )
    db.session.commit()


def found_then_release(app: Flask, q: str) -> list[str]:
    """Search from inside an app context, then let go of the connection the request used
    (the request shared the context's session), so a migration is not kept waiting."""
    addresses = found(app, q)
    db.session.remove()
    return addresses


def test_the_migration_indexes_the_articles_already_there_and_its_downgrade_removes_it(
    tmp_path,
):
    app = make_app(tmp_path / "fresh.sqlite3")
    with app.app_context():
        _launch_article_at(app, "0003")
        upgrade()
        assert found_then_release(app, "wagtail") == ["/before-search/"]
        downgrade(revision="0003")
        leftovers = db.session.scalars(
            text("SELECT name FROM sqlite_master WHERE name LIKE '%search%'")
        ).all()
        assert leftovers == []
        upgrade()
        assert found_then_release(app, "wagtail") == ["/before-search/"]
        db.session.remove()
        db.engine.dispose()


def test_migration_0008_renders_stored_articles_again_and_indexes_their_text(tmp_path):
    app = make_app(tmp_path / "fresh.sqlite3")
    with app.app_context():
        upgrade(revision="0007")
        articles = Table("articles", MetaData(), autoload_with=db.engine)
        now = utcnow()
        db.session.execute(
            insert(articles).values(
                slug="stored-before",
                title="Stored before",
                excerpt="",
                body_markdown="Call [the stilt line](https://help.example.org/godwit).",
                body_html='<p>Call <a href="https://help.example.org/godwit" '
                'rel="nofollow ugc noopener">the stilt line</a>.</p>',
                published_at=now - timedelta(days=1),
                comments_open=True,
                created_at=now,
                updated_at=now,
            )
        )
        db.session.commit()
        upgrade()
        html, words = db.session.execute(
            text("SELECT body_html, body_text FROM articles WHERE slug = 'stored-before'")
        ).one()
        db.session.remove()
        assert 'rel="' not in html and 'href="https://help.example.org/godwit"' in html
        assert words == "Call the stilt line."
        assert found_then_release(app, "stilt") == ["/stored-before/"]
        assert found_then_release(app, "godwit") == []
        db.engine.dispose()
