"""Staff login and logout, and the rules that say which admin page each role may reach."""

import hashlib
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import (
    confirm_login,
    current_user,
    login_fresh,
    login_required,
    login_user,
    logout_user,
)
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..extensions import db, login_manager
from ..http.client import client_ip
from ..http.errors import RoleRequired
from ..models import Permission, User
from ..models.users import check_no_password
from . import pending_login, sessions, throttle, two_factor
from .forms import LoginForm, ReauthForm, SecondFactorForm

bp = Blueprint("auth", __name__, url_prefix="/admin")

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to reach the editors' pages."
# "basic", not "strong": a phone moving from Wi-Fi to mobile data changes its IP, and that
# must not throw an editor out of the queue. The session is only marked non-fresh, and the
# few sensitive pages (fresh_required) ask for the password again.
login_manager.session_protection = "basic"
login_manager.refresh_view = "auth.reauthenticate"


def session_identifier() -> str:
    """Fingerprint the browser for session protection from the address the site trusts.

    Flask-Login's own reads the first X-Forwarded-For value, which the client chooses: a
    thief with a copied cookie could claim the owner's address and keep the login fresh.
    client_ip() is the peer, or the proxy's word for it when PROXY_FIX says so.
    """
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{client_ip()}|{agent}".encode()).hexdigest()


login_manager._session_identifier_generator = session_identifier
# Set in the session by fresh_required when the interrupted request was a form being sent.
RESENT_KEY = "reauth_resend"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return sessions.load(token)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def is_local(target: str | None) -> bool:
    """Accept only a path on this site as a place to go after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def staff_required(view: Any) -> Any:
    """Let only logged-in staff (moderators, editors, admins) through; others get 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def permission_required(permission: Permission) -> Any:
    """Answer 403 to a logged-in user whose role lacks ``permission``."""

    def decorator(view: Any) -> Any:
        @wraps(view)
        @staff_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(permission):
                # Says which roles the page is for (cms/http/errors.py).
                raise RoleRequired(permission)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def fresh_required(view: Any) -> Any:
    """Ask for the password again before a sensitive page when the login is not fresh
    (restored from "keep me logged in", or the browser's IP or User-Agent changed)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if login_fresh():
            return view(*args, **kwargs)
        if request.method == "GET":
            return redirect(url_for("auth.reauthenticate", next=request.full_path.rstrip("?")))
        # A form cannot be sent on after a redirect: come back to the page it was on, and
        # say that nothing was done yet, so the person presses the button again.
        session[RESENT_KEY] = True
        page = request.referrer or ""
        page = urlsplit(page)._replace(scheme="", netloc="").geturl() if page else ""
        if not is_local(page):
            page = request.path if "GET" in request.url_rule.methods else url_for("admin.dashboard")
        return redirect(url_for("auth.reauthenticate", next=page), 303)

    return wrapped


def _finish_login(user: User, target: str | None, remember: bool = False) -> Response:
    """Log the user in on a fresh session and send them where they were going."""
    # A fresh session at login, so nothing planted before it carries over.
    session.clear()
    sessions.start(user)
    login_user(user, remember=remember)
    throttle.clear_account(user.email)
    db.session.commit()
    return redirect(target if is_local(target) else url_for("admin.comments"))


def _refused(form: LoginForm, field: Any, template: str) -> tuple[str, int]:
    """Answer a throttled try, known address or not, with the same words and status."""
    field.errors.append(throttle.MESSAGE)
    return render_template(template, form=form), 429


def _password_error(user: User | None, password: str) -> str | None:
    # An unknown address costs one password check too, so timing cannot tell staff apart.
    known = check_no_password(password) if user is None else user.check_password(password)
    if not known:
        # One message whether or not the address exists, so it cannot be probed.
        return "That email and password do not match a staff account."
    if user.disabled:
        # Said only after the right password, so it reveals nothing to a guesser.
        return "This account has been disabled by an administrator."
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> tuple[str, int] | Response:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email, ip = form.email.data, client_ip()
        attempt = throttle.count_attempt(email, ip)
        # Judged before the password, so a throttled guess learns nothing from it.
        if throttle.is_throttled(email, ip):
            throttle.discard(attempt)
            return _refused(form, form.password, "auth/login.html")
        user = find_user(email)
        error = _password_error(user, form.password.data)
        if error:
            form.password.errors.append(error)
        else:
            # The right password: this try no longer counts against the address or the IP.
            throttle.discard(attempt)
            if not user.has_2fa:
                return _finish_login(user, form.next.data, form.remember.data)
            pending_login.begin(user, form.next.data, form.remember.data)
            return redirect(url_for("auth.second_factor"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor() -> tuple[str, int] | Response:
    user, target, remember = pending_login.pending()
    if user is None:
        flash("Your login timed out. Please log in again.")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        ip = client_ip()
        attempt = throttle.count_attempt(user.email, ip)
        if throttle.is_throttled(user.email, ip):
            throttle.discard(attempt)
            return _refused(form, form.code, "auth/code.html")
        if two_factor.second_factor_ok(user, form.code.data):
            throttle.discard(attempt)
            return _finish_login(user, target, remember)
        db.session.commit()
        form.code.errors.append(CODE_REFUSED)
    return render_template("auth/code.html", form=form), 200 if not form.errors else 400


CODE_REFUSED = (
    "That code did not work. It may be mistyped or already used: codes work once, "
    "so wait for the next one your app shows and try again."
)


def _reauth_ok(form: ReauthForm) -> bool:
    """Check the password, then the code when the account has two-factor login."""
    if not current_user.check_password(form.password.data):
        form.password.errors.append("That is not your password. Please try again.")
        return False
    if current_user.has_2fa and not two_factor.second_factor_ok(current_user, form.code.data or ""):
        form.code.errors.append(CODE_REFUSED)
        return False
    return True


@bp.route("/login/again", methods=["GET", "POST"])
@login_required
def reauthenticate() -> tuple[str, int] | Response:
    form = ReauthForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email, ip = current_user.email, client_ip()
        attempt = throttle.count_attempt(email, ip)
        if throttle.is_throttled(email, ip):
            throttle.discard(attempt)
            return _refused(form, form.password, "auth/reauthenticate.html")
        if _reauth_ok(form):
            throttle.discard(attempt)
            throttle.clear_account(email)
            confirm_login()
            db.session.commit()
            if session.pop(RESENT_KEY, False):
                flash("Thank you. Nothing was changed yet: please press the button again.")
            target = form.next.data
            return redirect(target if is_local(target) else url_for("admin.dashboard"))
        db.session.commit()
    return render_template("auth/reauthenticate.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout() -> Response:
    # Ended on the server first: a copy of this browser's cookies no longer logs anyone in.
    sessions.end(current_user.get_id())
    db.session.commit()
    logout_user()
    flash("You have logged out.")
    return redirect(url_for("public.index"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere() -> Response:
    """Log out on every device: a lost phone or a shared computer no longer has a way in."""
    sessions.end_all(current_user)
    db.session.commit()
    logout_user()
    flash("You are logged out everywhere, on every device. Log in again here to go on.")
    return redirect(url_for("auth.login"))
