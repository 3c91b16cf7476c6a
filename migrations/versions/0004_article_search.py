"""article search: an FTS5 table on SQLite, a GIN index on PostgreSQL

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

SQLite: `article_search` is a plain FTS5 table holding its own copy of each article's title
and Markdown body under the article's id, kept by triggers on `articles`. Its own copy (not
an external-content table) means a row is removed by id alone, so the index can never be
corrupted by text that changed behind its back. Every article is indexed; the search query
applies the public rule, so scheduled articles appear by themselves.

A batch migration that rebuilds `articles` on SQLite drops these triggers with the old table:
such a migration must create them again (see TRIGGERS) and rebuild the index.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Porter stemming, so "relapsed" finds "relapse", as PostgreSQL's english configuration does.
CREATE_TABLE = """
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

TRIGGERS = {
    "articles_search_insert": """
        CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
            INSERT INTO article_search (rowid, title, body)
            VALUES (new.id, new.title, new.body_markdown);
        END
    """,
    "articles_search_update": """
        CREATE TRIGGER articles_search_update AFTER UPDATE OF id, title, body_markdown
        ON articles BEGIN
            DELETE FROM article_search WHERE rowid = old.id;
            INSERT INTO article_search (rowid, title, body)
            VALUES (new.id, new.title, new.body_markdown);
        END
    """,
    "articles_search_delete": """
        CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_search WHERE rowid = old.id;
        END
    """,
}

BACKFILL = """
INSERT INTO article_search (rowid, title, body) SELECT id, title, body_markdown FROM articles
"""

# The expression queries repeat word for word (articles/search_index.py): the planner uses it.
PG_CREATE_INDEX = """
CREATE INDEX ix_articles_search ON articles
USING gin (to_tsvector('english', title || ' ' || body_markdown))
"""


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(CREATE_TABLE)
        for trigger in TRIGGERS.values():
            op.execute(trigger)
        op.execute(BACKFILL)
    elif dialect == "postgresql":
        op.execute(PG_CREATE_INDEX)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS article_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
