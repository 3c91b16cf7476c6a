"""Every form of the site, including the empty one behind each action button."""

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from . import sanitize
from .articles.slugs import slugify
from .comments import authors
from .comments.antispam import stamp
from .http.bounds import MAX_WHOLE_NUMBER
from .mail import outbox as mail
from .models import ArticleStatus, Role

# WordPress's column limits, so imported and native comments fit the same fields.
NAME_MAX, EMAIL_MAX, URL_MAX, COMMENT_MAX = 245, 100, 200, 65525


def _possible_id(value: int | None) -> int | None:
    """Keep 0 or an id a row can have; any other number becomes -1, which names nothing."""
    # Past 64 bits the database would fail on it; -1 is refused as any missing parent is.
    if value is None or 0 <= value <= MAX_WHOLE_NUMBER:
        return value
    return -1


def _too_long(label: str, limit: int) -> Length:
    return Length(max=limit, message=f"{label} must be at most {limit:,} characters.")


def _strip(value: str | None) -> str:
    """Trim a one-line answer and drop NUL characters, which PostgreSQL cannot store."""
    return value.replace("\x00", "").strip() if value else ""


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


# What each bound of sanitize.formatting is called, and what to do about it, in the order
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
    counted = sanitize.formatting(text)
    for measure, bound, problem in _FORMATTING_BOUNDS:
        count, most = getattr(counted, measure), getattr(sanitize, bound)
        if count > most:
            raise ValidationError(
                problem.format(count=count, most=most)
                + " and send it again; everything you typed is still in the box above."
            )


def contact_address(form: FlaskForm, field: StringField) -> None:
    """Accept an email address or an http(s) page, so the Your data page can link to it."""
    value = field.data
    if not value or (value.startswith(("https://", "http://")) and " " not in value):
        return
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(
            "Enter an email address, like editors@example.org, or a web page address "
            "starting with https://."
        ) from None


class CommentForm(FlaskForm):
    # No session-bound token: the post checks a signed token naming the article and the
    # Origin instead (cms/comments/form_token.py says why), so every reader gets the same page.
    class Meta:
        csrf = False

    # Declared in the order the form shows them, so the error summary reads the same way.
    comment = TextAreaField(
        "Comment",
        validators=[
            DataRequired("Please type your comment."),
            _too_long("Comment", COMMENT_MAX),
            bounded_formatting,
        ],
    )
    # One line each: what is typed here reaches editors' mail (cms/comments/authors.py says why).
    author = StringField(
        "Name",
        filters=[authors.one_line],
        validators=[
            DataRequired("Please enter your name."),
            _too_long("Name", NAME_MAX),
            single_line,
        ],
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
        "Website",
        filters=[authors.one_line],
        validators=[_too_long("Website", URL_MAX), single_line, web_address],
    )
    # 0 for a new thread, else the id of the approved comment this one answers.
    comment_parent = IntegerField(default=0, filters=[_possible_id])
    remember = BooleanField(
        "Save my name, email, and website in this browser for the next time I comment."
    )
    notify = BooleanField("Notify me when my comment is published or answered")
    # Honeypot: hidden from people and screen readers, so only a robot fills it in.
    subject = StringField("Leave this field empty")
    # When the form was shown, signed; set on a fresh form and kept through corrections.
    shown = HiddenField(default=stamp)
    # Signed for the article by cms.comment_token; checked by the view, not by validate().
    csrf_token = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No way to send mail, no box promising it: without the field a posted notify=y
        # is never read, and no comment is stored as wanting mail.
        if not mail.can_send():
            del self.notify

    @property
    def wants_mail(self) -> bool:
        """Say whether the commenter ticked "Notify me" (never, when mail is off)."""
        return self.notify is not None and bool(self.notify.data)


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[DataRequired("Enter your email.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    # Flask-Login's remember cookie: the login outlives closing the browser (a phone's tabs).
    remember = BooleanField("Keep me logged in on this device")
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


# --- Staff: discussion settings, users ---


class WholeNumberField(IntegerField):
    """A number field whose every bad entry, typed or out of range, gets one plain message."""

    def __init__(self, label: str, low: int, high: int, **kwargs: object) -> None:
        message = f"Enter a whole number from {low} to {high}."
        validators = [InputRequired(message), NumberRange(low, high, message)]
        super().__init__(label, validators=validators, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        # Leave a non-number as None for NumberRange to explain, instead of a second message.
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


WORD_MAX = 100


def word_lines(text: str) -> list[str]:
    """Split text into its non-blank lines, keeping the first spelling of each word."""
    words: dict[str, str] = {}
    for line in text.splitlines():
        # Matching ignores case, so one spelling of each word is enough.
        words.setdefault(line.strip().lower(), line.strip())
    return [word for key, word in words.items() if key]


class WordListField(TextAreaField):
    """A textarea of words or phrases, one a line, held as a list without blanks or repeats."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            self.data = word_lines(valuelist[0])

    def _value(self) -> str:
        return self.raw_data[0] if self.raw_data else "\n".join(self.data or [])


def _short_words(form: FlaskForm, field: WordListField) -> None:
    if any(len(word) > WORD_MAX for word in field.data or []):
        raise ValidationError(f"Each word or phrase must be at most {WORD_MAX} characters.")


class DiscussionForm(FlaskForm):
    """Every discussion setting, named as in cms.discussion.Discussion."""

    # Fieldsets as the page shows them: legend, then the settings under it.
    SECTIONS = (
        (
            "Before a comment appears",
            ("manual_approval", "previous_approved", "moderation_promise"),
        ),
        ("Comment moderation", ("max_links", "moderation_words")),
        ("Disallowed comment keys", ("disallowed_words", "disallowed_action")),
        ("Closing old articles", ("close_old", "close_after_days")),
        ("Threads and pages", ("threading", "thread_depth", "paginate", "per_page")),
        ("Order", ("default_page", "order")),
        ("Email editors and admins whenever", ("notify_held", "notify_posted")),
        ("Every page's footer", ("crisis_line",)),
        ("Personal data requests", ("privacy_contact",)),
    )

    manual_approval = BooleanField(
        "Comment must be manually approved",
        description="Every new comment waits in the queue until a moderator approves it.",
    )
    previous_approved = BooleanField(
        "Comment author must have a previously approved comment",
        description="When on, a comment is published at once if its email address already "
        "has an approved comment sent from the same browser (a signed cookie shows it; "
        "typing someone's address is not enough).",
    )
    moderation_promise = StringField(
        "When an editor reads new comments",
        filters=[authors.one_line],
        validators=[_too_long("This sentence", 300)],
        description="Shown to the author of a comment waiting for moderation, after “Only you "
        "can see it…”. Say honestly how soon someone reads new comments.",
    )
    max_links = WholeNumberField(
        "Hold a comment in the queue if it contains this many links or more",
        0,
        100,
        description="Spam usually carries links. 0 never holds a comment for its links.",
    )
    moderation_words = WordListField(
        "Moderation words",
        validators=[_short_words],
        description="One word or phrase per line. A comment whose name, email, website, text "
        "or IP address contains one is held in the queue. Matching ignores case and also "
        "finds words inside longer words (“press” matches “WordPress”).",
    )
    disallowed_words = WordListField(
        "Disallowed words",
        validators=[_short_words],
        description="One word or phrase per line, matched the same way. A comment containing "
        "one is not held but filed where the next setting says.",
    )
    disallowed_action = SelectField(
        "A comment with a disallowed word goes to",
        choices=[SelectChoice("spam", "Spam"), SelectChoice("trash", "Trash")],
    )
    close_old = BooleanField("Automatically close comments on old articles")
    close_after_days = WholeNumberField(
        "Close comments on articles older than this many days",
        1,
        3650,
        description="Used only when the box above is ticked.",
    )
    threading = BooleanField("Enable threaded (nested) comments")
    thread_depth = WholeNumberField(
        "Levels of nesting",
        1,
        10,
        description="Replies deeper than this are shown at the last level.",
    )
    paginate = BooleanField("Break comments into pages")
    per_page = WholeNumberField("Top-level comments per page", 1, 500)
    default_page = SelectField(
        "Page shown first",
        choices=[
            SelectChoice("newest", "The newest page"),
            SelectChoice("oldest", "The oldest page"),
        ],
    )
    order = SelectField(
        "Comments on each page",
        choices=[SelectChoice("oldest", "Oldest first"), SelectChoice("newest", "Newest first")],
    )
    notify_held = BooleanField("A comment is held for moderation")
    notify_posted = BooleanField("Anyone posts a comment")
    crisis_line = StringField(
        "Crisis line in the footer",
        filters=[lambda value: " ".join(value.split()) if value else ""],
        validators=[_too_long("The crisis line", 300)],
        description="Plain text shown after “If you are in crisis:” at the foot of every page, "
        "such as “call or text 988, or text HOME to 741741”. Phone numbers become tap-to-call "
        "links; HTML is shown as typed. Leave empty for no crisis line.",
    )
    privacy_contact = StringField(
        "Where visitors can ask the editors about their data",
        filters=[_strip],
        validators=[_too_long("The address", 300), contact_address],
        description="An email address or a web page (https://…) where an editor answers. "
        "When the site cannot send mail, the “Your data” page shows it, so a visitor can ask "
        "to see or erase what the site holds about them.",
    )


ROLE_CHOICES = [
    SelectChoice(Role.MODERATOR.value, "Moderator (comments)"),
    SelectChoice(Role.EDITOR.value, "Editor (comments and articles)"),
    SelectChoice(Role.ADMIN.value, "Admin (everything, with settings and users)"),
]


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class UserForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Enter the email address they will log in with."),
            _too_long("Email", 254),
            Email("Enter a valid email address, like name@example.org."),
        ],
    )
    # Required: it signs their replies and bylines, where an address must never appear.
    name = StringField(
        "Name shown on replies and bylines",
        description="Readers see it on their replies and articles; never their email address.",
        filters=[_strip],
        validators=[DataRequired("Enter the name readers will see."), _too_long("Name", 100)],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.MODERATOR.value)
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter a password for the account."),
            Length(min=8, message="The password must be at least 8 characters."),
        ],
        description="At least 8 characters. Give it to them in person or by phone, not by mail.",
    )


# --- Staff: the moderation queue ---


class CommentEditForm(FlaskForm):
    """A staff edit of a comment: the public form's own fields, so the same checks apply."""

    comment = CommentForm.comment
    author = CommentForm.author
    email = CommentForm.email
    url = CommentForm.url


class QueueReplyForm(FlaskForm):
    """A staff reply written in the queue, checked as a visitor's comment text is."""

    comment = CommentForm.comment


# --- Staff: authoring articles ---


def _slug_form(form: FlaskForm, field: StringField) -> None:
    """Accept only a slug already in the form the site makes: lowercase words and hyphens."""
    if field.data and slugify(field.data) != field.data:
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


class ArticleForm(FlaskForm):
    """An article as its author writes it; Markdown in, rendered and cleaned on save."""

    title = StringField(
        "Title",
        filters=[_strip],
        validators=[DataRequired("Please give the article a title."), _too_long("Title", 300)],
    )
    slug = StringField(
        "Address (slug)",
        filters=[_strip],
        validators=[_too_long("Address", 200), _slug_form],
        description="The end of the article's address. Leave it blank to make one from the "
        "title. If you change it, the old address keeps working and leads here.",
    )
    excerpt = TextAreaField(
        "Excerpt",
        filters=[_strip],
        validators=[_too_long("Excerpt", 2000)],
        description="A sentence or two for the article list, feeds and search engines.",
    )
    body = TextAreaField(
        "Body",
        description="Markdown: a blank line starts a paragraph; ## makes a heading; "
        "[text](https://…) makes a link.",
    )
    categories = StringField(
        "Categories",
        filters=[_strip],
        validators=[_too_long("Categories", 2000)],
        description="Names separated by commas; a new name makes a new category.",
    )
    tags = StringField(
        "Tags",
        filters=[_strip],
        validators=[_too_long("Tags", 2000)],
        description="Names separated by commas.",
    )
    author = StringField(
        "Author",
        filters=[_strip],
        validators=[DataRequired("Please give the author's name."), _too_long("Author", 200)],
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


class SecondFactorForm(FlaskForm):
    """The second login step: a code from the app, or a recovery code."""

    code = StringField(
        "Code", filters=[_strip], validators=[DataRequired("Enter the code."), Length(max=40)]
    )


class ReauthForm(FlaskForm):
    """Ask a logged-in staff member for their password (and code) before a sensitive page."""

    password = PasswordField("Your password", validators=[DataRequired("Enter your password.")])
    # Asked for only when the account has two-factor login; the view checks it then.
    code = StringField(
        "Code from your app, or a recovery code", filters=[_strip], validators=[Length(max=40)]
    )
    next = HiddenField()


class EnableTwoFactorForm(FlaskForm):
    code = StringField(
        "Code from your app",
        filters=[_strip],
        validators=[DataRequired("Enter the six-digit code your app shows."), Length(max=20)],
    )


class ConfirmPasswordForm(FlaskForm):
    """Ask for the password again before a change to how the account logs in."""

    password = PasswordField("Your password", validators=[DataRequired("Enter your password.")])


class ChangePasswordForm(FlaskForm):
    """A staff member's new password, with the current one as proof and the new one twice."""

    current = PasswordField(
        "Your current password", validators=[DataRequired("Enter your current password.")]
    )
    new = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a new password."),
            Length(min=8, message="The new password must be at least 8 characters."),
        ],
    )
    repeat = PasswordField(
        "New password again",
        validators=[
            DataRequired("Type the new password a second time."),
            EqualTo("new", message="The two new passwords differ; please type them again."),
        ],
    )


# --- Personal data requests (cms/privacy/personal_data.py) ---


class DataRequestForm(FlaskForm):
    """A visitor asks for a link to what the site holds about their address."""

    email = EmailField(
        "Your email address",
        filters=[_strip],
        validators=[
            DataRequired("Please enter your email address."),
            _too_long("Email", EMAIL_MAX),
            Email("Please enter a valid email address, like name@example.com."),
        ],
    )


class EraseDataForm(FlaskForm):
    """Confirm an erasure, and say what becomes of the comments' text."""

    text = RadioField(
        "The comments' text",
        choices=[
            SelectChoice("keep", "Keep the text, with no name, email or website"),
            SelectChoice("remove", "Delete the comments too"),
        ],
        default="keep",
    )
    confirm = BooleanField(
        "I understand that this cannot be undone.",
        validators=[DataRequired("Tick the box to confirm.")],
    )


def _staff_address() -> StringField:
    # No syntax check: an address imported from WordPress may be one a form would refuse.
    return StringField(
        "Email address",
        filters=[_strip],
        validators=[DataRequired("Enter an email address."), _too_long("Email", EMAIL_MAX)],
    )


class PersonalDataForm(FlaskForm):
    """An editor names the address whose data to find or download."""

    email = _staff_address()


class StaffEraseForm(EraseDataForm):
    """An editor erases what the site holds about an address."""

    email = _staff_address()
