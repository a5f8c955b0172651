"""One busy account must not stall everyone: `make bench` (and the heavy-history test) measure it.

A platform with a busy account and a quiet one. While the busy account's page is viewed over
and over (two threads), the quiet account's page snapshot and `POST /v1/account_sessions` are
timed: first with the busy account empty, then with 10,000 open payouts on it. Both timings
should be about the same; the printed ratios (heavy over empty, p50) should stay near 1.
Everything runs in process (the API through Starlette's test client), no sleeps.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from sqlalchemy import Engine, insert
from sqlmodel import select
from starlette.testclient import TestClient

from balances_app.api.app import create_api
from balances_app.db.engine import make_engine, transaction
from balances_app.db.migrate import upgrade
from balances_app.db.models import ConnectedAccount, DueWork, ExternalAccount, Payout, Platform
from balances_app.db.throwaway_postgres import postgres_server
from balances_app.domain import ledger
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.accounts import create_account
from balances_app.domain.clock import system_clock
from balances_app.domain.ids import new_id
from balances_app.domain.payout_rules import arrival_date, in_transit_at
from balances_app.domain.platforms import create_platform
from balances_app.domain.schedule import PayoutSchedule
from balances_app.ui import snapshot

DAY = 86400
COMPONENTS = {"balances": {"enabled": True, "features": {"standard_payouts": True}}}
SAMPLES = 15
WARM_UP = 3


@dataclass
class Shop:
    platform: Platform
    secret_key: str
    busy: ConnectedAccount
    quiet: ConnectedAccount


def make_shop(engine: Engine) -> Shop:
    now = system_clock.now()
    with transaction(engine, write=True) as session:
        platform, key = create_platform(
            session, name="Heavy", country="US", default_currency="usd", allowed_origins=[], now=now
        )
        accounts = [
            create_account(
                session,
                platform,
                business_name=name,
                email="s@example.com",
                country="US",
                default_currency="usd",
                losses_payments="stripe",
                now=now,
                schedule=PayoutSchedule("manual", 2),
            )
            for name in ("Busy", "Quiet")
        ]
        for account in accounts:
            session.add(_bank(account.id, now))
            ledger.post(session, ledger.Entry(account.id, "charge", 10_000, "usd", now - DAY), now - 3 * DAY)
    return Shop(platform, key, *accounts)


def _bank(account_id: str, now: int) -> ExternalAccount:
    return ExternalAccount(
        id=new_id("ba"),
        account_id=account_id,
        country="US",
        currency="usd",
        last4="6789",
        fingerprint=new_id("fp"),
        default_for_currency=True,
        created=now,
    )


def open_payouts(engine: Engine, shop: Shop, count: int) -> None:
    """`count` pending payouts on the busy account: the rows `payouts.create` makes, booked in bulk."""
    now = system_clock.now()
    account = shop.busy
    with transaction(engine, write=True) as session:
        ledger.post(session, ledger.Entry(account.id, "charge", count * 1_000, "usd", now - DAY), now - 3 * DAY)
        destination = session.exec(select(ExternalAccount).where(ExternalAccount.account_id == account.id)).one()
        ids = [new_id("po") for _ in range(count)]
        entries = [ledger.Entry(account.id, "payout", -1_000, "usd", now, source=pid) for pid in ids]
        txns = ledger.post_many(session, entries, now)
        due_at, arrival = in_transit_at(account, "standard", now), arrival_date(account, "standard", now)
        payout = {"account_id": account.id, "amount": 1_000, "currency": "usd", "arrival_date": arrival}
        payout |= {"automatic": False, "method": "standard", "status": "pending", "type": "bank_account", "fee": 0}
        payout |= {"destination": destination.id, "metadata_": {}}
        session.execute(
            insert(Payout),
            [
                payout | {"id": pid, "balance_transaction": txn.id, "created": now - count + index}
                for index, (pid, txn) in enumerate(zip(ids, txns, strict=True))
            ],
        )
        work = {"platform_id": shop.platform.id, "account_id": account.id, "kind": "payout", "due_at": due_at}
        session.execute(insert(DueWork), [work | {"subject_id": pid} for pid in ids])


def claimed(shop: Shop, account: ConnectedAccount) -> ClaimedSession:
    return ClaimedSession("accs_bench", shop.platform.id, account.id, COMPONENTS, system_clock.now() + 3600)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


@dataclass(frozen=True)
class Timings:
    busy_page_ms: float  # p50 of the busy account's page snapshot
    quiet_page_ms: float  # p50 of the quiet account's page snapshot, while the busy one is viewed
    session_ms: float  # p50 of POST /v1/account_sessions for the quiet account, meanwhile


def measure(engine: Engine, shop: Shop) -> Timings:
    """The quiet account's page and a new session, timed while two threads keep viewing the busy account."""
    busy, quiet = claimed(shop, shop.busy), claimed(shop, shop.quiet)
    stop, busy_samples = threading.Event(), []

    def view_busy() -> None:
        while not stop.is_set():
            busy_samples.append(_timed(lambda: snapshot.read(busy)))

    form = {"account": shop.quiet.id, "components[balances][enabled]": "true"}
    with mock.patch("balances_app.db.engine.get_engine", lambda: engine), TestClient(create_api(engine=engine)) as api:
        viewers = [threading.Thread(target=view_busy) for _ in range(2)]
        for viewer in viewers:
            viewer.start()
        pages, sessions = [], []
        try:
            for _ in range(WARM_UP):  # first queries compile and fill caches: not what is measured
                snapshot.read(quiet)
                api.post("/v1/account_sessions", data=form, auth=(shop.secret_key, ""))
            for _ in range(SAMPLES):
                pages.append(_timed(lambda: snapshot.read(quiet)))
                response = None

                def create() -> None:
                    nonlocal response
                    response = api.post("/v1/account_sessions", data=form, auth=(shop.secret_key, ""))

                sessions.append(_timed(create))
                assert response is not None and response.status_code == 200, response
        finally:
            stop.set()
            for viewer in viewers:
                viewer.join()
    return Timings(statistics.median(busy_samples), statistics.median(pages), statistics.median(sessions))


def run(url: str, database: str, count: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    shop = make_shop(engine)
    empty = measure(engine, shop)
    started = time.perf_counter()
    open_payouts(engine, shop, count)
    booked = time.perf_counter() - started
    heavy = measure(engine, shop)
    engine.dispose()
    print(f"{database}: busy account with {count:,} open payouts (booked in {booked:.1f} s); p50 ms of {SAMPLES}")
    print(f"  {'':<38} {'empty':>8} {'heavy':>8} {'ratio':>6}")
    for label, before, after in (
        ("busy account's page", empty.busy_page_ms, heavy.busy_page_ms),
        ("quiet account's page, meanwhile", empty.quiet_page_ms, heavy.quiet_page_ms),
        ("POST /v1/account_sessions, meanwhile", empty.session_ms, heavy.session_ms),
    ):
        print(f"  {label:<38} {before:>8.1f} {after:>8.1f} {after / before:>6.2f}")


def main(count: int = 10_000) -> None:
    run(f"sqlite:///{Path(tempfile.mkdtemp(prefix='balances-bench-')) / 'heavy.sqlite3'}", "SQLite", count)
    with postgres_server() as url:
        run(url, "PostgreSQL", count)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
