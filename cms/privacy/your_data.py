""" "Your data": a commenter sees, downloads or erases what the site holds about their address.

Anyone may type any address, so the page never says whether the site holds anything: it
mails a signed link to that address, always, and answers the same either way. A site that
cannot send mail offers no link at all: the page says so and where to ask the editors. Only the
link shows the data. It carries the keyed hash of the address (never the address), works
for MAIL_LINK_MAX_AGE, and once it has erased, it is spent. Opening it changes nothing;
downloading and erasing are POSTs with CSRF, so mail scanners that follow links are harmless.
"""

from typing import Any

from flask import Blueprint, Response, current_app, render_template
from flask_limiter import RateLimitExceeded

from .. import tokens
from ..comments import discussion
from ..extensions import db, limiter
from ..mail import outbox as mail
from . import personal_data
from .crypto import email_digest
from .forms import DataRequestForm, EraseDataForm

bp = Blueprint("your_data", __name__, url_prefix="/your-data")
# Like the other mailed links: kept out of caches and referrers (cms/http/policy.py),
# errors said plainly.

SENT = "If we hold anything for that address, we have sent a link to it."
# The file backend delivers nothing: say so rather than promise mail that never comes.
WRITTEN = (
    "This site is set up for development: it writes mail to files on the server instead of "
    "sending it, so no email was sent. If we hold anything for that address, the link is in "
    "a file marked “NOT DELIVERED”."
)
TOO_MANY = "Too many requests from your network. Please try again in an hour."


def _rate_limit() -> str:
    return current_app.config["DATA_REQUEST_RATE_LIMIT"]


def _address_has_room(digest: str) -> bool:
    """Count a link to this address; say whether it is still under its daily cap."""
    per_day = current_app.config["DATA_REQUESTS_PER_ADDRESS"]
    return mail.has_room("your-data", digest, f"{per_day} per day")


def _send_link(address: str) -> None:
    digest = email_digest(address)
    held = personal_data.find(digest)
    personal_data.record("data-request", held, None)
    link = tokens.external_url("your_data.show", token=tokens.make("data", digest=digest))
    if link and _address_has_room(digest):
        body = render_template("mail/your_data.txt", link=link)
        mail.queue(address, f"[{current_app.config['SITE_NAME']}] Your data", body)
    db.session.commit()


def _asked(response: Response) -> bool:
    return response.status_code == 200


def _page(form: DataRequestForm, **extra: Any) -> str:
    """Render the request page; without mail it offers no form, only where to ask instead."""
    rules = discussion.load()
    contact = rules.privacy_contact
    return render_template(
        "your_data/request.html",
        form=form,
        can_send=mail.can_send(),
        # Only then does a request left in a comment wait, unseen, for an editor.
        held=rules.manual_approval and not rules.previous_approved,
        contact=contact,
        contact_href=contact
        if contact.startswith(("https://", "http://"))
        else f"mailto:{contact}",
        **extra,
    )


# Counts only requests that ask for a link; a form sent back to be corrected costs nothing.
@bp.route("/", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"], deduct_when=_asked)
def request_link() -> tuple[str, int]:
    form = DataRequestForm()
    if not form.is_submitted():
        return _page(form), 200
    if not form.validate():
        return _page(form), 400
    # Without mail there is no link to send: nothing is asked for, nothing recorded.
    if not mail.can_send():
        return _page(DataRequestForm(formdata=None)), 200
    _send_link(form.email.data)
    sent = WRITTEN if mail.backend() == "file" else SENT
    return _page(DataRequestForm(formdata=None), sent=sent), 200


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> tuple[str, int]:
    form = DataRequestForm()
    form.form_errors.append(TOO_MANY)
    return _page(form), 429


def _holdings(token: str) -> tuple[dict[str, Any], personal_data.Holdings]:
    """Read a data link, refusing it if forged, too old or already used to erase."""
    claims = tokens.read("data", token, current_app.config["MAIL_LINK_MAX_AGE"])
    tokens.check_unused(claims)
    return claims, personal_data.find(str(claims.get("digest", "")))


def _show(
    token: str, held: personal_data.Holdings, form: EraseDataForm, status: int
) -> tuple[str, int]:
    export = personal_data.export(held)
    return render_template(
        "your_data/show.html", token=token, held=held, data=export, form=form
    ), status


@bp.get("/<token>")
def show(token: str) -> tuple[str, int]:
    _, held = _holdings(token)
    return _show(token, held, EraseDataForm(), 200)


@bp.post("/<token>/download")
def download(token: str) -> Response:
    _, held = _holdings(token)
    personal_data.record("data-export", held, None, "by the owner's link")
    db.session.commit()
    return personal_data.download(held, "your-data.json")


@bp.post("/<token>/erase")
def erase(token: str) -> tuple[str, int]:
    claims, held = _holdings(token)
    form = EraseDataForm()
    if not form.validate():
        return _show(token, held, form, 400)
    keep = form.text.data == "keep"
    personal_data.erase(held, keep, None)
    personal_data.record("data-erase", held, None, f"text {form.text.data}; by the owner's link")
    tokens.commit_use(claims)
    message = (
        "Your comments stay, as “Anonymous”: your email address, website, IP address and "
        "browser are gone from them, and so are your notification subscription and every "
        "email to or about you in our outbox."
        if keep
        else "Your comments, your notification subscription and every email to or about you "
        "in our outbox are deleted."
    )
    return render_template("maillinks/done.html", title="Your data is erased", message=message), 200
