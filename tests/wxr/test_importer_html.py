"""Imported HTML stays HTML: what readers see is what WordPress showed them, word for word,
on the theme unit test export and on a technical blog's kind of post."""

import re
from difflib import SequenceMatcher
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from cms.articles.publishing import is_public_clause
from cms.extensions import db
from cms.models import Article, SourceFormat
from tests.articles.test_saving import write
from tests.support.html_page import page
from tests.support.people import Editor
from tests.support.wxr_support import imported_site_fixture, run_import, wxr_file, wxr_item

site = imported_site_fixture()
# Shortcodes WordPress expands with what the export does not hold (attachments), or drops.
_DROPPED_SHORTCODES = re.compile(
    r"\[/?(?:gallery|playlist|caption|wp_caption|embed|audio|video)[^\]]*\]"
)
_WORD = re.compile(r"\w+")


class _Words(HTMLParser):
    """The words of HTML as a browser shows them: no tags, no script or style text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words += _WORD.findall(data)


def wordpress_words(source: str) -> list[str]:
    """Return the words WordPress shows of a post's stored HTML."""
    parser = _Words()
    parser.feed(_DROPPED_SHORTCODES.sub(" ", source))
    return parser.words


def shown_words(html: str) -> list[str]:
    parser = _Words()
    parser.feed(html)
    return [unescape(w) for w in parser.words]


def share_in_order(expected: list[str], shown: list[str]) -> float:
    if not expected:
        return 1.0
    blocks = SequenceMatcher(None, expected, shown, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(expected)


def test_every_published_post_shows_at_least_99_percent_of_wordpress_words_in_order(
    site: Flask,
) -> None:
    with site.app_context():
        posts = db.session.scalars(
            select(Article).where(Article.wp_id.is_not(None), is_public_clause())
        ).all()
        shares = {
            a.slug: share_in_order(wordpress_words(a.body_markdown), shown_words(a.body_html))
            for a in posts
        }
        formats = {a.source_format for a in posts}
    assert formats == {SourceFormat.HTML}
    below = {slug: round(share, 3) for slug, share in shares.items() if share < 0.99}
    assert len(shares) == 55 + 21 and not below


TECHNICAL = """Call <code>__init__</code> and <code>__repr__</code> from *your* class.
# this line starts with a hash
1. and this one with a number

<pre class="python">class Sober:
    def __init__(self):
        self.days = 1  # one more
</pre>

    <div class="note">
        Indented HTML, as editors paste it.
    </div>

Escape &lt;div&gt; and &amp;amp; once."""


def _technical(app: Flask, tmp_path: Path) -> Article:
    run_import(app, wxr_file(tmp_path / "tech.xml", wxr_item(5, "Tech", "tech", TECHNICAL)))
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.wp_id == 5))
        db.session.expunge(article)
        return article


def test_code_markdown_look_alikes_and_indented_html_show_as_wordpress_showed_them(
    app: Flask, tmp_path: Path
) -> None:
    _technical(app, tmp_path)
    text = page(app.test_client().get("/tech/")).text
    assert "__init__" in text and "*your*" in text
    assert "# this line starts with a hash" in text and "1. and this one" in text
    assert "Indented HTML, as editors paste it." in text
    assert "Escape <div> and &amp; once." in text
    html = app.test_client().get("/tech/").get_data(as_text=True)
    assert "<pre>class Sober:\n    def __init__(self):\n        self.days = 1  # one more" in html
    assert "<strong>init</strong>" not in html and "<em>your</em>" not in html
    assert html.count("<h1") == 1 and "<ol>" not in html
    assert "\x02" not in html and "klzzwxh" not in html


def test_an_imported_article_is_edited_as_html_and_saved_by_the_same_rules(
    app: Flask, tmp_path: Path
) -> None:
    article = _technical(app, tmp_path)
    editor = Editor(app.test_client())
    editor.login()
    url = f"/admin/articles/{article.id}/edit"
    assert "HTML, as WordPress stored it" in editor.client.get(url).get_data(as_text=True)
    extra = "\n\nA new line\nwith a break."
    response = write(editor, url, title="Tech", slug="tech", body=TECHNICAL + extra)
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.get(Article, article.id)
        assert saved.source_format == SourceFormat.HTML
        assert saved.body_html.startswith(article.body_html)
        assert saved.body_html.endswith("<p>A new line<br>\nwith a break.</p>")
