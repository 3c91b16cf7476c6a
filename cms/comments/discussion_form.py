"""The discussion settings form at /admin/settings, one field per setting."""

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..form_fields import WholeNumberField, strip, too_long
from . import authors


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


WORD_MAX = 100
HELP_LINE_MAX = 300


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


def _short_lines(form: FlaskForm, field: WordListField) -> None:
    if any(len(line) > HELP_LINE_MAX for line in field.data or []):
        raise ValidationError(f"Each help line must be at most {HELP_LINE_MAX} characters.")


def _short_words(form: FlaskForm, field: WordListField) -> None:
    if any(len(word) > WORD_MAX for word in field.data or []):
        raise ValidationError(f"Each word or phrase must be at most {WORD_MAX} characters.")


class DiscussionForm(FlaskForm):
    """Every discussion setting, named as in cms.discussion.Discussion."""

    # Fieldsets as the page shows them: legend, then the settings under it.
    SECTIONS = (
        (
            "Before a comment appears",
            (
                "manual_approval",
                "require_email",
                "previous_approved",
                "moderation_promise",
                "edit_minutes",
            ),
        ),
        ("Comment moderation", ("max_links", "moderation_words")),
        ("Disallowed comment keys", ("disallowed_words", "disallowed_action")),
        ("Closing old articles", ("close_old", "close_after_days")),
        ("Threads and pages", ("threading", "thread_depth", "paginate", "per_page")),
        ("Order", ("default_page", "order")),
        ("Email editors and admins whenever", ("notify_held", "notify_posted")),
        ("When editors remove something", ("removal_reasons",)),
        ("Need help now?", ("help_lines", "care_reply", "crisis_line")),
        ("Personal data requests", ("privacy_contact",)),
    )

    manual_approval = BooleanField(
        "Comment must be manually approved",
        description="Every new comment waits in the queue until a moderator approves it.",
    )
    require_email = BooleanField(
        "Commenters must give an email address",
        description="Off by default: the field is optional, and a name (a nickname is fine) "
        "is enough. People who write here about their own use may not want to give an "
        "address; those who do are told of replies when mail is on.",
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
        validators=[too_long("This sentence", 300)],
        description="Shown to the author of a comment waiting for moderation, after “Only you "
        "can see it…”. Say honestly how soon someone reads new comments.",
    )
    edit_minutes = WholeNumberField(
        "Minutes a commenter may change a published comment",
        0,
        1440,
        description="From the private link each commenter gets to their own comment. While "
        "it waits for moderation they may always change it; once published, for this long. "
        "When every comment is moderated, a change sends it back to the queue.",
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
    removal_reasons = WordListField(
        "Reasons editors can give",
        validators=[_short_words],
        description="One per line. When an editor removes part of a comment or moves it to "
        "the trash, they may pick one; a commenter whose confirmed address the site can mail "
        "is told it kindly, never with the removed words.",
    )
    help_lines = WordListField(
        "Help lines",
        validators=[_short_lines],
        description="One a line, as “Label: how to reach it”, for example “Crisis Text Line: "
        "text HOME to 741741”. Shown above the comment form, on a commenter's own pages and "
        "in every footer. Numbers to call become tap-to-call links, “text WORD to NUMBER” a "
        "text message, https:// addresses links. The dashboard offers each country's lines.",
    )
    care_reply = TextAreaField(
        "The reply “Reply with resources” starts from",
        filters=[strip],
        validators=[too_long("The reply", 5000)],
        description="Offered to a moderator answering a comment that needs care; they can "
        "change it before sending. {help_lines} becomes the help lines above, one a line.",
    )
    crisis_line = StringField(
        "Older footer line (used only while the help lines are empty)",
        filters=[lambda value: " ".join(value.split()) if value else ""],
        validators=[too_long("The crisis line", 300)],
        description="Plain text shown after “If you are in crisis:” at the foot of every page, "
        "such as “call or text 988, or text HOME to 741741”. Phone numbers become tap-to-call "
        "links; HTML is shown as typed. Leave empty for no crisis line.",
    )
    privacy_contact = StringField(
        "Where visitors can ask the editors about their data",
        filters=[strip],
        validators=[too_long("The address", 300), contact_address],
        description="An email address or a web page (https://…) where an editor answers. "
        "When the site cannot send mail, the “Your data” page shows it, so a visitor can ask "
        "to see or erase what the site holds about them.",
    )
