"""Test-mode charges: the way a platform puts money into a connected account's balance.

`tok_bypassPending` funds are available at once; other test tokens (`tok_visa`, ...) are
pending for the account's payout delay, as in Stripe's test mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from balances_app.db.models import ConnectedAccount
from balances_app.domain import available_funds, events, ledger
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import new_id
from balances_app.domain.money import exponent
from balances_app.domain.objects import charge_object
from balances_app.domain.payout_rules import EU_COUNTRIES
from balances_app.domain.schedule import local_day, start_of_day

PENDING_TOKENS = frozenset({"tok_visa", "tok_mastercard", "tok_amex", "tok_visa_debit", "tok_discover"})
AVAILABLE_TOKENS = frozenset({"tok_bypassPending"})
# Card pricing by country, as (percent in basis points, fixed fee in minor units); 2.9% + 30 elsewhere.
PRICING = {"GB": (150, 20), "JP": (360, 0), "AU": (175, 30), "CA": (290, 30)}
EU_PRICING = (150, 25)


@dataclass(frozen=True)
class Charge:
    id: str
    amount: int
    currency: str
    fee: int
    balance_transaction: str
    created: int
    description: str | None
    metadata: dict[str, str] = field(default_factory=dict)


def card_fee(account: ConnectedAccount, amount: int, currency: str) -> int:
    """The percentage of the amount, plus the fixed fee (hundredths of a major unit) in the charge's currency.

    30 means 0.30 of a unit: 30 cents, 300 fils, and no yen at all (zero-decimal currencies have
    no fraction to charge), whatever the account's own currency is.
    """
    bps, fixed = PRICING.get(account.country, EU_PRICING if account.country in EU_COUNTRIES else (290, 30))
    fixed_minor = (Decimal(fixed) / 100 * 10 ** exponent(currency)).to_integral_value(ROUND_HALF_UP)
    return round(amount * bps / 10_000) + int(fixed_minor)


def create(
    session: Session,
    account: ConnectedAccount,
    amount: int,
    currency: str,
    source: str | None,
    description: str | None,
    now: int,
    metadata: dict[str, str] | None = None,
) -> Charge:
    if source not in PENDING_TOKENS | AVAILABLE_TOKENS:
        raise StripeError(
            f"No such token: '{source}'. Use a test token such as tok_visa or tok_bypassPending.",
            code="resource_missing",
            param="source",
        )
    ledger.lock_account(session, account.id)
    if source in AVAILABLE_TOKENS:
        available_on = now
    else:
        day = local_day(now, account.country) + timedelta(days=account.payout_delay_days)
        available_on = start_of_day(day, account.country)
    fee = card_fee(account, amount, currency)
    charge_id = new_id("ch")
    txn = ledger.post(
        session,
        ledger.Entry(
            account.id,
            "charge",
            amount,
            currency,
            available_on,
            fee=fee,
            source=charge_id,
            description=description,
            fee_details=(
                {"amount": fee, "currency": currency, "type": "stripe_fee", "description": "Stripe processing fees"},
            ),
        ),
        now,
    )
    charge = Charge(charge_id, amount, currency, fee, txn.id, now, description, dict(metadata or {}))
    events.emit(session, account.id, "charge.succeeded", charge_object(charge), now=now)
    if available_on <= now:  # tok_bypassPending: the funds are available at once
        available_funds.announce(session, account.id, now, force=True)
    return charge
