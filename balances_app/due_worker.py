"""What falls due with time, run by the host itself: payouts arrive and automatic payouts go out
even when nobody opens the component or moves a test clock, so their events reach the platform.

Every `BALANCES_DUE_SWEEP_SECONDS` (60 by default; 0 turns it off) each host process catches every
account up to now, one short transaction per account. Sweeps on several processes or hosts are
safe together: each account's run takes its lock and is idempotent (see `domain.due`).
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from balances_app.db.engine import get_engine, run_transaction, transaction
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain import due
from balances_app.domain.clock import Clock, system_clock
from balances_app.domain.platforms import clock_for

log = logging.getLogger("balances.due")


@dataclass
class DueWorker:
    engine: Engine
    clock: Clock = system_clock
    interval: float = field(default_factory=lambda: float(os.environ.get("BALANCES_DUE_SWEEP_SECONDS", "60")))

    def sweep(self) -> int:
        """Catch every account up to its platform's now; returns how many accounts were visited."""
        with transaction(self.engine) as session:
            ids = list(session.exec(select(ConnectedAccount.id).order_by(col(ConnectedAccount.id))).all())
        for account_id in ids:
            run_transaction(lambda session, account_id=account_id: self._one(session, account_id), self.engine, True)
        return len(ids)

    def _one(self, session: Session, account_id: str) -> None:
        account = session.get(ConnectedAccount, account_id)
        platform = session.get(Platform, account.platform_id) if account else None
        if account is not None and platform is not None:
            due.run_for_account(session, platform, account, clock_for(platform, self.clock).now())

    async def run(self) -> None:
        if self.interval <= 0:
            return
        while True:
            await asyncio.sleep(self.interval)
            try:
                await run_in_threadpool(self.sweep)
            except Exception:  # one bad round must not stop the next
                log.exception("due sweep failed")


async def run_in_host() -> None:
    """The host's lifespan task (see `balances_app.balances_app`)."""
    await DueWorker(get_engine()).run()
