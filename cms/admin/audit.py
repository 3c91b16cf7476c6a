"""The audit log: who decided what, when, newest first, filterable by comment and by user."""

import json

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import ColumnElement, func, or_, select

from ..accounts.login import permission_required
from ..extensions import db
from ..http.bounds import query_number, whole_number
from ..models import AuditEvent, Comment, CommentStatus, Permission, User
from . import bp

PAGE_SIZE = 50

# Entries not about a comment, and the permission needed to read them. Each role reads the
# record of the decisions it may take itself: a moderator sees comment decisions, but not
# settings changes or who was given which role (staff emails and account changes are for
# admins), and an editor also sees which articles were opened or closed to comments.
ACTION_PERMISSIONS = {
    "settings": Permission.SETTINGS,
    "user-create": Permission.USERS,
    "role": Permission.USERS,
    "disable": Permission.USERS,
    "enable": Permission.USERS,
    "comments-open": Permission.ARTICLES,
    "comments-closed": Permission.ARTICLES,
    # Personal data requests: editors handle them, and the rows name no address.
    "data-request": Permission.ARTICLES,
    "data-export": Permission.ARTICLES,
    "data-erase": Permission.ARTICLES,
}
# The user filter's value for what the site did by itself (a spam catch, a rule).
SITE = "site"
# Between a setting's old and new value in its entry's detail (cms/comments/discussion.py).
CHANGED_TO = " → "


def _visible() -> list[ColumnElement[bool]]:
    """Return the conditions that keep each role to the entries it may read."""
    if all(current_user.can(permission) for permission in Permission):
        return []
    readable = [a for a, needed in ACTION_PERMISSIONS.items() if current_user.can(needed)]
    return [or_(AuditEvent.comment_id.is_not(None), AuditEvent.action.in_(readable))]


def _filters() -> tuple[list[ColumnElement[bool]], dict[str, str]]:
    """Read the comment and user filters from the query string."""
    conditions, chosen = _visible(), {}
    comment_id = query_number("comment")
    if comment_id is not None:
        conditions.append(AuditEvent.comment_id == comment_id)
        chosen["comment"] = str(comment_id)
    who = request.args.get("user", "")
    if who == SITE:
        conditions.append(AuditEvent.user_id.is_(None))
        chosen["user"] = SITE
    elif user_id := whole_number(who):
        conditions.append(AuditEvent.user_id == user_id)
        chosen["user"] = who
    return conditions, chosen


def _comment_statuses(events: list[AuditEvent]) -> dict[int, CommentStatus]:
    """Return the current status of each comment named on the page; deleted ones are absent."""
    ids = {e.comment_id for e in events if e.comment_id is not None}
    rows = db.session.execute(select(Comment.id, Comment.status).where(Comment.id.in_(ids)))
    return {comment_id: status for comment_id, status in rows}


def shown_detail(event: AuditEvent) -> str:
    """Return an entry's detail as people read it, older settings entries decoded to text."""
    # Settings entries written before details kept their words hold "\u00b7" for "·"; their
    # JSON is plain ASCII, so the first arrow is the separator. Stored rows stay as they are.
    if event.action != "settings" or "\\u" not in event.detail:
        return event.detail
    name, _, change = event.detail.partition(": ")
    old, arrow, new = change.partition(CHANGED_TO)
    try:
        values = [json.dumps(json.loads(v), ensure_ascii=False) for v in (old, new)]
    except ValueError:
        return event.detail
    return f"{name}: {values[0]}{arrow}{values[1]}" if arrow else event.detail


@bp.get("/audit")
@permission_required(Permission.COMMENTS)
def audit() -> str:
    conditions, chosen = _filters()
    page = query_number("page", 1)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))
    rows = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, AuditEvent.user_id == User.id)
        .where(*conditions)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "admin/audit.html",
        rows=rows,
        statuses=_comment_statuses([event for event, _ in rows]),
        staff=db.session.scalars(select(User).order_by(User.name, User.email)).all(),
        chosen=chosen,
        site=SITE,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        total=total,
        shown_detail=shown_detail,
    )
