"""hardening: staff sessions, single-use TOTP, encrypted TOTP secrets, outbox owners, drafts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

- `staff_sessions`: one row per staff login, so logging out ends it on the server.
- `users.totp_last_step`: the last accepted time step, so a code works once.
- `users.totp_secret_sealed` replaces `users.totp_secret`: the secret encrypted under
  EMAIL_KEY like addresses (so the app context must carry the site's EMAIL_KEY, as for 0006).
- `outbox.to_hash`, `outbox.about_hash`: keyed hashes of the recipient and of the commenter a
  message is about, so erasing a person's data finds their mail.
- `comment_drafts`: a comment form sent back for correction, shown once after a redirect.
"""

import sqlalchemy as sa
from alembic import op

from cms.privacy import crypto

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _move_totp(source: str, target: str, change) -> None:
    """Copy every TOTP secret from one users column to the other through ``change``."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {source} FROM users")).all()
    for row_id, value in rows:
        if value:
            bind.execute(
                sa.text(f"UPDATE users SET {target} = :v WHERE id = :id"),
                {"v": change(value), "id": row_id},
            )


def upgrade():
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_staff_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_sessions_token_hash")),
    )
    op.create_index(op.f("ix_staff_sessions_user_id"), "staff_sessions", ["user_id"], unique=False)
    op.create_table(
        "comment_drafts",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_comment_drafts")),
    )
    op.create_index(
        op.f("ix_comment_drafts_created_at"), "comment_drafts", ["created_at"], unique=False
    )
    # Plain ADD COLUMN, no batch rebuild of users (other tables point at it).
    op.add_column("users", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    # A new column rather than a wider one: SQLite cannot change a type without rebuilding
    # users, which other tables point at.
    op.add_column("users", sa.Column("totp_secret_sealed", sa.Text(), nullable=True))
    _move_totp("totp_secret", "totp_secret_sealed", crypto.encrypt)
    op.drop_column("users", "totp_secret")
    op.add_column("outbox", sa.Column("to_hash", sa.String(length=64), nullable=True))
    op.add_column("outbox", sa.Column("about_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_outbox_to_hash"), "outbox", ["to_hash"], unique=False)
    op.create_index(op.f("ix_outbox_about_hash"), "outbox", ["about_hash"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_outbox_about_hash"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_to_hash"), table_name="outbox")
    op.drop_column("outbox", "about_hash")
    op.drop_column("outbox", "to_hash")
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    _move_totp("totp_secret_sealed", "totp_secret", crypto.decrypt)
    op.drop_column("users", "totp_secret_sealed")
    op.drop_column("users", "totp_last_step")
    op.drop_index(op.f("ix_comment_drafts_created_at"), table_name="comment_drafts")
    op.drop_table("comment_drafts")
    op.drop_index(op.f("ix_staff_sessions_user_id"), table_name="staff_sessions")
    op.drop_table("staff_sessions")
