"""The article editor's form: which entries it accepts, and what it says about the rest."""

from datetime import date, time

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from cms.articles.forms import ArticleForm

FILLED = {
    "title": "  Staying Sober Through The Holidays  ",
    "slug": "",
    "excerpt": "Plans for the hardest weeks.",
    "body": "Family visits can be hard.",
    "categories": "Relapse",
    "tags": "holidays, planning",
    "author": "Eddie Editor",
    "status": "published",
    "publish_date": "",
    "publish_time": "",
    "comments_open": "y",
}


def sent(app: Flask, **changes: str) -> ArticleForm:
    """Return the form as it stands after a post of FILLED with these changes, validated."""
    with app.test_request_context(method="POST"):
        form = ArticleForm(formdata=MultiDict({**FILLED, **changes}), meta={"csrf": False})
        form.validate()
        return form


def test_a_filled_form_is_accepted_with_its_title_trimmed(app: Flask) -> None:
    form = sent(app, publish_date="2024-06-01", publish_time="09:30")
    assert form.errors == {}
    assert form.title.data == "Staying Sober Through The Holidays"
    assert (form.publish_date.data, form.publish_time.data) == (date(2024, 6, 1), time(9, 30))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Please give the article a title."),
        ({"author": ""}, "author", "Please give the author's name."),
        ({"title": "x" * 301}, "title", "Title must be at most 300 characters."),
        ({"excerpt": "x" * 2001}, "excerpt", "Excerpt must be at most 2,000 characters."),
        ({"publish_date": "01/06/2024"}, "publish_date", "like 2024-06-01."),
        ({"publish_time": "half nine"}, "publish_time", "like 09:30."),
        ({"status": "deleted"}, "status", "Not a valid choice"),
    ],
    ids=["blank-title", "no-author", "long-title", "long-excerpt", "date", "time", "status"],
)
def test_bad_entries_are_refused_at_their_field_with_a_plain_message(
    app: Flask, changes: dict[str, str], field: str, message: str
) -> None:
    form = sent(app, **changes)
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Café Talk",
            "Use lowercase letters, digits and hyphens only (for example “cafe-talk”), "
            "or leave it blank.",
        ),
        ("my-post-", "(for example “my-post”)"),
        ("???", "Use lowercase letters, digits and hyphens only, or leave it blank."),
    ],
)
def test_a_slug_not_in_the_sites_own_form_is_refused_with_a_suggestion(
    app: Flask, typed: str, message: str
) -> None:
    assert message in sent(app, slug=typed).errors["slug"][0]


@pytest.mark.parametrize("typed", ["", "cafe-talk", "day-12", "  spaced-out  "])
def test_a_blank_or_well_formed_slug_is_accepted(app: Flask, typed: str) -> None:
    form = sent(app, slug=typed)
    assert "slug" not in form.errors
    assert form.slug.data == typed.strip()


def test_a_new_form_opens_with_comments_open_and_offers_three_statuses(app: Flask) -> None:
    with app.test_request_context():
        form = ArticleForm(meta={"csrf": False})
        assert form.comments_open.data is True
        assert [choice.value for choice in form.status.choices] == [
            "draft",
            "published",
            "private",
        ]
