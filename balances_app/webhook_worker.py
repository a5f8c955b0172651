"""The delivery worker: an async task in every host process that POSTs due events to endpoints.

Each second it also looks for funds that became available on each platform's clock and emits
`balance.available` for them (see `domain.available_funds`).

Each round claims due attempts in a short transaction (see `domain.deliveries`), POSTs them
concurrently with httpx outside any transaction, then records each outcome. The outbox is the
database, so a host that stops or is killed loses nothing: its leases run out and any worker,
on this host or another, makes the attempt again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine
from sqlmodel import select
from starlette.concurrency import run_in_threadpool

from balances_app.db.engine import get_engine, run_transaction, transaction
from balances_app.db.models import Platform
from balances_app.domain import available_funds, deliveries
from balances_app.domain.clock import Clock, system_clock
from balances_app.domain.platforms import clock_for

log = logging.getLogger("balances.webhooks")
USER_AGENT = "Balances/1.0 (+webhooks; Stripe-compatible)"
FIRST_LOOK_BACK_SECONDS = 7 * 86400  # at start, funds that arrived while no host was running
FUNDS_EVERY_SECONDS = 1.0


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass
class Worker:
    engine: Engine
    clock: Clock = system_clock
    timeout: float = field(default_factory=lambda: _env_float("BALANCES_WEBHOOK_TIMEOUT_SECONDS", 10))
    poll: float = field(default_factory=lambda: _env_float("BALANCES_WEBHOOK_POLL_SECONDS", 0.5))
    batch: int = 20
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    checked: dict[str, int] = field(default_factory=dict)  # platform id -> its time looked through

    @property
    def lease(self) -> int:
        """Longer than an attempt can take, so a live worker's claim never runs out under it."""
        return int(self.timeout) + 5

    def watch_funds(self) -> int:
        """Emit `balance.available` where funds arrived since the last look; returns the accounts visited."""
        with transaction(self.engine) as session:
            looks = []
            for platform_id, offset in session.exec(select(Platform.id, Platform.clock_offset)).all():
                now = self.clock.now() + offset
                after = self.checked.get(platform_id, now - FIRST_LOOK_BACK_SECONDS)
                if now > after:
                    looks.append((platform_id, now, available_funds.arrivals(session, platform_id, after, now)))
        for platform_id, now, accounts in looks:
            for account_id in accounts:
                run_transaction(
                    lambda session, account_id=account_id, now=now: available_funds.announce(session, account_id, now),
                    self.engine,
                    write=True,
                )
            self.checked[platform_id] = now
        return sum(len(accounts) for _, _, accounts in looks)

    def _claim(self) -> list[deliveries.Claim]:
        now = self.clock.now()
        with transaction(self.engine) as session:
            if not deliveries.due_exists(session, now):
                return []
        return run_transaction(
            lambda session: deliveries.claim(session, now, self.name, self.lease, self.batch), self.engine, write=True
        )

    def _record(self, claim: deliveries.Claim, status: int | None, error: str | None, duration_ms: int) -> None:
        def work(session) -> None:  # type: ignore[no-untyped-def]
            platform = session.get(Platform, claim.platform_id)
            now = clock_for(platform, self.clock).now()
            deliveries.record(session, claim, now, self.name, status=status, error=error, duration_ms=duration_ms)

        run_transaction(work, self.engine, write=True)

    async def _attempt(self, client: httpx.AsyncClient, claim: deliveries.Claim) -> None:
        # Signed with real time: the receiver checks it against its own clock (300 s tolerance).
        signature = deliveries.signature_header(claim.payload, claim.secret, int(time.time()))
        headers = {"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature}
        started = time.monotonic()
        status, error = None, None
        try:
            response = await client.post(claim.url, content=claim.payload, headers=headers)
            status = response.status_code
        except httpx.TimeoutException:
            error = f"Timed out after {self.timeout:g} seconds"
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as problem:  # a URL it cannot send to fails too
            error = f"{type(problem).__name__}: {problem}"[:500] or type(problem).__name__
        duration_ms = int((time.monotonic() - started) * 1000)
        await run_in_threadpool(self._record, claim, status, error, duration_ms)

    async def deliver_due(self, client: httpx.AsyncClient | None = None) -> int:
        """One round: attempt everything due now. Returns how many attempts were made."""
        claims = await run_in_threadpool(self._claim)
        if not claims:
            return 0
        if client is None:
            async with self._client() as own:
                await asyncio.gather(*(self._attempt(own, c) for c in claims))
        else:
            await asyncio.gather(*(self._attempt(client, c) for c in claims))
        return len(claims)

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self.timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT})

    async def run(self) -> None:
        """Deliver forever: at once while work is due, otherwise every `poll` seconds."""
        funds_at = 0.0
        async with self._client() as client:
            while True:
                try:
                    if time.monotonic() - funds_at >= FUNDS_EVERY_SECONDS:
                        funds_at = time.monotonic()
                        await run_in_threadpool(self.watch_funds)
                    made = await self.deliver_due(client)
                except Exception:  # a database hiccup must not end delivery for the host's lifetime
                    log.exception("webhook delivery round failed")
                    made = 0
                if not made:
                    await asyncio.sleep(self.poll)


async def run_in_host() -> None:
    """The host's lifespan task (see `balances_app.balances_app`)."""
    await Worker(get_engine()).run()
