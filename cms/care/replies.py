"""The reply a moderator starts from on a comment that needs care: the admin's words, with
the help lines in them, for the moderator to change before it goes."""

from ..comments import discussion

HELP_LINES = "{help_lines}"


def care_reply() -> str:
    """Return the starting reply, its {help_lines} filled in as the settings hold them."""
    rules = discussion.load()
    lines = "\n".join(rules.help_lines) or rules.crisis_line
    return rules.care_reply.replace(HELP_LINES, lines)
