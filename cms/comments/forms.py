"""The comment form, and the staff forms that reuse its fields and checks."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from .. import form_fields as drawn
from ..form_fields import strip, too_long
from ..html import bounds
from ..http.bounds import MAX_WHOLE_NUMBER
from ..mail import outbox as mail
from . import authors, discussion, moderation
from .antispam import stamp

REQUIRED_EMAIL = DataRequired("Please enter your email address.")
# WordPress's column limits, so imported and native comments fit the same fields.
NAME_MAX, EMAIL_MAX, URL_MAX, COMMENT_MAX = 245, 100, 200, 65525


def _possible_id(value: int | None) -> int | None:
    """Keep 0 or an id a row can have; any other number becomes -1, which names nothing."""
    # Past 64 bits the database would fail on it; -1 is refused as any missing parent is.
    if value is None or 0 <= value <= MAX_WHOLE_NUMBER:
        return value
    return -1


def web_address(form: FlaskForm, field: StringField) -> None:
    """Accept only http(s) addresses with a host; a bare host gets https:// in front."""
    if not field.data:
        return
    field.data = authors.web_address(field.data)
    if not authors.is_web_address(field.data):
        raise ValidationError("Enter a website address starting with http:// or https://.")


def single_line(form: FlaskForm, field: StringField) -> None:
    """Refuse the invisible characters one_line leaves: controls and bidi overrides."""
    if authors.has_invisible(field.data or ""):
        raise ValidationError(
            f"Your {field.label.text.lower()} has an invisible control character in it, "
            "perhaps pasted with it. Please type it again as plain text."
        )


# What each bound of bounds.formatting is called, and what to do about it, in the order
# the checks run; every message ends by saying the text is kept.
_FORMATTING_BOUNDS = (
    (
        "tags",
        "COMMENT_MAX_TAGS",
        "This comment has more formatting than the site can show: {count:,} tags, and "
        "{most:,} is the most. Please take some out",
    ),
    (
        "depth",
        "COMMENT_MAX_DEPTH",
        "This comment has formatting tags inside one another {count:,} deep, and {most} is "
        "the most the site can show. Please close some of them (like <b> with </b>) or take "
        "them out,",
    ),
    (
        "signs",
        "COMMENT_MAX_SIGNS",
        "This comment has {count:,} of the signs <, > and &, and {most:,} is the most the "
        "site can show. Please take some out",
    ),
    (
        "lines",
        "COMMENT_MAX_LINES",
        "This comment has {count:,} lines, and {most:,} is the most the site can show. "
        "Please join some of them",
    ),
)


def bounded_formatting(form: FlaskForm, field: TextAreaField) -> None:
    """Refuse, before any parser runs, a comment with more markup than the site will clean."""
    text = field.data or ""
    if len(text) > COMMENT_MAX:
        return  # already refused for its length; counting its tags adds nothing
    counted = bounds.formatting(text)
    for measure, bound, problem in _FORMATTING_BOUNDS:
        count, most = getattr(counted, measure), getattr(bounds, bound)
        if count > most:
            raise ValidationError(
                problem.format(count=count, most=most)
                + " and send it again; everything you typed is still in the box above."
            )


class CommentForm(FlaskForm):
    # Drawn on every page sent back to a commenter: the widgets are cms/form_fields.py's,
    # which write the same HTML as WTForms' own for less.
    # No session-bound token: the post checks a signed token naming the article and the
    # Origin instead (cms/comments/form_token.py says why), so every reader gets the same page.
    class Meta:
        csrf = False

    # Declared in the order the form shows them, so the error summary reads the same way.
    comment = TextAreaField(
        "Comment",
        widget=drawn.TextArea(),
        validators=[
            DataRequired("Please type your comment."),
            too_long("Comment", COMMENT_MAX),
            bounded_formatting,
        ],
    )
    # One line each: what is typed here reaches editors' mail (cms/comments/authors.py says why).
    author = StringField(
        "Name",
        widget=drawn.TextInput(),
        filters=[authors.one_line],
        validators=[
            DataRequired("Please enter your name."),
            too_long("Name", NAME_MAX),
            single_line,
        ],
    )
    # Optional unless the discussion settings require it (CommentForm.__init__).
    email = EmailField(
        "Email",
        widget=drawn.EmailInput(),
        filters=[strip],
        validators=[
            Optional(),
            too_long("Email", EMAIL_MAX),
            Email("Please enter a valid email address, like name@example.com."),
        ],
    )
    url = URLField(
        "Website",
        widget=drawn.URLInput(),
        filters=[authors.one_line],
        validators=[too_long("Website", URL_MAX), single_line, web_address],
    )
    # 0 for a new thread, else the id of the approved comment this one answers.
    comment_parent = IntegerField(default=0, filters=[_possible_id], widget=drawn.NumberInput())
    remember = BooleanField(
        "Save my name, email, and website in this browser for the next time I comment.",
        widget=drawn.CheckboxInput(),
    )
    notify = BooleanField(
        "Notify me when my comment is published or answered", widget=drawn.CheckboxInput()
    )
    # Honeypot: hidden from people and screen readers, so only a robot fills it in.
    subject = StringField("Leave this field empty", widget=drawn.TextInput())
    # When the form was shown, signed; set on a fresh form and kept through corrections.
    shown = HiddenField(default=stamp, widget=drawn.HiddenInput())
    # Signed for the article by cms.comment_token; checked by the view, not by validate().
    csrf_token = HiddenField(widget=drawn.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No way to send mail, no box promising it: without the field a posted notify=y
        # is never read, and no comment is stored as wanting mail.
        if not mail.can_send():
            del self.notify
        if discussion.load().require_email:
            self.email.validators = [REQUIRED_EMAIL, *self.email.validators[1:]]
            self.email.flags.required = True
            self.email.flags.optional = False

    def validate_notify(self, field: BooleanField) -> None:
        # Replies are told by mail: with no address there is no one to tell.
        if field.data and not self.email.data:
            raise ValidationError(
                "To be told when your comment is published or answered, please add your "
                "email address above, or untick this box to post without one."
            )

    @property
    def wants_mail(self) -> bool:
        """Say whether the commenter ticked "Notify me" (never, when mail is off)."""
        return self.notify is not None and bool(self.notify.data)


class BulkForm(FlaskForm):
    action = SelectField(
        "Bulk action",
        choices=[SelectChoice(move.key, move.name) for move in moderation.MOVES.values()],
    )


class CommentEditForm(FlaskForm):
    """A staff edit of a comment: the public form's own fields, so the same checks apply."""

    comment = CommentForm.comment
    author = CommentForm.author
    email = CommentForm.email
    url = CommentForm.url


class QueueReplyForm(FlaskForm):
    """A staff reply written in the queue, checked as a visitor's comment text is."""

    comment = CommentForm.comment


class OwnCommentForm(FlaskForm):
    """A commenter changing their own comment from its private link: the same text checks."""

    comment = CommentForm.comment


class WithdrawForm(FlaskForm):
    """Nothing to fill in: the button, and the session's CSRF token."""


class RedactForm(FlaskForm):
    """An editor taking words out of a comment, or trashing it, with a reason they pick."""

    pieces = TextAreaField(
        "Words to take out",
        validators=[too_long("The words to take out", COMMENT_MAX)],
        description="Copy each piece from the comment above, one a line (a phone number, a "
        "surname). Each is replaced by “[removed by the editors]”; the rest is kept.",
    )
    # Filled from the discussion settings' reasons by the view.
    reason = SelectField("Reason, if you want to give one", choices=[], validate_choice=True)
