"""Full-text search over articles: SQLite FTS5 by default, PostgreSQL's own when it is there.

Both engines index every article's title and the text readers see of its body (body_text,
the rendered HTML's words: migrations 0004 and 0008), never the Markdown or HTML source, so
markup and link targets are never found. Every query filters
with publishing.is_public_clause(), so a draft or scheduled article is never found until it is
public, with no re-indexing when its time comes.
"""

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import Select, func, literal_column, select, table, text

from ..extensions import db
from ..models import Article
from . import publishing

# Longest query searched, in characters, and most words in it: enough for any real question,
# and a bound on the work a hostile one can ask for.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# The engines mark hits with these private-use characters, which no escaping touches, so the
# snippet can be escaped as text first and the marks turned into <mark> after.
HIT_START, HIT_END = "\ue000", "\ue001"
_HIT = re.compile(f"{HIT_START}(.*?){HIT_END}", re.DOTALL)
_WORD = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The SQLite FTS5 table migration 0004 creates (0008 fills it from body_text), and the
# tables FTS5 keeps beside it.
SQLITE_TABLE = "article_search"
# The PostgreSQL expression index migration 0008 creates; queries repeat it word for word,
# so the planner can use the index.
PG_INDEX = "ix_articles_search"
PG_DOCUMENT = "to_tsvector('english', articles.title || ' ' || articles.body_text)"
PG_HEADLINE = (
    f"StartSel={HIT_START}, StopSel={HIT_END}, MaxFragments=2, MaxWords=30, MinWords=12,"
    ' FragmentDelimiter=" … "'
)
PG_TITLE_HEADLINE = f"StartSel={HIT_START}, StopSel={HIT_END}, HighlightAll=true"
# Written into the SQL, not bound: the index's expression names the configuration literally.
ENGLISH = literal_column("'english'")


@dataclass(frozen=True)
class Hit:
    """One found article, with its title and a snippet of its body, hits in <mark>."""

    article: Article
    title: Markup
    snippet: Markup


def is_index_table(name: str) -> bool:
    """Tell whether a table or index belongs to the search index, which no model describes."""
    return name in (SQLITE_TABLE, PG_INDEX) or name.startswith(f"{SQLITE_TABLE}_")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Keep the search index out of Alembic's comparison of the schema with the models."""
    return name is None or not is_index_table(name)


def terms(query: str) -> list[str]:
    """Split what a reader typed into plain words, each a double-quoted phrase.

    Quoting every word turns FTS syntax (AND, NEAR, *, -, colons, parentheses) into text to
    find, so no query can fail to parse; words without a letter or digit are dropped.
    """
    words = (w.replace('"', "") for w in _CONTROL.sub(" ", query[:MAX_QUERY_LENGTH]).split())
    return [f'"{w}"' for w in words if _WORD.search(w)][:MAX_TERMS]


def highlight(fragment: str | None) -> Markup:
    """Escape an engine's fragment as text, then turn its hit marks into <mark> elements."""
    marked = _HIT.sub(lambda m: f"<mark>{m.group(1)}</mark>", str(escape(fragment or "")))
    # A stray mark (one the author typed) must not leave an unclosed element.
    return Markup(marked.replace(HIT_START, "").replace(HIT_END, ""))


def search(query: str, page: int, per_page: int) -> tuple[list[Hit], int]:
    """Return one page of public articles matching the query, best first, and the total."""
    words = terms(query)
    if not words:
        return [], 0
    match = " ".join(words)
    if db.session.get_bind().dialect.name == "postgresql":
        found = _postgres_query(match)
    else:
        found = _sqlite_query(match)
    counted = found.with_only_columns(Article.id).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted))
    rows = db.session.execute(found.limit(per_page).offset((page - 1) * per_page))
    return [Hit(row[0], highlight(row[1]), highlight(row[2])) for row in rows], total


def _sqlite_query(match: str) -> Select:
    """Select matches through FTS5, ranked by bm25 with a title hit worth ten body hits."""
    fts = table(SQLITE_TABLE, literal_column("rowid"))
    title = func.highlight(literal_column(SQLITE_TABLE), 0, HIT_START, HIT_END)
    snippet = func.snippet(literal_column(SQLITE_TABLE), 1, HIT_START, HIT_END, "…", 32)
    rank = func.bm25(literal_column(SQLITE_TABLE), 10.0, 1.0)
    return (
        select(Article, title, snippet)
        .join(fts, literal_column(f"{SQLITE_TABLE}.rowid") == Article.id)
        .where(text(f"{SQLITE_TABLE} MATCH :match").bindparams(match=match))
        .where(publishing.is_public_clause())
        # bm25 is lower for better matches.
        .order_by(rank, Article.published_at.desc(), Article.id.desc())
    )


def _postgres_query(match: str) -> Select:
    """Select matches through the GIN index, ranked with a title hit above a body hit."""
    tsquery = func.websearch_to_tsquery(ENGLISH, match)
    weighted = text(
        "setweight(to_tsvector('english', articles.title), 'A')"
        " || setweight(to_tsvector('english', articles.body_text), 'D')"
    )
    title = func.ts_headline(ENGLISH, Article.title, tsquery, PG_TITLE_HEADLINE)
    snippet = func.ts_headline(ENGLISH, Article.body_text, tsquery, PG_HEADLINE)
    return (
        select(Article, title, snippet)
        .where(literal_column(PG_DOCUMENT).op("@@")(tsquery))
        .where(publishing.is_public_clause())
        .order_by(
            func.ts_rank(weighted, tsquery).desc(),
            Article.published_at.desc(),
            Article.id.desc(),
        )
    )
