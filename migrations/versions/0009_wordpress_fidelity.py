"""moving in from WordPress without loss: source site, slug and format, post passwords,
page parents, sticky posts, comment types, and keys for imports from several sites

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

WordPress ids are one site's own, so an article is keyed by `(wp_id, source_site)` and an
imported comment within its article, by `(wp_id, article_id)` or, where a converter left
the id out, by `(import_key, article_id)`. `source_format` says whether an article's source
is Markdown (written here) or WordPress's HTML: every article imported before this revision
came from WordPress, so those are marked HTML and rendered again by WordPress's own
paragraph rules, as its readers saw them.
"""

import sqlalchemy as sa
from alembic import op

from cms.html.sanitize import render_article
from cms.html.text import article_text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _source_format() -> sa.Enum:
    return sa.Enum("markdown", "html", name="sourceformat", native_enum=False, length=20)


def _triggers() -> list[str]:
    """Return the SQL of the triggers on articles: SQLite's batch mode rebuilds the table
    and drops them (migration 0004's search index lives by them)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    query = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'"
    return [row[0] for row in op.get_bind().exec_driver_sql(query)]


def _restore(triggers: list[str]) -> None:
    for sql in triggers:
        op.execute(sql)


def upgrade():
    triggers = _triggers()
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source_site", sa.String(length=200), server_default=sa.text("''"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "wp_slug", sa.String(length=200), server_default=sa.text("''"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("source_format", _source_format(), server_default="markdown", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "post_password",
                sa.String(length=255),
                server_default=sa.text("''"),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("sticky", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.drop_constraint("uq_articles_wp_id", type_="unique")
        batch_op.create_unique_constraint("uq_articles_wp_id", ["wp_id", "source_site"])
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_parent_id_articles"),
            "articles",
            ["parent_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _restore(triggers)
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_key", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "comment_type", sa.String(length=20), server_default=sa.text("''"), nullable=False
            )
        )
        batch_op.drop_constraint("uq_comments_wp_id", type_="unique")
        batch_op.create_unique_constraint("uq_comments_wp_id", ["wp_id", "article_id"])
        batch_op.create_unique_constraint("uq_comments_import_key", ["import_key", "article_id"])
    _render_imports_as_html()


def _render_imports_as_html() -> None:
    """Mark what came from WordPress as HTML and render it as WordPress showed it."""
    bind = op.get_bind()
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer),
        sa.column("wp_id", sa.Integer),
        sa.column("source_format", sa.String),
        sa.column("body_markdown", sa.Text),
        sa.column("body_html", sa.Text),
        sa.column("body_text", sa.Text),
    )
    imported = bind.execute(
        sa.select(articles.c.id, articles.c.body_markdown).where(articles.c.wp_id.is_not(None))
    ).all()
    for article_id, source in imported:
        html = render_article(source, "html")
        bind.execute(
            articles.update()
            .where(articles.c.id == article_id)
            .values(source_format="html", body_html=html, body_text=article_text(html))
        )


def downgrade():
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_constraint("uq_comments_import_key", type_="unique")
        batch_op.drop_constraint("uq_comments_wp_id", type_="unique")
        batch_op.create_unique_constraint("uq_comments_wp_id", ["wp_id"])
        batch_op.drop_column("comment_type")
        batch_op.drop_column("import_key")
    triggers = _triggers()
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_articles_parent_id_articles"), type_="foreignkey")
        batch_op.drop_constraint("uq_articles_wp_id", type_="unique")
        batch_op.create_unique_constraint("uq_articles_wp_id", ["wp_id"])
        batch_op.drop_column("sticky")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("post_password")
        batch_op.drop_column("source_format")
        batch_op.drop_column("wp_slug")
        batch_op.drop_column("source_site")
    _restore(triggers)
