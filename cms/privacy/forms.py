"""Personal data requests: a visitor's or an editor's, and the erase confirmation."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email

from ..comments.forms import EMAIL_MAX
from ..form_fields import strip, too_long


class DataRequestForm(FlaskForm):
    """A visitor asks for a link to what the site holds about their address."""

    email = EmailField(
        "Your email address",
        filters=[strip],
        validators=[
            DataRequired("Please enter your email address."),
            too_long("Email", EMAIL_MAX),
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
        filters=[strip],
        validators=[DataRequired("Enter an email address."), too_long("Email", EMAIL_MAX)],
    )


class PersonalDataForm(FlaskForm):
    """An editor names the address whose data to find or download."""

    email = _staff_address()


class StaffEraseForm(EraseDataForm):
    """An editor erases what the site holds about an address."""

    email = _staff_address()
