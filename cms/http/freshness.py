"""When the public site last changed: the one counter every cached page is checked against.

Any flush that changes what an anonymous reader can see (an article, a topic, a setting, a
slug redirect, or a comment that is or was approved) moves a site-wide mark, stored as a row
of the settings table, in the same transaction as the change. A pending comment does not:
hundreds of writers posting at once would otherwise queue on that one row.

The mark is a time in microseconds that only grows (the later of now and the last mark plus
one), so it serves both as an ETag's generation and as a Last-Modified date. It moves by one
UPDATE in SQL, never read-then-write, so two writers committing together cannot both land on
the same value.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import g
from sqlalchemy import Integer, String, bindparam, cast, event, func, inspect, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from ..articles.publishing import is_public_clause
from ..extensions import db
from ..models import Article, Category, Comment, CommentStatus, Setting, SlugRedirect, Tag, utcnow

KEY = "public_changed_us"
_EPOCH = datetime(1970, 1, 1)
_PUBLIC_MODELS = (Article, Category, Tag, SlugRedirect)
_FLAG = "public_changed"


def _now_us() -> int:
    return int((utcnow() - _EPOCH) / timedelta(microseconds=1))


def from_us(mark: int) -> datetime:
    """Return the naive UTC time a mark stands for."""
    return _EPOCH + timedelta(microseconds=mark)


def _was_or_is_approved(comment: Comment) -> bool:
    """Say whether a comment's change can show: it is approved now or was before the flush."""
    # Approved is cms/comments/visible.py's VISIBLE; named here so HTTP imports no comments.
    history = inspect(comment).attrs.status.history
    return CommentStatus.APPROVED in (*history.added, *history.unchanged, *history.deleted)


def _touches_public(obj: Any, session: Session, deleted: bool = False) -> bool:
    """Say whether writing ``obj`` can change a page an anonymous reader sees."""
    if isinstance(obj, _PUBLIC_MODELS):
        return deleted or session.is_modified(obj) or obj in session.new
    if isinstance(obj, Setting):
        return obj.key != KEY
    if isinstance(obj, Comment):
        if not (deleted or obj in session.new or session.is_modified(obj)):
            return False
        return _was_or_is_approved(comment=obj)
    return False


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Note, before the flush, whether it changes the public site."""
    changed = any(_touches_public(o, session) for o in (*session.new, *session.dirty)) or any(
        _touches_public(o, session, deleted=True) for o in session.deleted
    )
    if changed:
        session.info[_FLAG] = True


def _after_flush(session: Session, _context: Any) -> None:
    """Move the mark inside the flush's own transaction, so it commits or rolls back with it."""
    if session.info.pop(_FLAG, False):
        bump(session)


def comments_inserted(session: Session, comments: Iterable[Comment]) -> None:
    """Move the mark for new comments written by INSERT, not flushed (cms/comments/filing.py),
    as a flush of them would: when one of them is approved."""
    if any(comment.status == CommentStatus.APPROVED for comment in comments):
        bump(session)


def bump(session: Session) -> None:
    """Move the public mark forward: to now, or one past the last mark if that is later."""
    connection = session.connection()
    now = _now_us()
    dialect = connection.dialect.name
    table = Setting.__table__
    old = cast(table.c.value, Integer)
    if dialect == "postgresql":
        # BIGINT: microseconds since 1970 do not fit in an INTEGER.
        old = cast(table.c.value, postgresql.BIGINT)
        newer, insert = func.greatest(old + 1, now), postgresql.insert(table)
    else:
        newer, insert = func.max(old + 1, now), sqlite.insert(table)
    statement = insert.values(key=KEY, value=str(now)).on_conflict_do_update(
        index_elements=[table.c.key], set_={"value": cast(newer, String)}
    )
    connection.execute(statement)


def mark_column() -> Label[Any]:
    """Return the mark as a column any statement can carry: a request's first query learns
    it at no extra cost, for ``seen``."""
    return select(Setting.value).where(Setting.key == KEY).scalar_subquery().label(KEY)


_MARK_QUERY = select(mark_column())


def seen(mark: str | int | None) -> None:
    """Keep the mark a query of this request read, for ``current_mark``."""
    g.public_mark = int(mark or 0)


def current_mark() -> int:
    """Return the public mark as this request first read it; one query if nothing had.

    Read once and kept: whatever the request reads after it is at least as new, since a
    change commits with its move of the mark. What a process keeps by the mark (the
    discussion settings) is read again when another process has moved it.
    """
    if "public_mark" not in g:
        seen(db.session.connection().execute(_MARK_QUERY).scalar())
    return g.public_mark


def _build_validator_query() -> Any:
    mark = select(Setting.value).where(Setting.key == KEY).scalar_subquery()
    newest = (
        select(func.max(Article.published_at))
        .where(is_public_clause(now=bindparam("now")))
        .scalar_subquery()
    )
    return select(func.coalesce(mark, literal("0")), newest)


# Built once: it runs on every public request, and building the statement cost more than
# running it.
_VALIDATOR_QUERY = _build_validator_query()


def read_validator(connection: Connection) -> tuple[int, datetime | None]:
    """Return, in one query, the public mark and the newest public publication time.

    The second matters for a scheduled article: it becomes public when its time comes,
    with nothing written then.
    """
    mark, newest = connection.execute(_VALIDATOR_QUERY, {"now": utcnow()}).one()
    return int(mark), newest


@dataclass(frozen=True)
class _Plain:
    """The validator query as one dialect's driver takes it, with SQLAlchemy's conversions."""

    sql: str
    # The parameters' names in the order a positional driver takes them; None for named.
    order: tuple[str, ...] | None
    # Every parameter but "now", already converted as SQLAlchemy would send it.
    constants: dict[str, Any]
    to_driver: Callable[[Any], Any] | None
    from_driver: Callable[[Any], Any] | None

    def parameters(self, now: datetime) -> dict[str, Any] | tuple[Any, ...]:
        """Return the query's parameters at ``now``, as the driver takes them."""
        value = self.to_driver(now) if self.to_driver else now
        if self.order is None:
            return {**self.constants, "now": value}
        return tuple([value if name == "now" else self.constants[name] for name in self.order])


def _plain_for(dialect: Dialect) -> _Plain:
    """Compile the validator query for this dialect, and find how its values are converted."""
    compiled = _VALIDATOR_QUERY.compile(dialect=dialect)

    def converter(name: str) -> Callable[[Any], Any] | None:
        return compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)

    constants = {}
    for name, value in compiled.construct_params({"now": utcnow()}).items():
        convert = converter(name)
        constants[name] = convert(value) if convert else value
    newest = _VALIDATOR_QUERY.selected_columns[1].type.dialect_impl(dialect)
    return _Plain(
        sql=str(compiled),
        order=tuple(compiled.positiontup) if compiled.positiontup is not None else None,
        constants=constants,
        to_driver=converter("now"),
        from_driver=newest.result_processor(dialect, None),
    )


# One per dialect: compiled once, like the statement itself.
_PLAIN: dict[str, _Plain] = {}


def read_validator_plain(
    dbapi_connection: DBAPIConnection, dialect: Dialect
) -> tuple[int, datetime | None]:
    """Return what read_validator returns, by the same query run on a DB-API connection.

    For cms/http/fast_path.py, whose whole work is this one query: SQLAlchemy's execution
    (a Connection, the compiled cache, a Result) cost more than the query itself. The
    values are converted exactly as SQLAlchemy converts them, so both give the same ETag.
    """
    plain = _PLAIN.get(dialect.name) or _PLAIN.setdefault(dialect.name, _plain_for(dialect))
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(plain.sql, plain.parameters(utcnow()))
        mark, newest = cursor.fetchone()
    finally:
        cursor.close()
    if plain.from_driver is not None:
        newest = plain.from_driver(newest)
    return int(mark), newest


def listen() -> None:
    """Watch every session's flushes for changes to the public site (once per process)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
