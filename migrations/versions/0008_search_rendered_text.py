"""search what readers see: articles.body_text, the text of the rendered HTML, indexed

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Search indexed the Markdown source, so "strong" found every article with **bold** words
(as `<strong>` once rendered) and a link's target address matched as if it were text.
`articles.body_text` holds the words of `body_html` (cms.html.text.article_text), set with
it by the model; the SQLite FTS5 triggers and the PostgreSQL GIN index now read it. Every
article already stored is rendered again from its Markdown (so editors' links lose the
rel="nofollow ugc" only commenters' links keep), filled in and indexed again here.
"""

import sqlalchemy as sa
from alembic import op

from cms.html.sanitize import render_article
from cms.html.text import article_text

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _triggers(column: str) -> dict[str, str]:
    """Return the FTS5 triggers of migration 0004, indexing ``column`` as the body."""
    return {
        "articles_search_insert": f"""
            CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
                INSERT INTO article_search (rowid, title, body)
                VALUES (new.id, new.title, new.{column});
            END
        """,
        "articles_search_update": f"""
            CREATE TRIGGER articles_search_update AFTER UPDATE OF id, title, {column}
            ON articles BEGIN
                DELETE FROM article_search WHERE rowid = old.id;
                INSERT INTO article_search (rowid, title, body)
                VALUES (new.id, new.title, new.{column});
            END
        """,
    }


def _pg_index(column: str) -> str:
    return (
        "CREATE INDEX ix_articles_search ON articles"
        f" USING gin (to_tsvector('english', title || ' ' || {column}))"
    )


def _reindex(column: str) -> None:
    """Point the index at ``column`` and index every stored article again."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name, trigger in _triggers(column).items():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(trigger)
        op.execute("DELETE FROM article_search")
        op.execute(
            f"INSERT INTO article_search (rowid, title, body) SELECT id, title, {column}"
            " FROM articles"
        )
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute(_pg_index(column))


def upgrade():
    # Plain ADD COLUMN, no batch rebuild: rebuilding articles would drop the FTS5 triggers.
    op.add_column(
        "articles", sa.Column("body_text", sa.Text(), server_default=sa.text("''"), nullable=False)
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, body_markdown FROM articles")).all()
    for row_id, source in rows:
        # Rendered again: links editors wrote were stored with rel="nofollow ugc", which
        # only commenters' links carry now.
        html = render_article(source or "")
        bind.execute(
            sa.text("UPDATE articles SET body_html = :html, body_text = :text WHERE id = :id"),
            {"html": html, "text": article_text(html), "id": row_id},
        )
    _reindex("body_text")


def downgrade():
    # No trigger names body_text any more, so SQLite lets the column go.
    _reindex("body_markdown")
    op.drop_column("articles", "body_text")
