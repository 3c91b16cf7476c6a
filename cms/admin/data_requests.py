"""Personal data requests: an editor finds, downloads or erases what is held about an address.

Editors and admins only (Permission.ARTICLES): the issue gives the request to editors, and
a download of someone's every address, IP and word, or an erasure that cannot be undone,
is more than moderating the queue, which is all a moderator is trusted with. The address
travels in POST bodies only, so it stays out of URLs, browser history and server logs.
"""

from typing import Any

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.login import fresh_required, permission_required
from ..extensions import db
from ..models import Permission
from ..privacy import personal_data
from ..privacy.forms import PersonalDataForm, StaffEraseForm
from . import bp

TEMPLATE = "admin/personal_data.html"


def _page(form: PersonalDataForm, held: personal_data.Holdings | None = None, **extra: Any) -> str:
    erase_form = extra.pop("erase_form", None) or StaffEraseForm(email=form.email.data)
    return render_template(TEMPLATE, form=form, held=held, erase_form=erase_form, **extra)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _erased_message(erased: personal_data.Erased, removed: bool) -> str:
    """Say in one sentence what an erasure removed."""
    parts = [f"{_count(erased.comments, 'comment')} {'deleted' if removed else 'made anonymous'}"]
    if erased.subscription:
        parts.append("the notification subscription deleted")
    if erased.mail:
        parts.append(f"{_count(erased.mail, 'message')} to or about them deleted from the outbox")
    *rest, last = parts
    return f"Erased: {', '.join(rest)} and {last}." if rest else f"Erased: {last}."


@bp.route("/personal-data", methods=["GET", "POST"])
@permission_required(Permission.ARTICLES)
def personal_data_page() -> tuple[str, int]:
    form = PersonalDataForm()
    if not form.is_submitted():
        return _page(form), 200
    if not form.validate():
        return _page(form), 400
    return _page(form, personal_data.find_address(form.email.data)), 200


@bp.post("/personal-data/export")
@permission_required(Permission.ARTICLES)
def export_personal_data() -> Response | tuple[str, int]:
    form = PersonalDataForm()
    if not form.validate():
        return _page(form), 400
    held = personal_data.find_address(form.email.data)
    personal_data.record("data-export", held, current_user)
    db.session.commit()
    return personal_data.download(held, "personal-data.json")


@bp.post("/personal-data/erase")
@permission_required(Permission.ARTICLES)
@fresh_required
def erase_personal_data() -> Response | tuple[str, int]:
    form = StaffEraseForm()
    lookup = PersonalDataForm(email=form.email.data)
    held = personal_data.find_address(form.email.data or "")
    if not form.validate():
        return _page(lookup, held if form.email.data else None, erase_form=form), 400
    erased = personal_data.erase(held, form.text.data == "keep", current_user)
    personal_data.record("data-erase", held, current_user, f"text {form.text.data}")
    db.session.commit()
    flash(_erased_message(erased, form.text.data == "remove"))
    return redirect(url_for("admin.personal_data_page"), code=303)
