"""Staff login and logout, and the rules that say which admin page each role may reach."""

from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from . import throttle, twofactor, twostep
from .errors import RoleRequired
from .extensions import db, login_manager
from .forms import LoginForm, SecondFactorForm
from .models import Permission, User

bp = Blueprint("auth", __name__, url_prefix="/admin")

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to reach the editors' pages."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    # Flask-Login checks is_active only at login; a user disabled since then is logged out here.
    return user if user is not None and user.is_active else None


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
                # Says which roles the page is for (cms/errors.py).
                raise RoleRequired(permission)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _finish_login(user: User, target: str | None) -> Response:
    """Log the user in on a fresh session and send them where they were going."""
    # A fresh session at login, so nothing planted before it carries over.
    session.clear()
    login_user(user)
    throttle.clear_account(user.email)
    db.session.commit()
    return redirect(target if is_local(target) else url_for("admin.comments"))


def _refused(form: LoginForm, field: Any, template: str) -> tuple[str, int]:
    """Answer a throttled try, known address or not, with the same words and status."""
    field.errors.append(throttle.MESSAGE)
    return render_template(template, form=form), 429


def _password_error(user: User | None, password: str) -> str | None:
    if user is None or not user.check_password(password):
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
        email, ip = form.email.data, request.remote_addr or ""
        # Checked before the password, so a throttled guess learns nothing from it.
        if throttle.is_throttled(email, ip):
            return _refused(form, form.password, "auth/login.html")
        user = find_user(email)
        error = _password_error(user, form.password.data)
        if error:
            throttle.record_failure(email, ip)
            db.session.commit()
            form.password.errors.append(error)
        elif user.has_2fa:
            twostep.begin(user, form.next.data)
            return redirect(url_for("auth.second_factor"))
        else:
            return _finish_login(user, form.next.data)
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor() -> tuple[str, int] | Response:
    user, target = twostep.pending()
    if user is None:
        flash("Your login timed out. Please log in again.")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        ip = request.remote_addr or ""
        if throttle.is_throttled(user.email, ip):
            return _refused(form, form.code, "auth/code.html")
        if twofactor.second_factor_ok(user, form.code.data):
            return _finish_login(user, target)
        throttle.record_failure(user.email, ip)
        db.session.commit()
        form.code.errors.append("That code did not work. Please check it and try again.")
    return render_template("auth/code.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash("You have logged out.")
    return redirect(url_for("public.index"))
