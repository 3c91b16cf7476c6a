"""The staff dashboard: what waits, how many comments came in lately, and where they went."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Row, func, select
from werkzeug.wrappers import Response

from ..accounts.login import permission_required
from ..care import needs_care, presets
from ..care.presets import PRESETS
from ..comments import discussion, moderation
from ..comments.visible import visible_clause
from ..extensions import db
from ..mail import outbox
from ..models import Article, AuditEvent, Comment, CommentStatus, Permission, utcnow
from . import bp

DAYS = 30
# The dashboard counts waiting flagged comments up to this many, then says "more than".
CARE_COUNT_LIMIT = 1000
TOP_ARTICLES = 10
# The chart's drawing box, in SVG user units; the page scales it to the screen's width.
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 600, 160, 20


@dataclass(frozen=True)
class Bar:
    """One day of the chart: its count and where its rectangle sits."""

    day: date
    count: int
    x: float
    y: float
    width: float
    height: float


def _as_date(value: date | str) -> date:
    # SQLite's date() answers text, PostgreSQL's a date.
    return value if isinstance(value, date) else date.fromisoformat(value)


def comments_per_day(last: date, days: int = DAYS) -> list[tuple[date, int]]:
    """Count the comments received on each day up to ``last`` (UTC), zero for a quiet day."""
    first = last - timedelta(days=days - 1)
    day = func.date(Comment.created_at)
    since = datetime.combine(first, time.min)
    rows = db.session.execute(
        select(day, func.count()).where(Comment.created_at >= since).group_by(day)
    )
    counts = {_as_date(value): n for value, n in rows}
    every_day = [first + timedelta(days=n) for n in range(days)]
    return [(d, counts.get(d, 0)) for d in every_day]


def bars(per_day: list[tuple[date, int]]) -> list[Bar]:
    """Lay the days out as bars, the busiest reaching the top of the chart."""
    tallest = max((n for _, n in per_day), default=0) or 1
    slot = CHART_WIDTH / len(per_day)
    drawn = []
    for index, (day, count) in enumerate(per_day):
        height = round(count / tallest * (CHART_HEIGHT - CHART_TOP), 1)
        x = round(index * slot + 1, 1)
        drawn.append(Bar(day, count, x, CHART_HEIGHT - height, round(slot - 2, 1), height))
    return drawn


def most_commented(limit: int = TOP_ARTICLES) -> list[Row]:
    """Return the articles with the most approved comments: id, title, slug and the count."""
    count = func.count(Comment.id).label("comments")
    return list(
        db.session.execute(
            select(Article.id, Article.title, Article.slug, count)
            .join(Comment, Comment.article_id == Article.id)
            .where(visible_clause())
            .group_by(Article.id, Article.title, Article.slug)
            .order_by(count.desc(), Article.title, Article.id)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class CareCase:
    """A flagged comment of the last 30 days: when it came, and how soon staff acted."""

    comment_id: int
    created_at: datetime
    waiting: bool
    first_action: timedelta | None


def care_cases(days: int = DAYS, limit: int = 50) -> list[CareCase]:
    """Return the flagged comments of the last days, newest first, with the time from post
    to the first thing any staff member did about it (None while nobody has)."""
    since = utcnow() - timedelta(days=days)
    flagged = db.session.execute(
        select(Comment.id, Comment.created_at, Comment.status)
        .where(Comment.care_reason != "", Comment.created_at >= since)
        .order_by(Comment.created_at.desc())
        .limit(limit)
    ).all()
    ids = [row.id for row in flagged]
    first = (
        dict(
            db.session.execute(
                select(AuditEvent.comment_id, func.min(AuditEvent.created_at))
                .where(AuditEvent.comment_id.in_(ids), AuditEvent.user_id.is_not(None))
                .group_by(AuditEvent.comment_id)
            ).all()
        )
        if ids
        else {}
    )
    return [
        CareCase(
            row.id,
            row.created_at,
            row.status == CommentStatus.PENDING,
            first[row.id] - row.created_at if row.id in first else None,
        )
        for row in flagged
    ]


@bp.get("/")
@permission_required(Permission.COMMENTS)
def dashboard() -> str:
    """Show what waits, the last 30 days of comments, and the most commented articles."""
    per_day = comments_per_day(utcnow().date())
    busiest = max(per_day, key=lambda pair: pair[1])
    return render_template(
        "admin/dashboard.html",
        counts={s.value: n for s, n in moderation.status_counts().items()},
        per_day=per_day,
        bars=bars(per_day),
        total=sum(n for _, n in per_day),
        busiest=busiest,
        top=most_commented(),
        chart=(CHART_WIDTH, CHART_HEIGHT),
        mail_backend=outbox.backend(),
        help_set=discussion.load().help_lines,
        care=care_cases(),
        # Counted and dated apart from care_cases, which stops at 30 days and 50 rows: a
        # comment waiting longer than that is the one the team most needs to see.
        care_waiting=needs_care.waiting_count(CARE_COUNT_LIMIT),
        care_oldest=needs_care.oldest_waiting(),
        care_limit=CARE_COUNT_LIMIT,
        now=utcnow(),
        presets=PRESETS,
    )


@bp.post("/help-box")
@permission_required(Permission.SETTINGS)
def choose_help_box() -> Response:
    """Fill the "Need help now?" box with a country's preset, from the dashboard."""
    key = request.form.get("preset", "")
    # CSRFProtect has checked the token, as on every staff form.
    if key in PRESETS:
        presets.use(key, current_user)
        db.session.commit()
        flash(f"The “Need help now?” box now shows {PRESETS[key].name}'s help lines.")
    return redirect(url_for("admin.dashboard"), code=303)
