"""Seed a throwaway host from a small JSON document: a platform, its accounts, their money.

The format (every key optional except where noted; unknown keys are refused, amounts are
integer minor units):

    {"platform": {"name", "country", "default_currency", "secret_key", "publishable_key",
                  "allowed_origins": ["http://localhost:8000"]},
     "accounts": [{"id", "name", "email", "country", "default_currency",
                   "losses": "stripe" | "application", "instant_payouts": bool,
                   "schedule": {"interval", "delay_days", "weekly_anchor", "monthly_anchor"},
                   "balances": {"usd": {"available": 50000, "pending": 12000, "pending_days": 2}},
                   "bank_accounts": [{"currency", "account_number" (required), "routing_number",
                                      "country", "holder_name"}],
                   "payouts": [{"amount" (required), "currency", "method", "days_ago", "description"}]}]}

Everything goes through the domain services, as an API call would: bank numbers are checked,
payouts follow the rules and their lifecycle (a payout made 5 days ago has arrived by now),
and every amount is a ledger entry. Funds for past payouts are credited just before them, so
the balances stated are the balances shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain import due, external_accounts, ledger, payouts
from balances_app.domain.accounts import create_account, minimum_delay_days
from balances_app.domain.bank_account_numbers import BankDetails
from balances_app.domain.ids import new_id
from balances_app.domain.payout_rules import instant_fee
from balances_app.domain.platforms import create_platform
from balances_app.domain.schedule import PayoutSchedule
from balances_app.settings import settings

DAY = 86400
PLATFORM_KEYS = {"name", "country", "default_currency", "secret_key", "publishable_key", "allowed_origins"}
ACCOUNT_KEYS = {"id", "name", "email", "country", "default_currency", "losses", "instant_payouts", "schedule"}
ACCOUNT_KEYS |= {"balances", "bank_accounts", "payouts"}
SCHEDULE_KEYS = {"interval", "delay_days", "weekly_anchor", "monthly_anchor"}
BALANCE_KEYS = {"available", "pending", "pending_days"}
BANK_KEYS = {"currency", "account_number", "routing_number", "country", "holder_name"}
PAYOUT_KEYS = {"amount", "currency", "method", "days_ago", "description"}


class FixtureError(ValueError):
    """The fixture document is not in the documented format."""


@dataclass(frozen=True)
class Seeded:
    platform_id: str
    secret_key: str
    publishable_key: str
    accounts: list[str]


def _keys(where: str, value: Any, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise FixtureError(f"{where} must be an object.")
    if unknown := sorted(set(value) - allowed):
        raise FixtureError(f"{where}: unknown key(s) {', '.join(unknown)}.")
    return value


def _amount(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FixtureError(f"{where} must be a whole number of minor units, 0 or more.")
    return value


def load(engine: Engine, document: Any, now: int) -> Seeded:
    """Create the platform and accounts a fixture document describes, in one transaction."""
    document = _keys("the fixture", document, {"platform", "accounts"})
    spec = _keys("platform", document.get("platform", {}), PLATFORM_KEYS)
    accounts = document.get("accounts", [])
    if not isinstance(accounts, list):
        raise FixtureError("accounts must be a list.")
    with transaction(engine, write=True) as session:
        platform, secret_key = create_platform(
            session,
            name=str(spec.get("name", "Test Platform")),
            country=str(spec.get("country", "US")),
            default_currency=str(spec.get("default_currency", "usd")),
            allowed_origins=[str(origin) for origin in spec.get("allowed_origins", [])],
            now=now - 400 * DAY,
            secret_key=spec.get("secret_key"),
            publishable_key=spec.get("publishable_key"),
        )
        ids = [
            _account(session, platform, _keys(f"accounts[{i}]", a, ACCOUNT_KEYS), now) for i, a in enumerate(accounts)
        ]
        return Seeded(platform.id, secret_key, platform.publishable_key, ids)


def add_account(engine: Engine, platform_id: str, spec: Any, now: int) -> str:
    """Add one account (in the fixture format) to an existing platform; returns its id."""
    with transaction(engine, write=True) as session:
        platform = session.get(Platform, platform_id)
        if platform is None:
            raise FixtureError(f"No such platform: {platform_id}")
        return _account(session, platform, _keys("account", spec, ACCOUNT_KEYS), now)


def allow_origin(engine: Engine, platform_id: str, origin: str) -> None:
    """Let pages on `origin` embed the platform's components (a test's page server, say)."""
    with transaction(engine, write=True) as session:
        platform = session.get(Platform, platform_id)
        if platform is None:
            raise FixtureError(f"No such platform: {platform_id}")
        platform.allowed_origins = [*platform.allowed_origins, origin.rstrip("/")]
        session.add(platform)


def _account(session: Any, platform: Platform, spec: Mapping[str, Any], now: int) -> str:
    country = str(spec.get("country", platform.country)).upper()
    schedule_spec = _keys("schedule", spec.get("schedule", {}), SCHEDULE_KEYS)
    schedule = PayoutSchedule(
        interval=str(schedule_spec.get("interval", "daily")),
        delay_days=int(schedule_spec.get("delay_days", minimum_delay_days(country))),
        weekly_anchor=schedule_spec.get("weekly_anchor"),
        monthly_anchor=schedule_spec.get("monthly_anchor"),
    )
    payout_specs = [_keys("payouts[]", p, PAYOUT_KEYS) for p in spec.get("payouts", [])]
    oldest = max([int(p.get("days_ago", 0)) for p in payout_specs] + [0])
    account = create_account(
        session,
        platform,
        business_name=str(spec.get("name", "Test Seller")),
        email=str(spec.get("email", "seller@example.com")),
        country=country,
        default_currency=str(spec.get("default_currency", platform.default_currency)),
        losses_payments=str(spec.get("losses", "stripe")),
        now=now - (oldest + 1) * DAY,
        schedule=schedule,
        instant_payouts_eligible=bool(spec.get("instant_payouts", False)),
        account_id=spec.get("id"),
    )
    for bank in spec.get("bank_accounts", []):
        _bank_account(session, account, _keys("bank_accounts[]", bank, BANK_KEYS), now - (oldest + 1) * DAY)
    for payout in sorted(payout_specs, key=lambda p: -int(p.get("days_ago", 0))):
        _past_payout(session, platform, account, payout, now)
    balances = spec.get("balances", {})
    if not isinstance(balances, Mapping):
        raise FixtureError("balances must map currencies to {available, pending}.")
    for currency, funds in balances.items():
        _funds(account, str(currency).lower(), _keys(f"balances.{currency}", funds, BALANCE_KEYS), session, now)
    due.run_account(session, platform, account.id, now, limit=None)
    return account.id


def _bank_account(session: Any, account: ConnectedAccount, spec: Mapping[str, Any], now: int) -> None:
    if "account_number" not in spec:
        raise FixtureError("bank_accounts[] needs an account_number.")
    details = BankDetails(
        str(spec.get("country", account.country)),
        str(spec.get("currency", account.default_currency)),
        str(spec["account_number"]),
        str(spec.get("routing_number", "")),
    )
    external_accounts.add(
        session,
        account,
        details,
        holder_name=spec.get("holder_name"),
        holder_type=None,
        default_for_currency=False,
        metadata={},
        fingerprint_key=settings.fingerprint_key,
        now=now,
    )


def _credit(session: Any, account: ConnectedAccount, amount: int, currency: str, available_on: int, now: int) -> None:
    if amount:
        entry = ledger.Entry(account.id, "charge", amount, currency, available_on, source=new_id("ch"))
        ledger.post(session, entry, now)


def _past_payout(
    session: Any, platform: Platform, account: ConnectedAccount, spec: Mapping[str, Any], now: int
) -> None:
    amount = _amount("payouts[].amount", spec.get("amount"))
    currency = str(spec.get("currency", account.default_currency)).lower()
    method = str(spec.get("method", "standard"))
    created = now - int(spec.get("days_ago", 0)) * DAY
    fee = instant_fee(platform, amount, currency) if method == "instant" else 0
    _credit(session, account, amount + fee, currency, created, created)
    request = payouts.PayoutRequest(amount, currency, method, description=spec.get("description"))
    payouts.create(session, platform, account, request, created, automatic=account.payout_interval != "manual")


def _funds(account: ConnectedAccount, currency: str, spec: Mapping[str, Any], session: Any, now: int) -> None:
    pending_days = int(spec.get("pending_days", account.payout_delay_days))
    _credit(session, account, _amount("available", spec.get("available", 0)), currency, now, now)
    _credit(session, account, _amount("pending", spec.get("pending", 0)), currency, now + pending_days * DAY, now)
