"""payout items (which entries an automatic payout paid out) and the indexes the payouts family reads by

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payout_items",
        sa.Column("payout_id", sa.String(), sa.ForeignKey("payouts.id"), nullable=False),
        sa.Column(
            "balance_transaction_seq", sa.BigInteger(), sa.ForeignKey("balance_transactions.seq"), nullable=False
        ),
        sa.PrimaryKeyConstraint("payout_id", "balance_transaction_seq"),
        sa.UniqueConstraint("balance_transaction_seq"),
    )
    # A page of an account's payouts, newest first, reads only the rows it shows.
    op.create_index("ix_payouts_account_created_id", "payouts", ["account_id", "created", "id"])
    # Finding what an automatic payout sweeps reads only entries that became available since the last one.
    op.create_index(
        "ix_balance_transactions_account_currency_available",
        "balance_transactions",
        ["account_id", "currency", "available_on"],
    )


def downgrade() -> None:
    op.drop_index("ix_balance_transactions_account_currency_available", "balance_transactions")
    op.drop_index("ix_payouts_account_created_id", "payouts")
    op.drop_table("payout_items")
