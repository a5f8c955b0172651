"""Which balance transactions an automatic payout paid out: one row per (payout, entry).

Kept beside the append-only ledger rather than in it: an entry is booked before anyone knows
which payout will sweep it, and ledger rows are never updated. Recorded once, when the
automatic payout is created, so a payout's reconciliation is a read of its own rows only.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey
from sqlmodel import Field, SQLModel


class PayoutItem(SQLModel, table=True):
    __tablename__ = "payout_items"

    payout_id: str = Field(foreign_key="payouts.id", primary_key=True)
    balance_transaction_seq: int = Field(
        sa_column=Column(BigInteger, ForeignKey("balance_transactions.seq"), primary_key=True, unique=True)
    )
