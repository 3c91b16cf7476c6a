"""What the gunicorn master does for its workers before forking them (deploy/gunicorn.conf.py).

A worker is replaced every max_requests, and each new one started cold: its first page
compiled the templates (65 ms) and hashed the code for the validators (20 ms) again. Done
once in the master, every worker shares them from its first request.
"""

from flask import Flask
from jinja2 import TemplateSyntaxError

from .http import validators

# Pages, mail bodies and feeds: every template the site renders.
_TEMPLATES = ("html", "txt", "xml")


def warm(app: object) -> None:
    """Compile every template and hash the code, so that forked workers inherit both."""
    if not isinstance(app, Flask):
        return  # another callable served (the app in a wrapper, another app): nothing to warm
    for name in app.jinja_env.list_templates(extensions=_TEMPLATES):
        try:
            app.jinja_env.get_template(name)
        except TemplateSyntaxError:
            # Not the master's to refuse: the page that uses it fails, as it would have.
            continue
    with app.app_context():
        validators.code_version()
