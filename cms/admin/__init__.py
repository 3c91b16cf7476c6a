"""Staff pages under /admin: one blueprint, a module per screen.

Every page needs a logged-in staff member; each view also names the permission it needs,
so a moderator gets 403 from the settings and users pages rather than a half-working screen.
"""

from flask import Blueprint
from werkzeug.wrappers import Response

from ..auth import staff_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@staff_required
def require_staff() -> None:
    """Guard every page of this blueprint; a pending comment is hostile until read."""


@bp.after_request
def never_cache(response: Response) -> Response:
    # Staff pages show emails and IPs: no shared or browser cache may keep them.
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Imported last: each module adds its views to bp.
from . import queue  # noqa: E402, F401
