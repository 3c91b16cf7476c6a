"""Staff login and logout, and the rules that say which admin page each role may reach."""

from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from .extensions import db, login_manager
from .forms import LoginForm
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
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is None or not user.check_password(form.password.data):
            # One message whether or not the address exists, so it cannot be probed.
            form.password.errors.append("That email and password do not match a staff account.")
        elif user.disabled:
            # Said only after the right password, so it reveals nothing to a guesser.
            form.password.errors.append("This account has been disabled by an administrator.")
        else:
            # A fresh session at login, so nothing planted before it carries over.
            session.clear()
            login_user(user)
            target = form.next.data
            return redirect(target if is_local(target) else url_for("admin.comments"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash("You have logged out.")
    return redirect(url_for("public.index"))
