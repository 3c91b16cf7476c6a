"""Staff forms: logging in, the second factor, passwords and accounts."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..form_fields import strip, too_long
from ..models import Role


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[strip], validators=[DataRequired("Enter your email.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    # Flask-Login's remember cookie: the login outlives closing the browser (a phone's tabs).
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


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
        filters=[strip],
        validators=[
            DataRequired("Enter the email address they will log in with."),
            too_long("Email", 254),
            Email("Enter a valid email address, like name@example.org."),
        ],
    )
    # Required: it signs their replies and bylines, where an address must never appear.
    name = StringField(
        "Name shown on replies and bylines",
        description="Readers see it on their replies and articles; never their email address.",
        filters=[strip],
        validators=[DataRequired("Enter the name readers will see."), too_long("Name", 100)],
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


class SecondFactorForm(FlaskForm):
    """The second login step: a code from the app, or a recovery code."""

    code = StringField(
        "Code", filters=[strip], validators=[DataRequired("Enter the code."), Length(max=40)]
    )


class ReauthForm(FlaskForm):
    """Ask a logged-in staff member for their password (and code) before a sensitive page."""

    password = PasswordField("Your password", validators=[DataRequired("Enter your password.")])
    # Asked for only when the account has two-factor login; the view checks it then.
    code = StringField(
        "Code from your app, or a recovery code", filters=[strip], validators=[Length(max=40)]
    )
    next = HiddenField()


class EnableTwoFactorForm(FlaskForm):
    code = StringField(
        "Code from your app",
        filters=[strip],
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
