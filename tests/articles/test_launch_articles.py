"""The launch articles: shipped as Markdown files, listed on the front page, read in full."""

import re
from datetime import datetime
from pathlib import Path

import frontmatter
import pytest
from sqlalchemy import delete, func, select

from cms.articles.launch_articles import ARTICLES_DIR
from cms.cli import setup_database
from cms.extensions import db
from cms.models import Article, Category, Tag
from tests.support.site import HEROIN, OPIOID

REPO = Path(__file__).resolve().parents[2]

ARTICLES = {
    HEROIN: {
        "title": "I Relapsed On Heroin, Now What?",
        "date": ("2024-03-04", "March 4, 2024"),
        "excerpt": (
            "A heroin relapse is a mistake, not the end of the road. Reach out to your support "
            "group right away, ask the people who love you for help, and treat starting over as "
            "part of the recovery process."
        ),
        "headings": [
            "Take Action Immediately",
            "Reach Out For Support",
            "Starting Over Can Be A Part Of The Process",
        ],
        "paragraphs": 7,
        "first": "A common problem with people who relapse on heroin is the inability to confront",
        "last": "treatment also needs to be tailored to on an individual basis.",
    },
    OPIOID: {
        "title": "Why Relapse into Opioid Addiction Is Not the End",
        "date": ("2024-05-20", "May 20, 2024"),
        "excerpt": (
            "About half of all recovering opioid patients will relapse. Relapse is not a total "
            "failure: it is a signal to re-focus on treatment, and recovery allows for second "
            "chances."
        ),
        "headings": [
            "Relapse is the Signal to Re-Focus",
            "Choose New Treatment Plans",
            "How to Move Forward",
        ],
        "paragraphs": 8,
        "first": "Opioid relapse can scare everyone recovering from addiction",
        "last": "It’s up to you to undertake it as best you can.",
    },
}

# What the old site wrapped around the articles, which must not come back with them.
OLD_CHROME = [
    "Leave a Reply",
    "Your email address will not be published",
    "Required fields are marked",
    "Do Not Try To Detoxify From Alcohol On Your Own",
    "There are more specific resources available here and here",
    "#opioid",
    "listing with our site",
    "Suboxone clinic near you",
]

_SUMMARY = re.compile(r'<article class="summary">(.*?)</article>', re.S)
# The body is sanitized Markdown, which may not contain a <div>: the first </div> closes it.
_BODY = re.compile(r'<div class="article-body">(.*?)</div>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _body(html: str) -> str:
    match = _BODY.search(html)
    assert match, "the page has no article body"
    return match.group(1)


def _all(tag: str, html: str) -> list[str]:
    return [
        _TAG.sub("", inner).strip() for inner in re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
    ]


def test_front_page_lists_both_articles_newest_first(client):
    page = client.get("/").get_data(as_text=True)
    summaries = _SUMMARY.findall(page)
    assert len(summaries) == 2
    for summary, slug in zip(summaries, [OPIOID, HEROIN], strict=True):
        expected = ARTICLES[slug]
        iso, shown = expected["date"]
        assert f'<h2><a href="/{slug}/">{expected["title"]}</a></h2>' in summary
        assert f'<time datetime="{iso}">{shown}</time>' in summary
        assert f"<p>{expected['excerpt']}</p>" in summary
        assert f'<a href="/{slug}/">Read “{expected["title"]}”</a>' in summary


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_front_page_link_leads_to_the_article(client, slug):
    page = client.get("/").get_data(as_text=True)
    assert f'href="/{slug}/"' in page
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    assert _all("h1", response.get_data(as_text=True)) == [ARTICLES[slug]["title"]]


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_article_page_shows_title_date_and_sections_in_order(client, slug):
    expected = ARTICLES[slug]
    page = client.get(f"/{slug}/").get_data(as_text=True)
    assert f"<h1>{expected['title']}</h1>" in page
    assert f"<title>{expected['title']} – Recovery Notes</title>" in page
    iso, shown = expected["date"]
    assert f'<time datetime="{iso}">{shown}</time>' in page
    body = _body(page)
    assert _all("h2", body) == expected["headings"]
    paragraphs = _all("p", body)
    assert len(paragraphs) == expected["paragraphs"]
    assert paragraphs[0].startswith(expected["first"])
    assert paragraphs[-1].endswith(expected["last"])
    # Every piece of text in the body sits in a heading or a paragraph.
    leftover = re.sub(r"<(h2|p)>.*?</\1>", "", body, flags=re.S)
    assert leftover.strip() == ""


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
@pytest.mark.parametrize("chrome", OLD_CHROME)
def test_article_body_carries_none_of_the_old_sites_chrome(client, slug, chrome):
    body = _body(client.get(f"/{slug}/").get_data(as_text=True))
    assert chrome not in body


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_article_body_ends_with_the_article_not_a_comments_heading(client, slug):
    text = _TAG.sub("", _body(client.get(f"/{slug}/").get_data(as_text=True))).strip()
    assert not text.endswith("Comments")
    assert text.endswith(ARTICLES[slug]["last"])


def test_articles_are_shipped_in_the_projects_own_content_folder():
    assert ARTICLES_DIR.resolve() == REPO / "cms" / "content" / "articles"
    assert sorted(path.name for path in ARTICLES_DIR.glob("*.md")) == [
        f"{HEROIN}.md",
        f"{OPIOID}.md",
    ]


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_each_content_file_has_a_front_matter_date_that_the_page_shows(client, slug):
    post = frontmatter.load(ARTICLES_DIR / f"{slug}.md")
    assert post["slug"] == slug
    assert post["title"] == ARTICLES[slug]["title"]
    assert isinstance(post["date"], datetime)
    iso, shown = ARTICLES[slug]["date"]
    assert post["date"].date().isoformat() == iso
    page = client.get(f"/{slug}/").get_data(as_text=True)
    assert f'<time datetime="{iso}">{shown}</time>' in page


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_stored_article_is_the_content_file(app, slug):
    post = frontmatter.load(ARTICLES_DIR / f"{slug}.md")
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        assert article.body_markdown == post.content
        assert article.title == post["title"]
        assert article.excerpt == post["excerpt"]
        assert article.published_at == post["date"]


# --- topics: the launch articles are filed under them, on a new site and an upgraded one ---


def _filed(app) -> dict[str, tuple[list[str], list[str]]]:
    with app.app_context():
        articles = db.session.scalars(select(Article).where(Article.slug.in_(ARTICLES)))
        return {
            a.slug: ([c.slug for c in a.categories], [t.slug for t in a.tags]) for a in articles
        }


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_each_content_file_lists_its_categories_and_tags(app, slug):
    post = frontmatter.load(ARTICLES_DIR / f"{slug}.md")
    assert post["categories"] == ["Relapse"]
    assert "relapse" in post["tags"]
    assert _filed(app)[slug] == (["relapse"], sorted(post["tags"]))


def test_setup_files_launch_articles_an_older_site_loaded_without_topics(app):
    before = _filed(app)
    with app.app_context():
        for slug in ARTICLES:
            article = db.session.scalar(select(Article).where(Article.slug == slug))
            article.categories, article.tags = [], []
        db.session.execute(delete(Category))
        db.session.execute(delete(Tag))
        db.session.commit()
        setup_database()
        setup_database()
        assert db.session.scalar(select(func.count()).select_from(Category)) == 1
    assert _filed(app) == before


def test_setup_leaves_the_topics_an_editor_chose_alone(app):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == HEROIN))
        article.categories, article.tags = [], [Tag(slug="hope", name="hope")]
        db.session.commit()
        setup_database()
    assert _filed(app)[HEROIN] == ([], ["hope"])
