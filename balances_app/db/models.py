"""SQLModel tables. Amounts are integer minor units; times are unix seconds (UTC)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

# The ledger's sign rules, also enforced by the database (migration 0004): credits are positive,
# debits negative, and an entry never moves nothing.
CREDIT_TYPES = ("charge", "payout_cancel", "payout_failure", "topup")
DEBIT_TYPES = ("refund", "payout", "topup_reversal", "application_fee", "stripe_fee")
EITHER_SIGN_TYPES = ("adjustment", "payout_fee")


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


LEDGER_CHECKS = {
    "ck_balance_transactions_net": "net = amount - fee",
    "ck_balance_transactions_fee": "fee >= 0",
    "ck_balance_transactions_type": f"type IN ({_quoted(CREDIT_TYPES + DEBIT_TYPES + EITHER_SIGN_TYPES)})",
    "ck_balance_transactions_sign": (
        f"amount <> 0 AND (type NOT IN ({_quoted(CREDIT_TYPES)}) OR amount > 0)"
        f" AND (type NOT IN ({_quoted(DEBIT_TYPES)}) OR amount < 0)"
    ),
}


def _json(default: Any) -> Any:
    return Field(default_factory=lambda: type(default)(default), sa_column=Column(JSON, nullable=False))


class Platform(SQLModel, table=True):
    __tablename__ = "platforms"

    id: str = Field(primary_key=True)
    name: str
    country: str
    default_currency: str
    secret_key_hash: str = Field(unique=True, index=True)
    publishable_key: str = Field(unique=True, index=True)
    allowed_origins: list[str] = _json([])
    clock_offset: int = 0  # seconds the platform's test clock runs ahead of real time
    instant_fee_bps: int = 100  # instant payout fee, in basis points of the amount
    instant_fee_minimum: str = "0.50"  # minimum instant payout fee, in major units of the payout's currency
    instant_daily_limit: int = 100_000  # instant payout volume per currency per day, in major units
    created: int


class ConnectedAccount(SQLModel, table=True):
    __tablename__ = "connected_accounts"

    id: str = Field(primary_key=True)
    platform_id: str = Field(foreign_key="platforms.id", index=True)
    business_name: str
    email: str
    country: str
    default_currency: str
    losses_payments: str  # controller.losses.payments: "stripe" or "application"
    payout_interval: str = "daily"
    payout_delay_days: int = 2
    payout_weekly_anchor: str | None = None
    payout_monthly_anchor: int | None = None
    instant_payouts_eligible: bool = False
    payouts_processed_through: int = 0  # start of the last day whose automatic payouts were made
    created: int


class BalanceTransaction(SQLModel, table=True):
    """One ledger entry. Append-only: rows are inserted, never updated or deleted (database triggers refuse both)."""

    __tablename__ = "balance_transactions"
    __table_args__ = (
        *(CheckConstraint(sql, name=name) for name, sql in LEDGER_CHECKS.items()),
        Index("ix_balance_transactions_account_created", "account_id", "created", "id"),
    )

    seq: int | None = Field(default=None, sa_column_kwargs={"autoincrement": True}, primary_key=True)
    id: str = Field(unique=True, index=True)
    account_id: str = Field(foreign_key="connected_accounts.id", index=True)
    type: str
    amount: int = Field(sa_type=BigInteger)
    fee: int = Field(default=0, sa_type=BigInteger)
    net: int = Field(sa_type=BigInteger)
    currency: str
    source_type: str = "card"
    available_on: int
    instant_available_on: int
    created: int = Field(index=True)
    description: str | None = None
    source: str | None = Field(default=None, index=True)
    reporting_category: str
    fee_details: list[dict[str, Any]] = _json([])


class BalanceBucket(SQLModel, table=True):
    """Running totals of `net` per account, currency, source type and availability times.

    Buckets whose times have both passed are folded into the settled bucket (times 0),
    so a balance read touches a handful of rows however long the ledger grows.
    """

    __tablename__ = "balance_buckets"

    account_id: str = Field(foreign_key="connected_accounts.id", primary_key=True)
    currency: str = Field(primary_key=True)
    source_type: str = Field(primary_key=True)
    available_on: int = Field(primary_key=True)
    instant_available_on: int = Field(primary_key=True)
    amount: int = Field(sa_type=BigInteger)


class AccountSession(SQLModel, table=True):
    __tablename__ = "account_sessions"

    id: str = Field(primary_key=True)
    platform_id: str = Field(foreign_key="platforms.id", index=True)
    account_id: str = Field(foreign_key="connected_accounts.id", index=True)
    secret_hash: str = Field(unique=True, index=True)
    components: dict[str, Any] = _json({})
    created: int
    expires_at: int
    claimed_at: int | None = None
    instance_hash: str | None = None  # the connect.js instance that claimed it
    ended_at: int | None = None


class ExternalAccount(SQLModel, table=True):
    __tablename__ = "external_accounts"
    __table_args__ = (UniqueConstraint("account_id", "fingerprint", "currency"),)

    id: str = Field(primary_key=True)
    account_id: str = Field(foreign_key="connected_accounts.id", index=True)
    object: str = "bank_account"  # or "card"
    country: str
    currency: str
    bank_name: str | None = None
    last4: str
    routing_number: str | None = None
    account_holder_name: str | None = None
    account_holder_type: str | None = None
    fingerprint: str
    default_for_currency: bool = False
    status: str = "new"
    available_payout_methods: list[str] = _json(["standard"])
    test_failure_code: str | None = None  # test mode: the failure a payout to this account ends in
    metadata_: dict[str, str] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    created: int
    # Removed by the account holder: kept (payouts and top-ups still name it, as Stripe's do), never listed.
    deleted_at: int | None = None


class Payout(SQLModel, table=True):
    __tablename__ = "payouts"
    __table_args__ = (Index("ix_payouts_account_created", "account_id", "created", "id"),)

    id: str = Field(primary_key=True)
    account_id: str = Field(foreign_key="connected_accounts.id", index=True)
    amount: int = Field(sa_type=BigInteger)
    currency: str
    arrival_date: int
    automatic: bool
    method: str = "standard"
    status: str = "pending"
    type: str = "bank_account"
    destination: str | None = Field(default=None, foreign_key="external_accounts.id")
    balance_transaction: str | None = None
    fee: int = Field(default=0, sa_type=BigInteger)
    fee_balance_transaction: str | None = None
    failure_balance_transaction: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    description: str | None = None
    statement_descriptor: str | None = None
    metadata_: dict[str, str] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    created: int = Field(index=True)


class Topup(SQLModel, table=True):
    __tablename__ = "topups"
    __table_args__ = (Index("ix_topups_account_created", "account_id", "created", "id"),)

    id: str = Field(primary_key=True)
    account_id: str = Field(foreign_key="connected_accounts.id", index=True)
    amount: int = Field(sa_type=BigInteger)
    currency: str
    status: str = "pending"
    expected_availability_date: int
    source: str | None = Field(default=None, foreign_key="external_accounts.id")
    balance_transaction: str | None = None
    description: str | None = None
    statement_descriptor: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    metadata_: dict[str, str] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    created: int = Field(index=True)


class IdempotencyKey(SQLModel, table=True):
    """The first response to a money-moving request, replayed byte for byte for the same key."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("platform_id", "scope", "key"),)

    seq: int | None = Field(default=None, primary_key=True)
    platform_id: str = Field(foreign_key="platforms.id")
    scope: str  # the connected account named by Stripe-Account, or "" for the platform itself
    key: str
    request_hash: str
    status: str = "in_flight"  # in_flight | done
    response_status: int | None = None
    response_body: bytes | None = None
    created: int


class VerificationCode(SQLModel, table=True):
    """A one-time code proving the account holder is present before a sensitive change."""

    __tablename__ = "verification_codes"

    id: str = Field(primary_key=True)
    account_id: str = Field(foreign_key="connected_accounts.id", index=True)
    session_id: str = Field(foreign_key="account_sessions.id")
    purpose: str  # what the code unlocks, e.g. "remove_bank_account:ba_..."
    code_hash: str
    expires_at: int
    attempts: int = 0
    used: bool = False
    created: int


class DueWork(SQLModel, table=True):
    """Something that falls due with time, found by due time from an index.

    One row per subject: a payout's next lifecycle step, a top-up's availability, or an
    account's next payout day. The due-work runner takes the earliest rows first and moves
    or deletes each row in the same transaction as the work it did.
    """

    __tablename__ = "due_work"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id"),
        Index("ix_due_work_platform_due", "platform_id", "due_at"),
        Index("ix_due_work_account_due", "account_id", "due_at"),
    )

    seq: int | None = Field(default=None, primary_key=True)
    platform_id: str = Field(foreign_key="platforms.id")
    account_id: str = Field(foreign_key="connected_accounts.id")
    kind: str  # payout | topup | payout_day
    subject_id: str  # the payout's, top-up's or account's id
    due_at: int  # on the platform's clock
