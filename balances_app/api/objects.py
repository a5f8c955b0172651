"""Our rows as Stripe's JSON objects: the renderers live in `domain.objects`, shared with events."""

from balances_app.domain.objects import (
    account_object,
    account_session_object,
    account_with_externals,
    balance_object,
    balance_transaction_object,
    bank_account_object,
    charge_object,
    payout_object,
    topup_object,
)

__all__ = [
    "account_object",
    "account_session_object",
    "account_with_externals",
    "balance_object",
    "balance_transaction_object",
    "bank_account_object",
    "charge_object",
    "payout_object",
    "topup_object",
]
