"""The article editor's form: Markdown in, rendered and cleaned on save."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from ..articles.slugs import is_valid_slug, slugify
from ..form_fields import strip, too_long
from ..models import ArticleStatus


def _slug_form(form: FlaskForm, field: StringField) -> None:
    """Accept only a slug that works as an address: lowercase words and hyphens."""
    # WordPress's slugs may keep underscores and accents; imported ones stay as they were.
    if field.data and not is_valid_slug(field.data):
        suggestion = slugify(field.data)
        hint = f" (for example “{suggestion}”)" if suggestion else ""
        raise ValidationError(
            f"Use lowercase letters, digits and hyphens only{hint}, or leave it blank."
        )


class KindDateField(DateField):
    """A date field whose bad entry gets a plain message with an example."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter the date as year-month-day, like 2024-06-01.") from error


class KindTimeField(TimeField):
    """A time field whose bad entry gets a plain message with an example."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter the time as hours:minutes, like 09:30.") from error


ARTICLE_STATUS_CHOICES = [
    SelectChoice(ArticleStatus.DRAFT.value, "Draft (not public)"),
    SelectChoice(ArticleStatus.PUBLISHED.value, "Published (scheduled if the date is later)"),
    SelectChoice(ArticleStatus.PRIVATE.value, "Private (never public)"),
]


# The body's note for an article imported from WordPress, whose source stays HTML.
HTML_BODY_NOTE = (
    "HTML, as WordPress stored it: a blank line starts a paragraph and a single newline "
    "breaks the line, as on the old site."
)


class ArticleForm(FlaskForm):
    """An article as its author writes it; Markdown in, rendered and cleaned on save."""

    title = StringField(
        "Title",
        filters=[strip],
        validators=[DataRequired("Please give the article a title."), too_long("Title", 300)],
    )
    slug = StringField(
        "Address (slug)",
        filters=[strip],
        validators=[too_long("Address", 200), _slug_form],
        description="The end of the article's address. Leave it blank to make one from the "
        "title. If you change it, the old address keeps working and leads here.",
    )
    excerpt = TextAreaField(
        "Excerpt",
        filters=[strip],
        validators=[too_long("Excerpt", 2000)],
        description="A sentence or two for the article list, feeds and search engines.",
    )
    body = TextAreaField(
        "Body",
        description="Markdown: a blank line starts a paragraph; ## makes a heading; "
        "[text](https://…) makes a link.",
    )
    categories = StringField(
        "Categories",
        filters=[strip],
        validators=[too_long("Categories", 2000)],
        description="Names separated by commas; a new name makes a new category.",
    )
    tags = StringField(
        "Tags",
        filters=[strip],
        validators=[too_long("Tags", 2000)],
        description="Names separated by commas.",
    )
    author = StringField(
        "Author",
        filters=[strip],
        validators=[DataRequired("Please give the author's name."), too_long("Author", 200)],
    )
    status = SelectField("Status", choices=ARTICLE_STATUS_CHOICES)
    publish_date = KindDateField(
        "Publish on",
        validators=[Optional()],
        description="Dates and times are UTC. Leave blank to publish now; a later date "
        "schedules the article, and it appears by itself at that time.",
    )
    publish_time = KindTimeField("at", validators=[Optional()])
    comments_open = BooleanField("Comments open", default=True)
