"""Our rows as Stripe's JSON objects."""

from __future__ import annotations

from typing import Any

from balances_app.db.models import AccountSession, ConnectedAccount
from balances_app.domain.balances import CurrencyBalance


def account_object(account: ConnectedAccount) -> dict[str, Any]:
    schedule: dict[str, Any] = {"delay_days": account.payout_delay_days, "interval": account.payout_interval}
    if account.payout_interval == "weekly":
        schedule["weekly_anchor"] = account.payout_weekly_anchor
    if account.payout_interval == "monthly":
        schedule["monthly_anchor"] = account.payout_monthly_anchor
    return {
        "id": account.id,
        "object": "account",
        "business_profile": {"name": account.business_name},
        "business_type": "company",
        "charges_enabled": True,
        "controller": {
            "is_controller": True,
            "type": "application",
            "losses": {"payments": account.losses_payments},
            "fees": {"payer": "account" if account.losses_payments == "stripe" else "application"},
            "requirement_collection": "stripe" if account.losses_payments == "stripe" else "application",
            "stripe_dashboard": {"type": "none"},
        },
        "country": account.country,
        "created": account.created,
        "default_currency": account.default_currency,
        "details_submitted": True,
        "email": account.email,
        "metadata": {},
        "payouts_enabled": True,
        "settings": {
            "payouts": {
                "debit_negative_balances": account.losses_payments == "stripe",
                "schedule": schedule,
                "statement_descriptor": None,
            }
        },
        "type": "custom" if account.losses_payments == "application" else "express",
    }


def _amount(currency: str, by_source: dict[str, int]) -> dict[str, Any]:
    return {
        "amount": sum(by_source.values()),
        "currency": currency,
        "source_types": {"card": by_source.get("card", 0), "bank_account": by_source.get("bank_account", 0)},
    }


def balance_object(balances: dict[str, CurrencyBalance]) -> dict[str, Any]:
    return {
        "object": "balance",
        "livemode": False,
        "available": [_amount(c, b.available) for c, b in balances.items()],
        "pending": [_amount(c, b.pending) for c, b in balances.items()],
        "instant_available": [
            {**_amount(c, {"card": b.instant_available}), "net_available": []} for c, b in balances.items()
        ],
        "connect_reserved": [{"amount": 0, "currency": c} for c in balances],
    }


def account_session_object(record: AccountSession, client_secret: str) -> dict[str, Any]:
    return {
        "object": "account_session",
        "account": record.account_id,
        "client_secret": client_secret,
        "expires_at": record.expires_at,
        "livemode": False,
        "components": record.components,
    }
