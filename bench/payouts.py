"""Payouts per second: one hot account, and spread over 1,000 accounts; SQLite and PostgreSQL.

Each payout goes through the real domain path (account lock, balance check, two-sided ledger
entries) in its own transaction, from several threads at once. The run ends by counting
overdrafts (accounts whose available balance went below zero): there must be none; and by
recomputing every balance from the entries (`ledger.verify()`), printed beside the target.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from balances_app.db import rows
from balances_app.db.engine import make_engine, transaction
from balances_app.db.migrate import upgrade
from balances_app.db.models import ExternalAccount, Platform
from balances_app.db.throwaway_postgres import postgres_server
from balances_app.domain import ledger, payouts
from balances_app.domain.accounts import create_account, get_account
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import new_id
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.platforms import create_platform
from balances_app.domain.schedule import PayoutSchedule

NOW = 1_795_000_000
THREADS = 8
PAYOUTS = 2_000
AMOUNT = 100
TARGETS = {("postgresql", 1_000): 1_000}  # payouts/s; the hot SQLite account's 500/s is measured over HTTP


def setup(engine: Engine, accounts: int) -> tuple[Platform, list[str]]:
    with transaction(engine, write=True) as session:
        platform, _ = create_platform(
            session, name="Bench", country="US", default_currency="usd", allowed_origins=[], now=NOW
        )
        ids = []
        for _ in range(accounts):
            account = create_account(
                session,
                platform,
                business_name="Seller",
                email="s@example.com",
                country="US",
                default_currency="usd",
                losses_payments="stripe",
                now=NOW,
                schedule=PayoutSchedule("manual", 2),
            )
            session.add(
                ExternalAccount(
                    id=new_id("ba"),
                    account_id=account.id,
                    country="US",
                    currency="usd",
                    last4="6789",
                    fingerprint=new_id("fp"),
                    default_for_currency=True,
                    created=NOW,
                )
            )
            funds = PAYOUTS * AMOUNT // accounts * 9 // 10  # 10% short: some payouts must be refused
            ledger.post(session, ledger.Entry(account.id, "charge", funds, "usd", NOW), NOW)
            ids.append(account.id)
    return platform, ids


def pay_out(engine: Engine, platform_id: str, account_id: str) -> bool:
    while True:
        try:
            with transaction(engine, write=True) as session:
                platform = rows.get(session, Platform, platform_id)  # as the API reads them (db/rows.py)
                assert platform is not None
                account = get_account(session, platform, account_id, lock=True)  # as the API's writes read it
                payouts.create(session, platform, account, PayoutRequest(AMOUNT, "usd"), NOW)
            return True
        except StripeError:
            return False
        except OperationalError:
            continue


def run(engine: Engine, accounts: int) -> tuple[float, int, int, int]:
    """(payouts/s, succeeded, overdrafts, drifts that ledger.verify() found afterwards)."""
    platform, ids = setup(engine, accounts)
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        done = list(pool.map(lambda i: pay_out(engine, platform.id, ids[i % len(ids)]), range(PAYOUTS)))
    elapsed = time.perf_counter() - started
    with transaction(engine) as session:
        overdrafts = sum(1 for i in ids if ledger.balance(session, i, NOW)["usd"].available_total < 0)
        drifts = len(ledger.verify(session, NOW, ids))
    return PAYOUTS / elapsed, sum(done), overdrafts, drifts


def main() -> None:
    rows = []
    with ExitStack() as stack:
        for database in ("sqlite", "postgresql"):
            for accounts in (1, 1_000):
                if database == "sqlite":
                    folder = Path(tempfile.mkdtemp(prefix="balances-bench-"))
                    stack.callback(shutil.rmtree, folder, True)
                    url = f"sqlite:///{folder / 'bench.sqlite3'}"
                else:
                    url = stack.enter_context(postgres_server())
                upgrade(url)
                engine = make_engine(url)
                rows.append((database, accounts, *run(engine, accounts)))
                engine.dispose()
    print(
        f"{'database':<11} {'accounts':>8} {'payouts/s':>10} {'target':>7} {'succeeded':>10} {'overdrafts':>10}"
        f" {'verify()':>9}   ({PAYOUTS} attempts, {THREADS} threads)"
    )
    for database, accounts, rate, succeeded, overdrafts, drifts in rows:
        target = TARGETS.get((database, accounts))
        shown = f"{target:>7,}" if target else f"{'':>7}"
        verdict = "clean" if drifts == 0 else f"{drifts} drift"
        print(f"{database:<11} {accounts:>8,} {rate:>10.0f} {shown} {succeeded:>10} {overdrafts:>10} {verdict:>9}")
    print("target: issue #13 (at least this many payouts/s, with 0 overdrafts and ledger.verify() clean)")


if __name__ == "__main__":
    main()
