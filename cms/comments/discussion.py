"""Discussion settings: the rules editors set at /admin/settings, stored in the database.

Every setting has a default here, so a new site works before anyone saves the form; only
the values someone changed are stored. Reads are kept per process until the public mark
moves (cms/http/freshness.py), and for the rest of the request.
"""

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import timedelta

from flask import current_app, g
from sqlalchemy import select

from ..extensions import db
from ..http import freshness
from ..models import Article, AuditEvent, Setting, User, utcnow


@dataclass
class Discussion:
    # Hold every comment for an editor (WordPress's "Comment must be manually approved").
    manual_approval: bool = True
    # Refuse a comment without an email address (WordPress's "Comment author must fill out
    # name and email"). Off: people writing about their own drug use may not want to give one.
    require_email: bool = False
    # Approve at once a comment whose email already has an approved comment, sent from a
    # browser holding the signed cookie of an earlier comment with that email.
    previous_approved: bool = False
    # Minutes after approval in which a commenter may still change their comment from its
    # private link (while pending they always may); 0: not once it is approved.
    edit_minutes: int = 15
    # Told to the author of a pending comment under its preview: when an editor will read it.
    moderation_promise: str = "An editor usually reads new comments within a day."
    # Hold a comment with this many links or more; 0 never holds for links.
    max_links: int = 2
    # One word or phrase per entry, matched case-insensitively inside words, as WordPress does.
    moderation_words: list[str] = field(default_factory=list)
    disallowed_words: list[str] = field(default_factory=list)
    # Where a comment with a disallowed word goes: "spam" or "trash".
    disallowed_action: str = "spam"
    # Close comments on articles published more than close_after_days ago, when on.
    close_old: bool = False
    close_after_days: int = 14
    threading: bool = True
    thread_depth: int = 5
    # Split an article's comments into pages of per_page top-level comments, when on.
    paginate: bool = False
    per_page: int = 50
    # Which page an article opens on: "newest" or "oldest".
    default_page: str = "newest"
    # Order of comments on a page: "oldest" or "newest" first.
    order: str = "oldest"
    # Mail editors and admins about each held comment, and about every posted comment.
    notify_held: bool = True
    notify_posted: bool = False
    # The reasons an editor may give when they remove part of a comment or trash it; the
    # commenter is told the reason (never the removed words) when they can be mailed.
    removal_reasons: list[str] = field(
        default_factory=lambda: [
            "personal information removed",
            "details that could put someone at risk",
            "off topic",
            "hurtful to someone",
        ]
    )
    # The "Need help now?" box, one "Label: how to reach it" a line (cms/care/help_box.py);
    # empty until an admin writes their own or picks a country's preset (cms/care/presets.py).
    help_lines: list[str] = field(default_factory=list)
    # The reply the "Reply with resources" button starts from, on a comment that needs care;
    # {help_lines} becomes the box's lines, one a line.
    care_reply: str = (
        "Thank you for telling us. We are really glad you wrote, and we want you to be safe. "
        "If you are in danger now, please reach out to one of these, any time:\n\n"
        "{help_lines}\n\n"
        "You are not alone, and you do not have to get through this by yourself."
    )
    # The help numbers after "If you are in crisis:" in every page's footer, as plain text;
    # empty shows no line, since a default number would be wrong in most countries.
    crisis_line: str = ""
    # Where visitors can ask the editors about their data (an email address or a web page),
    # shown on "Your data" when the site cannot send mail.
    privacy_contact: str = ""


SETTING_NAMES = tuple(f.name for f in fields(Discussion))


# Built once: every post and form reads the settings, and the statement cost more to build
# than to run. The table is a few dozen rows; what is not a discussion setting is skipped.
_ALL_SETTINGS = select(Setting.key, Setting.value)
# Where each app keeps, in this process, the settings it last read and the public mark they
# were read at.
_KEPT = "cms.discussion"


def load() -> Discussion:
    """Return the current settings: stored values over the defaults.

    Read again only when the public mark moved: saving a setting moves it in the same
    transaction (cms/http/freshness.py), so a change made by any process is seen by every
    other at its next request. Cached for the rest of the request too.
    """
    if "discussion" not in g:
        mark = freshness.current_mark()
        kept = current_app.extensions.get(_KEPT)
        if kept is None or kept[0] != mark:
            kept = mark, _read()
            current_app.extensions[_KEPT] = kept
        g.discussion = kept[1]
    return g.discussion


def _read() -> Discussion:
    rows = db.session.execute(_ALL_SETTINGS)
    return Discussion(**{key: json.loads(value) for key, value in rows if key in SETTING_NAMES})


def _as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def save(new: Discussion, by: User | None) -> list[str]:
    """Store the settings that changed, with an audit entry each; return their names."""
    old = asdict(load())
    changed = [name for name, value in asdict(new).items() if old[name] != value]
    for name in changed:
        value = getattr(new, name)
        db.session.merge(Setting(key=name, value=json.dumps(value)))
        db.session.add(
            AuditEvent(
                user_id=by.id if by else None,
                action="settings",
                # Words as typed ("·", "é"), never \u escapes, in the log people read.
                detail=f"{name}: {_as_json(old[name])} → {_as_json(value)}",
            )
        )
    g.discussion = new
    return changed


def comments_open(article: Article) -> bool:
    """Say whether the article takes new comments: its own switch, then the age rule."""
    if not article.comments_open:
        return False
    rules = load()
    if rules.close_old and rules.close_after_days > 0:
        return utcnow() - article.published_at <= timedelta(days=rules.close_after_days)
    return True
