"""Our rows as Stripe's JSON objects: what the API returns, and what events carry in `data.object`.

It lives in the domain so that the write paths can put the object, as the API shows it at that
moment, into the event they write in the same transaction; the API renders with it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from balances_app.db.models import (
    BalanceTransaction,
    ConnectedAccount,
    ExternalAccount,
    Payout,
    Topup,
)
from balances_app.domain.balances import CurrencyBalance

if TYPE_CHECKING:
    from balances_app.domain.account_sessions import NewSession
    from balances_app.domain.charges import Charge


def account_object(account: ConnectedAccount, externals: list[ExternalAccount] | None = None) -> dict[str, Any]:
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
        "external_accounts": {
            "object": "list",
            "data": [bank_account_object(bank) for bank in externals or []],
            "has_more": False,
            "url": f"/v1/accounts/{account.id}/external_accounts",
        },
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


def account_session_object(record: NewSession, client_secret: str) -> dict[str, Any]:
    return {
        "object": "account_session",
        "account": record.account_id,
        "client_secret": client_secret,
        "expires_at": record.expires_at,
        "livemode": False,
        "components": record.components,
    }


def payout_object(payout: Payout) -> dict[str, Any]:
    return {
        "id": payout.id,
        "object": "payout",
        "amount": payout.amount,
        "arrival_date": payout.arrival_date,
        "automatic": payout.automatic,
        "balance_transaction": payout.balance_transaction,
        "created": payout.created,
        "currency": payout.currency,
        "description": payout.description,
        "destination": payout.destination,
        "failure_balance_transaction": payout.failure_balance_transaction,
        "failure_code": payout.failure_code,
        "failure_message": payout.failure_message,
        "livemode": False,
        "metadata": payout.metadata_,
        "method": payout.method,
        "reconciliation_status": "completed" if payout.status == "paid" else "not_applicable",
        "source_type": "card",
        "statement_descriptor": payout.statement_descriptor,
        "status": payout.status,
        "type": payout.type,
    }


def balance_transaction_object(txn: BalanceTransaction, now: int) -> dict[str, Any]:
    return {
        "id": txn.id,
        "object": "balance_transaction",
        "amount": txn.amount,
        "available_on": txn.available_on,
        "created": txn.created,
        "currency": txn.currency,
        "description": txn.description,
        "exchange_rate": None,
        "fee": txn.fee,
        "fee_details": txn.fee_details,
        "net": txn.net,
        "reporting_category": txn.reporting_category,
        "source": txn.source,
        "status": "available" if txn.available_on <= now else "pending",
        "type": txn.type,
    }


def topup_object(topup: Topup) -> dict[str, Any]:
    return {
        "id": topup.id,
        "object": "topup",
        "amount": topup.amount,
        "balance_transaction": topup.balance_transaction,
        "created": topup.created,
        "currency": topup.currency,
        "description": topup.description,
        "expected_availability_date": topup.expected_availability_date,
        "failure_code": topup.failure_code,
        "failure_message": topup.failure_message,
        "livemode": False,
        "metadata": topup.metadata_,
        "source": {"id": topup.source, "object": "source", "type": "ach_debit"} if topup.source else None,
        "statement_descriptor": topup.statement_descriptor,
        "status": topup.status,
        "transfer_group": None,
    }


def bank_account_object(bank: ExternalAccount) -> dict[str, Any]:
    return {
        "id": bank.id,
        "object": bank.object,
        "account": bank.account_id,
        "account_holder_name": bank.account_holder_name,
        "account_holder_type": bank.account_holder_type,
        "account_type": None,
        "available_payout_methods": bank.available_payout_methods,
        "bank_name": bank.bank_name,
        "country": bank.country,
        "currency": bank.currency,
        "default_for_currency": bank.default_for_currency,
        "fingerprint": bank.fingerprint,
        "last4": bank.last4,
        "metadata": bank.metadata_,
        "routing_number": bank.routing_number,
        "status": bank.status,
    }


def account_with_externals(session: Session, account: ConnectedAccount) -> dict[str, Any]:
    """The account as `GET /v1/accounts/{id}` returns it, bank accounts included."""
    query = select(ExternalAccount).where(
        ExternalAccount.account_id == account.id, col(ExternalAccount.deleted_at).is_(None)
    )
    return account_object(account, list(session.exec(query.order_by(col(ExternalAccount.created))).all()))


def charge_object(charge: Charge) -> dict[str, Any]:
    return {
        "id": charge.id,
        "object": "charge",
        "amount": charge.amount,
        "amount_captured": charge.amount,
        "amount_refunded": 0,
        "balance_transaction": charge.balance_transaction,
        "captured": True,
        "created": charge.created,
        "currency": charge.currency,
        "description": charge.description,
        "livemode": False,
        "metadata": dict(charge.metadata),
        "paid": True,
        "refunded": False,
        "status": "succeeded",
    }
