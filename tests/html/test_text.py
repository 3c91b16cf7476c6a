"""Stored HTML read back as text: words for the search index, mail, and the moderation queue."""

import pytest

from cms.html.text import article_text, comment_text, links_as_text
from tests.support.html_page import parse_html

# --- article_text: the words a reader sees, for the search index ---


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One day</p><p>at a time</p>", "One day at a time"),
        ("<ul><li>sleep</li><li>eat</li></ul>", "sleep eat"),
        ("<p><b>re</b>lapse and <em>re</em>covery</p>", "relapse and recovery"),
        ('<p>See <a href="https://hidden.example/">the guide</a>.</p>', "See the guide."),
        ('<p>Before<img src="x.png" alt="a sunrise">after</p>', "Before a sunrise after"),
        ('<img src="x.png">', ""),
        ("<p>Fish &amp; chips &lt;3</p>", "Fish & chips <3"),
        ("<h2>Title</h2>\n\n<p>  spaced\n out  </p>", "Title spaced out"),
    ],
)
def test_article_text_holds_the_words_readers_see_and_nothing_of_the_markup(
    html: str, text: str
) -> None:
    assert article_text(html) == text


def test_article_text_never_holds_a_link_target_or_an_attribute() -> None:
    html = '<p title="secret title"><a href="https://tracker.example/?id=1">words</a></p>'
    assert article_text(html) == "words"


# --- comment_text: stored comment HTML as the plain text of a mail ---


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>First.</p>\n<p>Second.</p>", "First.\n\nSecond."),
        ("<p>One line<br>\nnext line</p>", "One line\nnext line"),
        ("<blockquote><p>Quoted.</p></blockquote><p>Mine.</p>", "Quoted.\n\nMine."),
        ("<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>", "1 < 2 && 3 > 2"),
        ("<p><b>Bold</b> and <em>em</em></p>", "Bold and em"),
    ],
)
def test_comment_text_keeps_paragraphs_and_breaks_and_drops_the_tags(html: str, text: str) -> None:
    assert comment_text(html) == text


def test_comment_text_shows_where_a_link_goes_unless_its_words_say_it() -> None:
    html = (
        '<p><a href="https://evil.example/x">my bank</a> and '
        '<a href="https://ok.example/">https://ok.example/</a></p>'
    )
    assert comment_text(html) == "my bank (https://evil.example/x) and https://ok.example/"


# --- links_as_text: the queue's safe rebuild of a stored comment ---


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("<b>bold <i>both</b> after", "<b>bold <i>both</i></b> after"),
        ("<blockquote><em>never closed", "<blockquote><em>never closed</em></blockquote>"),
        ("</b>stray closer", "stray closer"),
        (
            '<abbr title="x&quot; onclick=&quot;y">NA</abbr>',
            '<abbr title="x&quot; onclick=&quot;y">NA</abbr>',
        ),
        ('<b style="color:red" onclick="x()">b</b>', "<b>b</b>"),
        ("<script>alert(1)</script><img src=x onerror=y>", "alert(1)"),
        (
            '<a href="https://x.org/">https://x.org/</a>',
            '<span class="link-target">[https://x.org/]</span>',
        ),
        (
            '<a href="https://x.org/"><b>x</b></a>',
            '<b>x</b> <span class="link-target">[https://x.org/]</span>',
        ),
        ("<!-- hidden -->1 &lt; 2", "1 &lt; 2"),
    ],
)
def test_links_as_text_rebuilds_only_allowed_tags_and_closes_them(stored: str, shown: str) -> None:
    assert links_as_text(stored) == shown


def test_links_as_text_stops_before_a_tag_the_limit_would_split() -> None:
    assert links_as_text("<b>words</b><i>more</i>", limit=14) == "<b>words</b>"
    assert parse_html(links_as_text("<b>" * 50_000, limit=100)).text == ""


def test_links_as_text_nests_no_deeper_than_the_form_would_have_taken() -> None:
    shown = parse_html(links_as_text("<b>" * 1_000 + "deep words"))
    assert len(shown.find_all("b")) == 40
    assert shown.text == "deep words"


def test_links_as_text_shows_no_link_a_moderator_could_click() -> None:
    shown = parse_html(links_as_text('<p>Win <a href="https://spam.example/">a prize</a></p>'))
    assert shown.find_all("a") == []
    assert shown.text == "Win a prize [https://spam.example/]"
