"""comments that cannot wait: comments.care_reason, why the care rules flagged a comment

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

Empty for every comment so far: the rules look at comments as they are posted.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: no table is rebuilt.
    op.add_column(
        "comments",
        sa.Column(
            "care_reason", sa.String(length=300), server_default=sa.text("''"), nullable=False
        ),
    )
    # Partial: only the flagged rows, so the "Needs care" list and count cost nothing extra.
    op.create_index(
        "ix_comments_care_waiting",
        "comments",
        ["status", "created_at"],
        unique=False,
        sqlite_where=sa.text("care_reason != ''"),
        postgresql_where=sa.text("care_reason != ''"),
    )


def downgrade():
    op.drop_index("ix_comments_care_waiting", table_name="comments")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("care_reason")
