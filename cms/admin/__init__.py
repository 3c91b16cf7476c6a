"""Staff pages under /admin: one blueprint, a module per screen.

Every page needs a logged-in staff member; each view also names the permission it needs,
so a moderator gets 403 from the settings and users pages rather than a half-working screen.
No page here is ever cached (cms/http/policy.py: STAFF_BLUEPRINTS).
"""

from flask import Blueprint, has_request_context
from flask_login import current_user
from sqlalchemy import func, select

from ..accounts.login import staff_required
from ..extensions import db
from ..models import Comment, CommentStatus

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@staff_required
def require_staff() -> None:
    """Guard every page of this blueprint; a pending comment is hostile until read."""


# A context processor for every template (the header is shared): registered by the factory.
def pending_badge() -> dict[str, int]:
    """Give the staff header the number of comments waiting; nobody else pays for the count."""
    if not has_request_context() or not current_user.is_authenticated:
        return {}
    if not current_user.is_staff:
        return {}
    pending = select(func.count()).where(Comment.status == CommentStatus.PENDING)
    return {"pending_count": db.session.scalar(pending)}


# Imported last: each module adds its views to bp.
from . import (  # noqa: E402, F401
    account,
    actions,
    articles,
    audit,
    comment_edit,
    dashboard,
    data_requests,
    queue,
    redact_page,
    revisions,
    settings,
    users,
)
