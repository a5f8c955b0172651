"""Tables for events (the outbox) and webhook delivery.

An event row is written in the same transaction as the change it describes, together with one
delivery row per matching endpoint: the delivery rows are the outbox the worker drains. Each
attempt is appended to `webhook_attempts`, so what happened to a delivery stays visible.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from balances_app.db.models import BalanceTransaction


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_platform_created", "platform_id", "created"),
        Index("ix_events_account_type", "account_id", "type"),
    )

    seq: int | None = Field(default=None, sa_column_kwargs={"autoincrement": True}, primary_key=True)
    id: str = Field(unique=True, index=True)
    platform_id: str = Field(foreign_key="platforms.id")
    account_id: str | None = Field(default=None, foreign_key="connected_accounts.id")
    type: str
    created: int  # on the platform's clock
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    request_id: str | None = None
    idempotency_key: str | None = None


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoints"

    id: str = Field(primary_key=True)
    platform_id: str = Field(foreign_key="platforms.id", index=True)
    url: str
    enabled_events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    connect: bool = False  # receives the events of connected accounts (and only those)
    description: str | None = None
    metadata_: dict[str, str] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    api_version: str | None = None
    status: str = "enabled"  # enabled | disabled
    secret: str  # the signing secret: needed in clear to sign, never rendered after creation
    deleted: bool = False
    created: int


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint: pending until an attempt succeeds or the retries run out."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="events.id", index=True)
    endpoint_id: str = Field(foreign_key="webhook_endpoints.id", index=True)
    platform_id: str = Field(foreign_key="platforms.id")
    status: str = "pending"  # pending | succeeded | failed
    attempt_count: int = 0
    next_attempt_at: int  # on the platform's clock
    locked_until: int | None = None  # a worker's claim on the next attempt, on the host's own clock
    claim_token: str | None = None
    claimed_by: str | None = None  # host and process of the worker holding the claim
    created: int


class WebhookAttempt(SQLModel, table=True):
    """One POST of one event to one endpoint, and how it ended. Append-only."""

    __tablename__ = "webhook_attempts"

    id: str = Field(primary_key=True)
    delivery_id: str = Field(foreign_key="webhook_deliveries.id", index=True)
    created: int  # on the platform's clock
    succeeded: bool
    response_status: int | None = None
    error: str | None = None
    duration_ms: int
    worker: str


# Finding the funds that became available (per platform, then per account since its last
# `balance.available` event) is a range read on `available_on`: these keep it cheap on long ledgers.
Index("ix_balance_transactions_available_on", BalanceTransaction.__table__.c.available_on)  # type: ignore[attr-defined]
Index(
    "ix_balance_transactions_account_available_on",
    BalanceTransaction.__table__.c.account_id,  # type: ignore[attr-defined]
    BalanceTransaction.__table__.c.available_on,  # type: ignore[attr-defined]
)
