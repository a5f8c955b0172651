"""The due-work runner: what falls due with time runs here, off the request path.

A background task of the host process (started with the app) looks every second for work
due on each platform's clock and does it in small batches, each its own short transaction,
so the database's write lock is never held for long and a page view or an API read never
waits for an account's history. Several workers or hosts may run it at once: on PostgreSQL
an account busy in another transaction is skipped (`FOR UPDATE SKIP LOCKED`) and picked up
on a later tick; on SQLite the single writer serializes the batches, and each batch re-reads
the queue under that lock, so no item runs twice.

The test clock (`POST /v1/test_helpers/clock/advance`) calls `catch_up`, which does every
item due for that platform, in the same small batches, before it answers.
"""

from __future__ import annotations

import asyncio
import logging
import os
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session, select

from balances_app.db.engine import get_engine, run_transaction, transaction
from balances_app.db.models import Platform
from balances_app.domain import due, due_work
from balances_app.domain.clock import Clock, system_clock
from balances_app.domain.platforms import clock_for

TICK_SECONDS = 1.0
TICK_BUDGET = 500  # items per platform per tick, so one busy platform cannot starve the others
log = logging.getLogger(__name__)


def run_platform(engine: Engine, platform_id: str, clock: Clock, wait: bool = False, budget: int | None = None) -> int:
    """Do the work due on one platform's clock, account by account, a batch per transaction.

    `wait`: wait for accounts that other transactions hold (catch-up) instead of skipping them.
    """
    done = 0
    while budget is None or done < budget:
        with transaction(engine) as session:
            platform = session.get(Platform, platform_id)
            if platform is None:
                return done
            now = clock_for(platform, clock).now()
            accounts = due_work.accounts_due(session, platform_id, now)
        progressed = False
        for account_id in accounts:
            batch = partial(_batch, platform=platform, account_id=account_id, now=now, wait=wait)
            count = run_transaction(batch, engine, write=True)
            done += count or 0
            progressed = progressed or bool(count)
        if not progressed:
            return done
    return done


def _batch(session: Session, platform: Platform, account_id: str, now: int, wait: bool) -> int | None:
    return due.run_account(session, platform, account_id, now, skip_locked=not wait)


def catch_up(engine: Engine, platform_id: str, clock: Clock) -> int:
    """Everything due on the platform's clock, done before returning (the test clock's promise)."""
    return run_platform(engine, platform_id, clock, wait=True)


def tick(engine: Engine, clock: Clock) -> int:
    """One look at every platform; one whose work fails is logged and skipped, never the others' stop."""
    with transaction(engine) as session:
        platform_ids = session.exec(select(Platform.id)).all()
    done = 0
    for platform_id in platform_ids:
        try:
            done += run_platform(engine, platform_id, clock, budget=TICK_BUDGET)
        except Exception:
            log.exception("due work failed on platform %s", platform_id)
    return done


async def run_forever(engine: Engine | None = None, clock: Clock = system_clock) -> None:
    """The host's background task: a tick every second, in a worker thread, until the app stops."""
    if os.environ.get("BALANCES_DUE_RUNNER", "1") == "0":
        return
    engine = engine or get_engine()
    while True:
        try:
            await asyncio.to_thread(tick, engine, clock)
        except Exception:  # a failed tick is logged and tried again; the queue is unchanged by it
            log.exception("due-work tick failed")
        await asyncio.sleep(TICK_SECONDS)
