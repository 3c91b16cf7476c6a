"""A staff member's own security page: two-factor login and its recovery codes."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from ..accounts import sessions, throttle, two_factor
from ..accounts import staff as accounts
from ..accounts.forms import ChangePasswordForm, ConfirmPasswordForm, EnableTwoFactorForm
from ..accounts.login import fresh_required, permission_required
from ..extensions import db
from ..http.client import client_ip
from ..models import Permission, Role
from ..privacy import crypto
from . import bp

# The secret being set up lives in the session until a code confirms it, so an
# abandoned setup never leaves a half-enabled account.
SETUP_KEY = "totp_setup"
ACCOUNT_PAGES = {
    "admin.account",
    "admin.enable_2fa",
    "admin.disable_2fa",
    "admin.recovery_codes",
    "admin.change_password",
}


@bp.before_request
def require_second_factor() -> Response | None:
    """With REQUIRE_2FA, keep an admin without two-factor login on the account page."""
    if not current_app.config["REQUIRE_2FA"] or request.endpoint in ACCOUNT_PAGES:
        return None
    user = current_user
    if user.is_authenticated and user.role is Role.ADMIN and not user.has_2fa:
        flash("Please set up two-factor login before using the admin pages.")
        return redirect(url_for("admin.account"))
    return None


def _setup_secret() -> str:
    """Return the secret being set up, kept sealed in the session: its cookie is only signed."""
    sealed = session.get(SETUP_KEY)
    try:
        return crypto.decrypt(sealed) if isinstance(sealed, str) else _new_setup_secret()
    except RuntimeError:
        return _new_setup_secret()


def _new_setup_secret() -> str:
    secret = two_factor.new_secret()
    session[SETUP_KEY] = crypto.encrypt(secret)
    return secret


def _page(status: int = 200, codes: list[str] | None = None, **forms: object) -> tuple[str, int]:
    secret = None
    if not current_user.has_2fa:
        secret = _setup_secret()
    context = {
        "enable_form": EnableTwoFactorForm(),
        "password_form": ConfirmPasswordForm(),
        "change_form": ChangePasswordForm(),
        "secret": secret,
        "setup_uri": two_factor.setup_uri(current_user, secret) if secret else None,
        "codes": codes,
        "codes_left": two_factor.codes_left(current_user) if current_user.has_2fa else 0,
        "logins": sessions.live_count(current_user),
    }
    return render_template("admin/account.html", **(context | forms)), status


@bp.get("/account")
@permission_required(Permission.COMMENTS)
def account() -> tuple[str, int]:
    return _page()


@bp.post("/account/2fa/enable")
@permission_required(Permission.COMMENTS)
@fresh_required
def enable_2fa() -> tuple[str, int] | Response:
    form = EnableTwoFactorForm()
    if current_user.has_2fa:
        return redirect(url_for("admin.account"))
    if form.validate_on_submit():
        codes = two_factor.enable(current_user, _setup_secret(), form.code.data)
        if codes is not None:
            session.pop(SETUP_KEY, None)
            db.session.commit()
            flash("Two-factor login is on.")
            # Shown in this answer only: the codes are stored hashed and never shown again.
            return _page(codes=codes)
        form.code.errors.append("That code did not match. Check your phone's clock and retry.")
    return _page(400, enable_form=form)


def _is_own_password(password: str, field: object) -> bool:
    """Check the signed-in account's password, counted and throttled as a login is."""
    email, ip = current_user.email, client_ip()
    attempt = throttle.count_attempt(email, ip)
    if throttle.is_throttled(email, ip):
        throttle.discard(attempt)
        field.errors.append(throttle.MESSAGE)
        return False
    if current_user.check_password(password):
        throttle.discard(attempt)
        return True
    return False


def _password_confirmed(form: ConfirmPasswordForm) -> bool:
    if not form.validate_on_submit():
        return False
    if _is_own_password(form.password.data, form.password):
        return True
    if not form.password.errors:
        form.password.errors.append("That is not your password.")
    return False


@bp.post("/account/2fa/disable")
@permission_required(Permission.COMMENTS)
@fresh_required
def disable_2fa() -> tuple[str, int] | Response:
    form = ConfirmPasswordForm()
    if not _password_confirmed(form):
        return _page(400, password_form=form)
    if current_user.has_2fa:
        two_factor.disable(current_user)
        db.session.commit()
        flash("Two-factor login is off.")
    return redirect(url_for("admin.account"))


@bp.post("/account/2fa/recovery-codes")
@permission_required(Permission.COMMENTS)
@fresh_required
def recovery_codes() -> tuple[str, int] | Response:
    form = ConfirmPasswordForm()
    if not current_user.has_2fa:
        return redirect(url_for("admin.account"))
    if not _password_confirmed(form):
        return _page(400, password_form=form)
    codes = two_factor.new_recovery_codes(current_user)
    db.session.commit()
    flash("New recovery codes made; the old ones no longer work.")
    return _page(codes=codes)


# Fresh, as every sensitive change is: a copied "keep me logged in" cookie, or a session
# from another network, must not set a new password (and so skip the second factor).
@bp.post("/account/password")
@permission_required(Permission.COMMENTS)
@fresh_required
def change_password() -> tuple[str, int] | Response:
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(400, change_form=form)
    if not _is_own_password(form.current.data, form.current):
        if not form.current.errors:
            form.current.errors.append("That is not your current password. Nothing was changed.")
        return _page(400, change_form=form)
    user = current_user._get_current_object()
    accounts.set_password(user, form.new.data, user)
    # Every login ended with the old password; this browser goes on with a new one.
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    sessions.start(user)
    login_user(user, remember=remembered in request.cookies)
    db.session.commit()
    flash("Your password is changed. Every other device logged in as you is now logged out.")
    return redirect(url_for("admin.account"))
