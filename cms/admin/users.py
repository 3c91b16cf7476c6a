"""The users page: staff accounts, their roles, and who may still log in."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts import staff as accounts
from ..accounts.forms import RoleForm, UserForm
from ..accounts.login import fresh_required, permission_required
from ..extensions import db
from ..models import Permission, Role, User
from . import bp


def _page(form: UserForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "admin/users.html", users=accounts.all_users(), form=form, roles=list(Role)
    ), status


@bp.get("/users")
@permission_required(Permission.USERS)
@fresh_required
def users() -> tuple[str, int]:
    return _page(UserForm())


@bp.post("/users")
@permission_required(Permission.USERS)
@fresh_required
def create_user() -> Response | tuple[str, int]:
    form = UserForm()
    if not form.validate():
        return _page(form, 400)
    try:
        user = accounts.create(
            form.email.data, form.name.data, Role(form.role.data), form.password.data, current_user
        )
    except accounts.AccountError as error:
        form.email.errors.append(str(error))
        return _page(form, 400)
    db.session.commit()
    flash(f"Added {user.display_name} as {user.role.value}. They can log in now.")
    return redirect(url_for("admin.users"))


def _change(done: bool, message: str) -> Response:
    """Commit a change and say what it did, or say that nothing needed doing."""
    if done:
        db.session.commit()
        flash(message)
    else:
        flash("Nothing changed.")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/role")
@permission_required(Permission.USERS)
@fresh_required
def set_role(user_id: int) -> Response:
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate():
        flash("Choose one of the roles offered.", "error")
        return redirect(url_for("admin.users"))
    try:
        done = accounts.set_role(user, Role(form.role.data), current_user)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.users"))
    return _change(done, f"{user.display_name} is now {user.role.value}.")


@bp.post("/users/<int:user_id>/<any(disable, enable):change>")
@permission_required(Permission.USERS)
@fresh_required
def set_active(user_id: int, change: str) -> Response:
    user = db.get_or_404(User, user_id)
    try:
        done = accounts.set_disabled(user, change == "disable", current_user)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.users"))
    if change == "disable":
        return _change(done, f"{user.display_name} is disabled and can no longer log in.")
    return _change(done, f"{user.display_name} is enabled and can log in again.")
