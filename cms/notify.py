"""Who gets mail about a comment, and what it says (placeholder until the mail work lands)."""

from .models import Comment


def comment_posted(comment: Comment) -> None:
    """Queue the mail a newly stored comment calls for; called before the commit."""


def comment_approved(comment: Comment) -> None:
    """Queue the mail an approval calls for; called before the commit."""
