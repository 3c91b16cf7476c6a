"""How much formatting a comment may carry: counted before any parser, refused kindly."""

import pytest

from cms.html.bounds import Formatting, formatting
from cms.html.sanitize import clean_comment
from tests.support.html_page import form_values, page, parse_html
from tests.support.site import comments_in_db

OVER_THE_BOUND = [
    pytest.param("<b>" * 20_000 + "Still here.", "20,000 tags", id="tens-of-thousands-open"),
    pytest.param("Line<br>" * 501, "501 tags", id="many-small-tags"),
    pytest.param("<b>" * 21 + "Still here.", "21 deep", id="nested-too-deep"),
    pytest.param("<b><i></b>" * 30, "deep", id="misnested"),
]


@pytest.mark.parametrize("body, figure", OVER_THE_BOUND)
def test_comment_with_more_formatting_than_the_bound_comes_back_with_its_words(
    app, commenter, body, figure
):
    shown = page(commenter.sent_back(commenter.post(comment=body)))
    message = shown.by_id("comment-error").text
    assert "more formatting than the site can show" in message or "inside one another" in message
    assert figure in message
    assert "everything you typed is still in the box above" in message
    assert form_values(shown)["comment"] == body
    assert comments_in_db(app) == []


def test_comment_with_ordinary_formatting_is_posted_whole(app, commenter):
    body = "\n\n".join(f"<b>Day {n}</b>: <em>one <i>step</i></em> at a time." for n in range(80))
    assert commenter.post(comment=body).status_code == 303
    stored = parse_html(comments_in_db(app)[-1].content_html)
    assert len(stored.find_all("b")) == 80
    assert len(stored.find_all("i")) == 80


@pytest.mark.parametrize(
    "text, tags, depth, signs",
    [
        ("plain words, <3 and a < b", 0, 0, 2),
        ("<b>bold</b> <i>it</i>", 4, 1, 0),
        ("<b><i><em>x</em></i></b>", 6, 3, 0),
        ("<b></i>" * 5, 10, 5, 0),  # a closing tag for nothing open closes nothing
        ("<p>one<p>two<br><br/>", 4, 0, 0),  # paragraphs and breaks do not nest formatting
        ("<!-- note --><?x?>", 2, 0, 0),
        ("Tom & Jo -> home, <b>safe</b> &amp; sound", 2, 1, 3),
    ],
)
def test_formatting_counts_tags_nesting_and_signs(text, tags, depth, signs):
    assert formatting(text) == Formatting(tags, depth, signs)


def test_comment_of_thousands_of_lines_comes_back_with_its_words(app, commenter):
    body = "x\n" * 3_000
    shown = page(commenter.sent_back(commenter.post(comment=body)))
    assert "3,001 lines" in shown.by_id("comment-error").text
    assert form_values(shown)["comment"].replace("\r\n", "\n") == body
    assert comments_in_db(app) == []


@pytest.mark.parametrize("sign", ["<", ">", "&"])
def test_comment_of_thousands_of_signs_comes_back_with_its_words(app, commenter, sign):
    body = f"{sign} " * 4_000
    shown = page(commenter.sent_back(commenter.post(comment=body)))
    assert "4,000 of the signs <, > and &" in shown.by_id("comment-error").text
    assert form_values(shown)["comment"] == body
    assert comments_in_db(app) == []


def test_a_person_using_signs_as_people_do_is_posted(app, commenter):
    body = "Day 12 <3 & counting. Meetings > isolation. " * 200
    assert commenter.post(comment=body).status_code == 303
    assert "Meetings &gt; isolation" in comments_in_db(app)[-1].content_html


def test_cleaning_text_past_the_bound_keeps_its_words_as_plain_text():
    text = "<b>" * 30 + "Day 12 & counting"
    html = clean_comment(text)
    assert parse_html(html).text == text
    assert [e.tag for e in parse_html(html).iter()][1:] == ["p"]
