"""Seed the demo: one platform with Stripe's sample keys and five accounts with months of history.

Idempotent: a second run finds the platform and changes nothing. History is generated
from a fixed random seed, so every machine gets the same figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from balances_app.db.engine import get_engine, transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Platform
from balances_app.domain import charges, due, ledger, payouts
from balances_app.domain.accounts import create_account
from balances_app.domain.clock import Clock, system_clock
from balances_app.domain.ids import fingerprint, new_id
from balances_app.domain.payout_rules import minimum_payout
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.platforms import by_publishable_key, create_platform
from balances_app.domain.schedule import PayoutSchedule, local_day, start_of_day
from balances_app.settings import settings

SECRET_KEY = "sk_test_BQokikJOvBiI2HlWgH4olfQ2"
PUBLISHABLE_KEY = "pk_test_TYooMQauvdEDq54NiTphI7jx"
HISTORY_DAYS = 150
DAY = 86400


@dataclass(frozen=True)
class DemoAccount:
    id: str
    name: str
    country: str
    currency: str
    losses: str
    schedule: PayoutSchedule
    charge_range: tuple[int, int]  # minor units
    charges_per_day: int
    banks: tuple[tuple[str, str, str, str], ...]  # currency, bank name, routing number, account number
    other_currency: str | None = None
    negative_end: bool = False
    instant: bool = False


US_TEST_BANK = ("usd", "STRIPE TEST BANK", "110000000", "000123456789")
ACCOUNTS = (
    DemoAccount(
        id="acct_1DemoUSRides0001", name="Fresh Rides NYC", country="US", currency="usd", losses="stripe",
        schedule=PayoutSchedule("daily", 2), charge_range=(1200, 9800),
        charges_per_day=6, banks=(US_TEST_BANK,), instant=True,
    ),
    DemoAccount(
        id="acct_1DemoGBCourier002", name="Thames Couriers Ltd", country="GB", currency="gbp", losses="application",
        schedule=PayoutSchedule("weekly", 3, weekly_anchor="friday"),
        charge_range=(900, 6400), charges_per_day=5, banks=(("gbp", "NATWEST", "108800", "00012345"),),
    ),
    DemoAccount(
        id="acct_1DemoEUBikes00003", name="Berliner Radkurier GmbH", country="DE", currency="eur", losses="stripe",
        schedule=PayoutSchedule("monthly", 3, monthly_anchor=31),
        charge_range=(1500, 12000), charges_per_day=4, other_currency="usd",
        banks=(("eur", "COMMERZBANK", "37040044", "DE89370400440532013000"), US_TEST_BANK),
    ),
    DemoAccount(
        id="acct_1DemoJPTaxi00004", name="Tokyo Night Taxi", country="JP", currency="jpy", losses="stripe",
        schedule=PayoutSchedule("manual", 4), charge_range=(1800, 14000),
        charges_per_day=5, banks=(("jpy", "MIZUHO BANK", "0001", "1234567"),),
    ),
    DemoAccount(
        id="acct_1DemoUSNegative5", name="Sunset Scooters LA", country="US", currency="usd", losses="stripe",
        schedule=PayoutSchedule("daily", 2), charge_range=(800, 5200),
        charges_per_day=3, banks=(US_TEST_BANK,), negative_end=True,
    ),
)  # fmt: skip


def seed(engine: Engine | None = None, clock: Clock = system_clock) -> Platform:
    """Create the demo platform and accounts unless they exist; return the platform."""
    with transaction(engine or get_engine(), write=True) as session:
        existing = by_publishable_key(session, PUBLISHABLE_KEY)
        if existing is not None:
            return existing
        now = clock.now()
        platform, _ = create_platform(
            session,
            name="Rocket Rides",
            country="US",
            default_currency="usd",
            allowed_origins=list(settings.demo_embed_origins),
            now=now - HISTORY_DAYS * DAY,
            secret_key=SECRET_KEY,
            publishable_key=PUBLISHABLE_KEY,
            platform_id="acct_1DemoRocketRides0",
        )
        for index, spec in enumerate(ACCOUNTS):
            _seed_account(session, platform, spec, random.Random(index), now)
        return platform


def _seed_account(session: Session, platform: Platform, spec: DemoAccount, rng: random.Random, now: int) -> None:
    start = now - HISTORY_DAYS * DAY
    account = create_account(
        session,
        platform,
        business_name=spec.name,
        email=f"owner@{spec.id[-6:].lower()}.example",
        country=spec.country,
        default_currency=spec.currency,
        losses_payments=spec.losses,
        now=start,
        schedule=spec.schedule,
        instant_payouts_eligible=spec.instant,
        account_id=spec.id,
    )
    for bank in spec.banks:
        _bank_account(session, account, spec, start, *bank)
    day = local_day(start, spec.country)
    while (moment := start_of_day(day, spec.country)) <= now:
        _one_day(session, platform, account, spec, rng, moment, min(moment + DAY, now))
        day += timedelta(days=1)
    due.run_account(session, platform, account.id, now, limit=None)


def _one_day(
    session: Session,
    platform: Platform,
    account: ConnectedAccount,
    spec: DemoAccount,
    rng: random.Random,
    day_start: int,
    day_end: int,
) -> None:
    """A day of business: the schedule's payouts (real payout logic), then the day's rides."""
    due.run_account(session, platform, account.id, day_start, limit=None)
    if account.payout_interval == "manual" and rng.random() < 0.12:
        moment = day_start + 15 * 3600
        available = ledger.balance(session, account.id, moment)[spec.currency].available_total
        if available >= minimum_payout(spec.currency):
            payouts.create(session, platform, account, PayoutRequest(available, spec.currency), moment)
    for _ in range(rng.randint(0, spec.charges_per_day)):
        created = rng.randint(day_start, max(day_start, day_end - 1))
        currency = spec.other_currency if spec.other_currency and rng.random() < 0.25 else spec.currency
        _charge(session, account, spec, rng, created, currency)
    if spec.negative_end and day_end - day_start < DAY:
        dispute = -(ledger.balance(session, account.id, day_end)["usd"].total + 48_250)
        ledger.post(
            session,
            ledger.Entry(
                account.id,
                "adjustment",
                dispute,
                "usd",
                day_end,
                description=("Chargeback for disputed rides (dispute lost)"),
            ),
            day_end,
        )


def _charge(
    session: Session, account: ConnectedAccount, spec: DemoAccount, rng: random.Random, created: int, currency: str
) -> None:
    low, high = spec.charge_range
    amount = rng.randint(low, high)
    if spec.currency == "jpy":
        amount = round(amount, -1)
    ride = f"{rng.randint(100_000, 999_999)}"
    charges.create(session, account, amount, currency, "tok_visa", f"Ride {ride}", created)
    if rng.random() < 0.04:
        ledger.post(
            session,
            ledger.Entry(
                account.id,
                "refund",
                -amount,
                currency,
                created + 3600,
                source=new_id("re"),
                description=f"Refund for ride {ride}",
            ),
            created + 3600,
        )


def _bank_account(
    session: Session, account: ConnectedAccount, spec: DemoAccount, now: int, *bank: str
) -> ExternalAccount:
    currency, bank_name, routing, number = bank
    bank_account = ExternalAccount(
        id=new_id("ba"),
        account_id=account.id,
        country=spec.country,
        currency=currency,
        bank_name=bank_name,
        last4=number[-4:],
        routing_number=routing,
        account_holder_name=spec.name,
        account_holder_type="company",
        default_for_currency=True,
        status="verified",
        fingerprint=fingerprint(f"{spec.country}:{routing}:{number}", settings.fingerprint_key),
        available_payout_methods=["standard", "instant"] if spec.instant else ["standard"],
        created=now,
    )
    session.add(bank_account)
    session.flush()
    return bank_account


if __name__ == "__main__":
    seeded = seed()
    print(f"Seeded platform {seeded.name} ({seeded.id}) with {len(ACCOUNTS)} accounts.")
