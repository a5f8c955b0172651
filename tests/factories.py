"""Small builders for test data, on top of the domain services."""

from __future__ import annotations

from sqlalchemy import Engine

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Platform
from balances_app.domain import ledger
from balances_app.domain.accounts import create_account
from balances_app.domain.ids import new_id
from balances_app.domain.platforms import create_platform
from balances_app.domain.schedule import PayoutSchedule

DAY = 86400


def make_platform(
    engine: Engine, now: int, origins: tuple[str, ...] = ("https://platform.example",), country: str = "US"
) -> tuple[Platform, str]:
    with transaction(engine, write=True) as session:
        return create_platform(
            session,
            name="Test Platform",
            country=country,
            default_currency="usd",
            allowed_origins=list(origins),
            now=now,
        )


def make_account(
    engine: Engine,
    platform: Platform,
    now: int,
    *,
    country: str = "US",
    currency: str = "usd",
    losses: str = "stripe",
    schedule: PayoutSchedule | None = None,
) -> ConnectedAccount:
    with transaction(engine, write=True) as session:
        return create_account(
            session,
            platform,
            business_name="Test Seller",
            email="seller@example.com",
            country=country,
            default_currency=currency,
            losses_payments=losses,
            now=now,
            schedule=schedule,
        )


def charge(
    engine: Engine,
    account_id: str,
    amount: int,
    now: int,
    available_in_days: int = 2,
    currency: str = "usd",
    fee: int = 0,
) -> None:
    with transaction(engine, write=True) as session:
        ledger.post(
            session, ledger.Entry(account_id, "charge", amount, currency, now + available_in_days * DAY, fee=fee), now
        )


def bank_account(
    engine: Engine,
    account: ConnectedAccount,
    currency: str = "usd",
    *,
    failure: str | None = None,
    instant: bool = False,
    last4: str = "6789",
) -> ExternalAccount:
    with transaction(engine, write=True) as session:
        bank = ExternalAccount(
            id=new_id("ba"),
            account_id=account.id,
            country=account.country,
            currency=currency,
            bank_name="STRIPE TEST BANK",
            last4=last4,
            routing_number="110000000",
            fingerprint=new_id("fp"),
            default_for_currency=True,
            status="new",
            test_failure_code=failure,
            available_payout_methods=["standard", "instant"] if instant else ["standard"],
            created=account.created,
        )
        session.add(bank)
        return bank


def set_schedule(engine: Engine, account: ConnectedAccount, interval: str, eligible: bool | None = None) -> None:
    with transaction(engine, write=True) as session:
        row = session.get(ConnectedAccount, account.id)
        assert row is not None
        row.payout_interval = interval
        if eligible is not None:
            row.instant_payouts_eligible = eligible
        session.add(row)
