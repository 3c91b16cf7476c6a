"""a commenter's own comment: withdrawn placeholders, and the mail each comment set off

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

`comments.withdrawn_at` marks a comment its author withdrew while approved replies hung
under it: its text, name, address and IP are erased and the thread shows a placeholder.
`outbox.comment_id` names the comment a message tells of, so withdrawing the comment takes
its mail too.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both: no table is rebuilt, so SQLite keeps its triggers.
    op.add_column("comments", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column("outbox", sa.Column("comment_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_outbox_comment_id"), "outbox", ["comment_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_outbox_comment_id"), table_name="outbox")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("comment_id")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
