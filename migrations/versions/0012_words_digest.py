"""posting stays cheap: comments.words_digest, a short digest of the text, indexed by article

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

The duplicate and repeat checks looked for the same text among all of an article's
comments, so each post read every comment of its article: a client posting thousands made
every next post dearer. `comments.words_digest` (cms.models.content.words_digest, kept with
`content_html` by the model) and the index on (article_id, words_digest) let them read only
the comments with the same words. Every comment already stored gets its digest here, in
batches, so a large table is never held in memory at once.
"""

import sqlalchemy as sa
from alembic import op

from cms.models.content import words_digest

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Rows read and written per round trip.
BATCH = 1000


def _fill_digests() -> None:
    """Set words_digest from content_html for every stored comment, a batch at a time."""
    bind = op.get_bind()
    read = sa.text(
        "SELECT id, content_html FROM comments WHERE id > :after ORDER BY id LIMIT :batch"
    )
    write = sa.text("UPDATE comments SET words_digest = :digest WHERE id = :id")
    after = 0
    while rows := bind.execute(read, {"after": after, "batch": BATCH}).all():
        bind.execute(
            write, [{"id": row_id, "digest": words_digest(html or "")} for row_id, html in rows]
        )
        after = rows[-1][0]


def upgrade():
    # A plain ADD COLUMN: no table is rebuilt.
    op.add_column(
        "comments",
        sa.Column(
            "words_digest", sa.String(length=16), server_default=sa.text("''"), nullable=False
        ),
    )
    _fill_digests()
    # After the fill: one index build, not an index update per row.
    op.create_index(
        "ix_comments_article_words", "comments", ["article_id", "words_digest"], unique=False
    )


def downgrade():
    op.drop_index("ix_comments_article_words", table_name="comments")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("words_digest")
