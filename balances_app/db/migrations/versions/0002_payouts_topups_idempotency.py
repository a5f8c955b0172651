"""payouts topups idempotency

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 16:37:36.267768
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("platform_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("request_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["platforms.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("platform_id", "scope", "key"),
    )
    op.create_table(
        "topups",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("account_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("expected_availability_date", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("balance_transaction", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("statement_descriptor", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("failure_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("failure_message", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["connected_accounts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source"],
            ["external_accounts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("topups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topups_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_topups_created"), ["created"], unique=False)

    with op.batch_alter_table("connected_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payouts_processed_through", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("external_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("test_failure_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fee", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("fee_balance_transaction", sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table("platforms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("instant_fee_bps", sa.Integer(), nullable=False, server_default="100"))
        batch_op.add_column(
            sa.Column("instant_fee_minimum", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="0.50")
        )
        batch_op.add_column(sa.Column("instant_daily_limit", sa.Integer(), nullable=False, server_default="100000"))


def downgrade() -> None:
    with op.batch_alter_table("platforms", schema=None) as batch_op:
        batch_op.drop_column("instant_daily_limit")
        batch_op.drop_column("instant_fee_minimum")
        batch_op.drop_column("instant_fee_bps")

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_column("fee_balance_transaction")
        batch_op.drop_column("fee")

    with op.batch_alter_table("external_accounts", schema=None) as batch_op:
        batch_op.drop_column("test_failure_code")

    with op.batch_alter_table("connected_accounts", schema=None) as batch_op:
        batch_op.drop_column("payouts_processed_through")

    with op.batch_alter_table("topups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topups_created"))
        batch_op.drop_index(batch_op.f("ix_topups_account_id"))

    op.drop_table("topups")
    op.drop_table("idempotency_keys")
