"""Payouts per second: one hot account, and spread over 1,000 accounts; SQLite and PostgreSQL.

Each payout goes through the real domain path (account lock, balance check, two-sided ledger
entries) in its own transaction, from 8 threads at once: in one process, then spread over as
many processes as `make run` starts workers (one per core, `BALANCES_WORKERS`), as a deployed
host runs them. The run ends by counting
overdrafts (accounts whose available balance went below zero): there must be none; and by
recomputing every balance from the entries (`ledger.verify()`), printed beside the target.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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
from balances_app.settings import settings

NOW = 1_795_000_000
THREADS = 8
PROCESSES = tuple(sorted({1, settings.workers}))  # one, and as many as `make run` starts
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


def pay_many(url: str, platform_id: str, ids: list[str], attempts: list[int], threads: int) -> int:
    """One process's share of the attempts, from its own threads and engine: how many succeeded."""
    engine = make_engine(url)
    try:
        with ThreadPoolExecutor(threads) as pool:
            return sum(pool.map(lambda i: pay_out(engine, platform_id, ids[i % len(ids)]), attempts))
    finally:
        engine.dispose()


def ready(url: str) -> None:
    """A process that has imported everything and reached the database once: started before the clock."""
    engine = make_engine(url)
    engine.connect().close()
    engine.dispose()


def run(engine: Engine, url: str, accounts: int, processes: int) -> tuple[float, int, int, int]:
    """(payouts/s, succeeded, overdrafts, drifts that ledger.verify() found afterwards)."""
    platform, ids = setup(engine, accounts)
    shares = [list(range(p, PAYOUTS, processes)) for p in range(processes)]
    threads = THREADS // processes
    if processes == 1:
        started = time.perf_counter()
        done = pay_many(url, platform.id, ids, shares[0], threads)
    else:
        engine.dispose()  # no pooled connection crosses the fork
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(ready, [url] * processes))
            started = time.perf_counter()
            futures = [pool.submit(pay_many, url, platform.id, ids, share, threads) for share in shares]
            done = sum(future.result() for future in futures)
    elapsed = time.perf_counter() - started
    with transaction(engine) as session:
        overdrafts = sum(1 for i in ids if ledger.balance(session, i, NOW)["usd"].available_total < 0)
        drifts = len(ledger.verify(session, NOW, ids))
    return PAYOUTS / elapsed, done, overdrafts, drifts


def main() -> None:
    rows = []
    with ExitStack() as stack:
        for database in ("sqlite", "postgresql"):
            for accounts in (1, 1_000):
                for processes in PROCESSES:
                    if database == "sqlite":
                        folder = Path(tempfile.mkdtemp(prefix="balances-bench-"))
                        stack.callback(shutil.rmtree, folder, True)
                        url = f"sqlite:///{folder / 'bench.sqlite3'}"
                    else:
                        url = stack.enter_context(postgres_server())
                    upgrade(url)
                    engine = make_engine(url)
                    rows.append((database, accounts, processes, *run(engine, url, accounts, processes)))
                    engine.dispose()
    print(
        f"{'database':<11} {'accounts':>8} {'processes':>9} {'payouts/s':>10} {'target':>7} {'succeeded':>10}"
        f" {'overdrafts':>10} {'verify()':>9}   ({PAYOUTS} attempts, {THREADS} threads in all)"
    )
    for database, accounts, processes, rate, succeeded, overdrafts, drifts in rows:
        target = TARGETS.get((database, accounts))
        shown = f"{target:>7,}" if target else f"{'':>7}"
        verdict = "clean" if drifts == 0 else f"{drifts} drift"
        print(
            f"{database:<11} {accounts:>8,} {processes:>9} {rate:>10.0f} {shown} {succeeded:>10} {overdrafts:>10}"
            f" {verdict:>9}"
        )
    print("target: issue #13 (at least this many payouts/s, with 0 overdrafts and ledger.verify() clean)")


if __name__ == "__main__":
    main()
