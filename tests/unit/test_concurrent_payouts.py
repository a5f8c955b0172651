"""Many simultaneous payouts on one account never overdraw it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from balances_app.db.engine import make_engine, transaction
from balances_app.db.migrate import upgrade
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.db.throwaway_postgres import postgres_server
from balances_app.domain import ledger, payouts
from balances_app.domain.errors import StripeError
from balances_app.domain.payouts import PayoutRequest
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule

WORKERS = 16
ATTEMPTS = 64
AMOUNT = 1_000
FUNDS = 20_500  # room for 20 payouts, not 21


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        upgrade(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        yield engine
        engine.dispose()
        return
    with postgres_server() as url:
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def pay_out(engine: Engine, platform: Platform, account: ConnectedAccount, now: int) -> bool:
    """One payout attempt, retried on a serialization failure as the API's callers would."""
    for _ in range(20):
        try:
            with transaction(engine, write=True) as session:
                payouts.create(
                    session,
                    session.get(Platform, platform.id),
                    session.get(ConnectedAccount, account.id),
                    PayoutRequest(AMOUNT, "usd"),
                    now,
                )
            return True
        except StripeError as error:
            assert error.code == "balance_insufficient"
            return False
        except OperationalError:  # database busy or serialization failure: try again
            continue
    raise AssertionError("payout kept failing to serialize")


def test_simultaneous_payouts_never_overdraw(any_engine: Engine) -> None:
    now = 1_795_000_000
    platform, _ = make_platform(any_engine, now)
    account = make_account(any_engine, platform, now)
    set_schedule(any_engine, account, "manual")
    bank_account(any_engine, account)
    charge(any_engine, account.id, FUNDS, now - 3 * DAY, available_in_days=2)
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda _: pay_out(any_engine, platform, account, now), range(ATTEMPTS)))
    with transaction(any_engine) as session:
        balance = ledger.balance(session, account.id, now)["usd"]
        assert ledger.verify(session, now) == []
    assert sum(results) == FUNDS // AMOUNT
    assert balance.available_total == FUNDS - sum(results) * AMOUNT >= 0


def instant_pay_out(engine: Engine, platform: Platform, account: ConnectedAccount, now: int) -> bool:
    for _ in range(20):
        try:
            with transaction(engine, write=True) as session:
                request = PayoutRequest(3_000, "usd", method="instant")
                row = session.get(ConnectedAccount, account.id)
                payouts.create(session, session.get(Platform, platform.id), row, request, now)
            return True
        except StripeError as error:
            assert error.code == "instant_payouts_limit_exceeded", error.message
            return False
        except OperationalError:
            continue
    raise AssertionError("payout kept failing to serialize")


def test_simultaneous_instant_payouts_of_many_accounts_stay_within_the_platforms_daily_limit(
    any_engine: Engine,
) -> None:
    """The daily instant limit is the platform's: accounts paying out at the same moment share it."""
    now = 1_795_000_000
    platform, _ = make_platform(any_engine, now)
    with transaction(any_engine, write=True) as session:
        row = session.get(Platform, platform.id)
        assert row is not None
        row.instant_daily_limit = 100  # $100 a day across the platform: three $30 payouts fit, not four
    accounts = []
    for _ in range(8):
        account = make_account(any_engine, platform, now)
        set_schedule(any_engine, account, "daily", eligible=True)
        bank_account(any_engine, account, instant=True)
        charge(any_engine, account.id, 10_000, now - 3 * DAY, available_in_days=2)
        accounts.append(account)
    with ThreadPoolExecutor(len(accounts)) as pool:
        results = list(pool.map(lambda account: instant_pay_out(any_engine, platform, account, now), accounts))
    assert sum(results) == 3
