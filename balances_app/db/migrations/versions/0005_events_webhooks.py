"""events (the outbox), webhook endpoints, deliveries and attempts

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sa.String()


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", TEXT, nullable=False),
        sa.Column("platform_id", TEXT, sa.ForeignKey("platforms.id"), nullable=False),
        sa.Column("account_id", TEXT, sa.ForeignKey("connected_accounts.id"), nullable=True),
        sa.Column("type", TEXT, nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("request_id", TEXT, nullable=True),
        sa.Column("idempotency_key", TEXT, nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_events_id", "events", ["id"], unique=True)
    op.create_index("ix_events_platform_created", "events", ["platform_id", "created"])
    op.create_index("ix_events_account_type", "events", ["account_id", "type"])
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", TEXT, nullable=False),
        sa.Column("platform_id", TEXT, sa.ForeignKey("platforms.id"), nullable=False),
        sa.Column("url", TEXT, nullable=False),
        sa.Column("enabled_events", sa.JSON(), nullable=False),
        sa.Column("connect", sa.Boolean(), nullable=False),
        sa.Column("description", TEXT, nullable=True),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("api_version", TEXT, nullable=True),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("secret", TEXT, nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_endpoints_platform_id", "webhook_endpoints", ["platform_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", TEXT, nullable=False),
        sa.Column("event_id", TEXT, sa.ForeignKey("events.id"), nullable=False),
        sa.Column("endpoint_id", TEXT, sa.ForeignKey("webhook_endpoints.id"), nullable=False),
        sa.Column("platform_id", TEXT, sa.ForeignKey("platforms.id"), nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.Integer(), nullable=True),
        sa.Column("claim_token", TEXT, nullable=True),
        sa.Column("claimed_by", TEXT, nullable=True),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_deliveries_event_id", "webhook_deliveries", ["event_id"])
    op.create_index("ix_webhook_deliveries_endpoint_id", "webhook_deliveries", ["endpoint_id"])
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "webhook_attempts",
        sa.Column("id", TEXT, nullable=False),
        sa.Column("delivery_id", TEXT, sa.ForeignKey("webhook_deliveries.id"), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("error", TEXT, nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("worker", TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_attempts_delivery_id", "webhook_attempts", ["delivery_id"])
    op.create_index(
        "ix_balance_transactions_account_available_on", "balance_transactions", ["account_id", "available_on"]
    )
    op.create_index("ix_balance_transactions_available_on", "balance_transactions", ["available_on"])


def downgrade() -> None:
    op.drop_index("ix_balance_transactions_available_on", table_name="balance_transactions")
    op.drop_index("ix_balance_transactions_account_available_on", table_name="balance_transactions")
    op.drop_table("webhook_attempts")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_endpoints")
    op.drop_table("events")
