"""The reply a moderator starts from on a comment that needs care."""

from flask import Flask

from cms.care.replies import care_reply
from tests.support.site import set_discussion


def test_the_template_gets_the_help_lines(app: Flask) -> None:
    set_discussion(app, help_lines=["Samaritans: call 116 123"], care_reply="Here:\n{help_lines}")
    with app.test_request_context():
        assert care_reply() == "Here:\nSamaritans: call 116 123"


def test_without_help_lines_the_older_footer_line_is_used(app: Flask) -> None:
    set_discussion(app, crisis_line="call 988", care_reply="Reach: {help_lines}")
    with app.test_request_context():
        assert care_reply() == "Reach: call 988"
