"""Template filters and globals shared by every page."""

from datetime import datetime

from flask import Flask, current_app
from wtforms import Field

from .care import help_box, replies
from .comments import authors


def long_date(value: datetime) -> str:
    """Format a date as readers expect it: March 4, 2024."""
    return f"{value:%B} {value.day}, {value.year}"


def date_time(value: datetime) -> str:
    """Format a stored UTC time as WordPress does, naming the zone: March 4, 2024 at 9:05 pm UTC."""
    # Stored times are UTC; a reader at night in another zone must not misread "2:10 am".
    hour = value.hour % 12 or 12
    return f"{long_date(value)} at {hour}:{value:%M} {'am' if value.hour < 12 else 'pm'} UTC"


def stamp_time(value: str | None) -> str:
    """Show a stored RFC 3339 UTC stamp ("2026-12-04T02:10:00Z") as date_time does."""
    # The "Your data" export keeps machine-readable stamps; people read them as sentences.
    return date_time(datetime.fromisoformat(value.removesuffix("Z"))) if value else ""


def aria(field: Field, *notes: str) -> dict[str, str]:
    """Return the ARIA attributes that tie a form field to its note and its error message."""
    described = [*notes, f"{field.id}-error"] if field.errors else list(notes)
    attributes = {"aria-invalid": "true" if field.errors else "false"}
    if described:
        attributes["aria-describedby"] = " ".join(described)
    return attributes


def _globals() -> dict:
    return {
        "site_name": current_app.config["SITE_NAME"],
        "aria": aria,
    }


def register(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(date_time)
    app.add_template_filter(stamp_time)
    # How a commenter is shown on every page: never an address as a name, never a link
    # that is not http(s) (cms/comments/authors.py).
    app.add_template_filter(authors.public_name, "commenter_name")
    app.add_template_filter(authors.website_link, "website_link")
    app.context_processor(_globals)
    # Globals, not context: macros imported without context (the queue's row) read them.
    app.add_template_global(help_box.lines, "help_lines")
    app.add_template_global(replies.care_reply, "care_reply")
