"""Every form of the site, including the empty one behind each action button."""

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, ValidationError

# WordPress's column limits, so imported and native comments fit the same fields.
NAME_MAX, EMAIL_MAX, URL_MAX, COMMENT_MAX = 245, 100, 200, 65525


def _too_long(label: str, limit: int) -> Length:
    return Length(max=limit, message=f"{label} must be at most {limit:,} characters.")


def _strip(value: str | None) -> str:
    return value.strip() if value else ""


def web_address(form: FlaskForm, field: StringField) -> None:
    """Accept only http(s) addresses with a host; a bare host gets https:// in front."""
    value = field.data
    if not value:
        return
    if "://" not in value and ":" not in value.split("/")[0]:
        value = field.data = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in value:
        raise ValidationError("Enter a website address starting with http:// or https://.")


class CommentForm(FlaskForm):
    # Declared in the order the form shows them, so the error summary reads the same way.
    comment = TextAreaField(
        "Comment",
        validators=[
            DataRequired("Please type your comment."),
            _too_long("Comment", COMMENT_MAX),
        ],
    )
    author = StringField(
        "Name",
        filters=[_strip],
        validators=[DataRequired("Please enter your name."), _too_long("Name", NAME_MAX)],
    )
    email = EmailField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Please enter your email address."),
            _too_long("Email", EMAIL_MAX),
            Email("Please enter a valid email address, like name@example.com."),
        ],
    )
    url = URLField(
        "Website", filters=[_strip], validators=[_too_long("Website", URL_MAX), web_address]
    )
    # 0 for a new thread, else the id of the approved comment this one answers.
    comment_parent = IntegerField(default=0)
    remember = BooleanField(
        "Save my name, email, and website in this browser for the next time I comment."
    )


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[DataRequired("Enter your email.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    next = HiddenField()


class BulkForm(FlaskForm):
    action = SelectField(
        "Bulk action",
        choices=[
            SelectChoice("approve", "Approve"),
            SelectChoice("unapprove", "Unapprove"),
            SelectChoice("spam", "Mark as spam"),
            SelectChoice("trash", "Move to trash"),
            SelectChoice("restore", "Restore"),
            SelectChoice("delete", "Delete permanently"),
        ],
    )
