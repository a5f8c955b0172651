"""Due work runs by due time, in small transactions, off the request path, and never twice.

A page view neither does due work nor waits for the account's lock; the runner does a batch
per transaction; runners in parallel (threads here, workers or hosts in production) do each
item once; the test clock's catch-up does everything due before answering.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from balances_app.db import engine as db_engine
from balances_app.db.engine import run_transaction, transaction
from balances_app.db.models import BalanceTransaction, ConnectedAccount, DueWork, Payout, Platform
from balances_app.domain import due, ledger, payouts
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.clock import FrozenClock, system_clock
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.platforms import advance_clock
from balances_app.due_runner import catch_up, run_platform
from balances_app.ui import snapshot
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule

PAYOUTS = 60


def open_payouts(engine: Engine, clock: FrozenClock, failure: str | None = None) -> tuple[Platform, ConnectedAccount]:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    set_schedule(engine, account, "manual")
    bank_account(engine, account, failure=failure)
    charge(engine, account.id, PAYOUTS * 1_000, clock.now() - 3 * DAY, available_in_days=2)
    with transaction(engine, write=True) as session:
        account = session.get(ConnectedAccount, account.id)
        assert account is not None
        for _ in range(PAYOUTS):
            payouts.create(session, platform, account, PayoutRequest(1_000, "usd"), clock.now())
    return platform, account


def move_clock(engine: Engine, platform: Platform, seconds: int) -> None:
    """Move the platform's clock without running anything (as the test helper does before its catch-up)."""
    with transaction(engine, write=True) as session:
        row = session.get(Platform, platform.id)
        assert row is not None
        advance_clock(session, row, seconds)


def statuses(engine: Engine, account_id: str) -> dict[str, int]:
    with transaction(engine) as session:
        query = select(Payout.status, func.count()).where(Payout.account_id == account_id).group_by(Payout.status)
        return dict(session.exec(query).all())


def test_a_page_view_neither_does_due_work_nor_waits_for_the_account(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_engine, "get_engine", lambda: engine)
    real = FrozenClock(system_clock.now())
    platform, account = open_payouts(engine, real)
    move_clock(engine, platform, 7 * DAY)  # past every arrival date, weekends included
    holding, release = threading.Event(), threading.Event()

    def hold_the_account() -> None:
        with transaction(engine, write=True) as session:
            ledger.lock_account(session, account.id)
            holding.set()
            release.wait(30)

    with ThreadPoolExecutor(2) as pool:
        held = pool.submit(hold_the_account)
        assert holding.wait(10)
        claimed = ClaimedSession("accs_x", platform.id, account.id, {"balances": {"enabled": True}}, 1 << 40)
        shown = pool.submit(snapshot.read, claimed).result(timeout=10)  # the old design waited for the lock here
        release.set()
        held.result()
    assert len(shown.payouts) == snapshot.RECENT_PAYOUTS
    assert statuses(engine, account.id) == {"pending": PAYOUTS}  # the read changed nothing
    assert catch_up(engine, platform.id, system_clock) >= PAYOUTS
    assert statuses(engine, account.id) == {"paid": PAYOUTS}


def test_the_runner_does_a_small_batch_per_transaction(engine: Engine, clock: FrozenClock) -> None:
    platform, account = open_payouts(engine, clock)
    move_clock(engine, platform, DAY)
    later = clock.now() + DAY
    done = run_transaction(lambda s: due.run_account(s, platform, account.id, later), engine, write=True)
    assert done == due.BATCH < PAYOUTS
    assert statuses(engine, account.id) == {"in_transit": due.BATCH, "pending": PAYOUTS - due.BATCH}
    assert catch_up(engine, platform.id, clock) == PAYOUTS - due.BATCH + 1  # the rest, and the account's new day
    assert statuses(engine, account.id) == {"in_transit": PAYOUTS}
    with transaction(engine) as session:
        rows = session.exec(select(DueWork).where(DueWork.account_id == account.id, DueWork.kind == "payout")).all()
    assert len(rows) == PAYOUTS and all(row.due_at > later for row in rows)  # next: their arrival


def test_runners_in_parallel_do_each_item_once(engine: Engine, clock: FrozenClock) -> None:
    platform, account = open_payouts(engine, clock, failure="no_account")
    move_clock(engine, platform, 6 * DAY)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: run_platform(engine, platform.id, clock), range(4)))
    catch_up(engine, platform.id, clock)
    assert statuses(engine, account.id) == {"failed": PAYOUTS}
    with transaction(engine) as session:
        returned = session.exec(
            select(func.count()).select_from(BalanceTransaction).where(BalanceTransaction.type == "payout_failure")
        ).one()
        assert ledger.verify(session, clock.now() + 6 * DAY) == []
        balance = ledger.balance(session, account.id, clock.now() + 6 * DAY)["usd"]
    assert returned == PAYOUTS
    assert balance.available_total == PAYOUTS * 1_000
