"""The discussion rules: which status a new comment starts in, and why.

``judge`` is pure (settings and facts in, verdict out) so every rule can be tested with a
table; ``verdict_for`` gathers the facts for a real comment.
"""

import re
from typing import NamedTuple

from ..models import Comment, CommentStatus
from . import discussion
from .discussion import Discussion

# Room left in Comment.held_reason, whose column holds 200 characters.
REASON_MAX = 200
# Links in sanitized comment HTML: bleach has already turned bare URLs into <a> tags.
_LINK = re.compile(r"<a\s", re.IGNORECASE)
NOT_KNOWN = "no earlier approved comment sent from this browser with this email"


class Verdict(NamedTuple):
    status: CommentStatus
    # Why the site held or filed the comment; empty when nothing special caught it.
    reason: str = ""


def _first_match(words: list[str], haystacks: list[str]) -> str | None:
    """Return the first word found inside any haystack, ignoring case and blank entries."""
    lowered = [h.lower() for h in haystacks if h]
    for word in (w.strip() for w in words):
        # Inside words, as WordPress does: "cialis" also catches "specialist".
        if word and any(word.lower() in h for h in lowered):
            return word
    return None


def searched_fields(comment: Comment, raw_text: str) -> list[str]:
    """Return what the word lists are matched against: every field the commenter controls."""
    return [
        comment.author_name,
        comment.author_email,
        comment.author_url,
        raw_text,
        comment.author_ip,
        comment.user_agent,
    ]


def link_count(content_html: str) -> int:
    return len(_LINK.findall(content_html))


def _reason(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def joined(*reasons: str) -> str:
    """Join the reasons a comment was held, skipping empty ones, within the column's room."""
    return _reason("; ".join(r for r in reasons if r))


def judge(rules: Discussion, fields: list[str], links: int, known_author: bool) -> Verdict:
    """Decide a new comment's status from the settings and what it contains."""
    if word := _first_match(rules.disallowed_words, fields):
        status = CommentStatus.TRASH if rules.disallowed_action == "trash" else CommentStatus.SPAM
        return Verdict(status, _reason(f'disallowed word "{word}"'))
    if word := _first_match(rules.moderation_words, fields):
        return Verdict(CommentStatus.PENDING, _reason(f'moderation word "{word}"'))
    if rules.max_links > 0 and links >= rules.max_links:
        return Verdict(CommentStatus.PENDING, f"{links} link{'s' if links != 1 else ''}")
    if rules.previous_approved and known_author:
        return Verdict(CommentStatus.APPROVED)
    if rules.manual_approval:
        return Verdict(CommentStatus.PENDING)
    if rules.previous_approved:
        return Verdict(CommentStatus.PENDING, NOT_KNOWN)
    return Verdict(CommentStatus.APPROVED)


def verdict_for(comment: Comment, raw_text: str, vouched: bool) -> Verdict:
    """Judge an unsaved comment; ``vouched``: this browser posted an approved comment under
    this address (cms/comments/posting.py)."""
    rules = discussion.load()
    known = rules.previous_approved and vouched
    return judge(rules, searched_fields(comment, raw_text), link_count(comment.content_html), known)
