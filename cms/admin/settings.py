"""The discussion settings page: the rules comments follow, stored in the database."""

from dataclasses import asdict

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.login import fresh_required, permission_required
from ..comments import discussion
from ..comments.discussion_form import DiscussionForm
from ..extensions import db
from ..mail import outbox
from ..models import Permission
from . import bp


def _saved_message(form: DiscussionForm, changed: list[str]) -> str:
    if not changed:
        return "Nothing changed: the settings were already as sent."
    return "Settings saved. Changed: " + "; ".join(form[name].label.text for name in changed) + "."


@bp.route("/settings", methods=["GET", "POST"])
@permission_required(Permission.SETTINGS)
@fresh_required
def settings() -> Response | tuple[str, int]:
    form = DiscussionForm(data=asdict(discussion.load()))
    if form.validate_on_submit():
        new = discussion.Discussion(**{name: form[name].data for name in discussion.SETTING_NAMES})
        # save() writes one audit row per changed setting, with its old and new value.
        changed = discussion.save(new, current_user)
        db.session.commit()
        flash(_saved_message(form, changed))
        return redirect(url_for("admin.settings"))
    page = render_template("admin/settings.html", form=form, mail_backend=outbox.backend())
    return page, 400 if form.errors else 200
