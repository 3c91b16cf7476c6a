"""encrypt commenters' email addresses, and the mail waiting in the outbox

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Addresses in comments and subscriptions become Fernet tokens under EMAIL_KEY, with a keyed
hash beside them for equality lookups. Existing rows are converted in place, so the app
context (which Flask-Migrate provides) must carry the EMAIL_KEY the site will run with.
"""

import sqlalchemy as sa
from alembic import op

from cms.privacy import crypto

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (table, address column, hash column)
TABLES = (
    ("comments", "author_email", "author_email_hash"),
    ("subscriptions", "email", "email_hash"),
)


def _convert(table: str, column: str, change) -> None:
    """Rewrite every address of a table with ``change(value) -> {column: ...}``."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
    for row_id, value in rows:
        values = change(value or "")
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        bind.execute(
            sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"), {**values, "id": row_id}
        )


# Outbox columns encrypted whole: (column, its old type).
OUTBOX = (("to_address", sa.String(length=254)), ("body", sa.Text()))


def _convert_outbox(change) -> None:
    for name, _ in OUTBOX:
        _convert("outbox", name, lambda value, n=name: {n: change(value) if value else value})


def upgrade():
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for name, old in OUTBOX:
            batch_op.alter_column(name, existing_type=old, type_=sa.Text())
    _convert_outbox(crypto.encrypt)
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_email_hash", sa.String(length=64), nullable=True))
        batch_op.alter_column("author_email", existing_type=sa.String(length=100), type_=sa.Text())
        batch_op.drop_index(batch_op.f("ix_comments_author_email"))
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_hash", sa.String(length=64), nullable=True))
        batch_op.alter_column("email", existing_type=sa.String(length=254), type_=sa.Text())
        batch_op.drop_constraint(batch_op.f("uq_subscriptions_email"), type_="unique")

    for table, column, digest in TABLES:
        _convert(
            table,
            column,
            lambda plain, c=column, d=digest: {
                c: crypto.encrypt(plain) if plain else plain,
                d: crypto.email_digest(plain),
            },
        )

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.alter_column(
            "author_email_hash", existing_type=sa.String(length=64), nullable=False
        )
        batch_op.create_index(
            batch_op.f("ix_comments_author_email_hash"), ["author_email_hash"], unique=False
        )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.alter_column("email_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_subscriptions_email_hash"), ["email_hash"])


def downgrade():
    _convert_outbox(crypto.decrypt)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for name, old in OUTBOX:
            batch_op.alter_column(name, existing_type=sa.Text(), type_=old)
    for table, column, _ in TABLES:
        _convert(table, column, lambda token, c=column: {c: crypto.decrypt(token) if token else ""})
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_subscriptions_email_hash"), type_="unique")
        batch_op.alter_column("email", existing_type=sa.Text(), type_=sa.String(length=254))
        batch_op.create_unique_constraint(batch_op.f("uq_subscriptions_email"), ["email"])
        batch_op.drop_column("email_hash")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_author_email_hash"))
        batch_op.alter_column("author_email", existing_type=sa.Text(), type_=sa.String(length=100))
        batch_op.create_index(
            batch_op.f("ix_comments_author_email"), ["author_email"], unique=False
        )
        batch_op.drop_column("author_email_hash")
