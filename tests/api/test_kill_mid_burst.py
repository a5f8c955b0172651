"""kill -9 of the host during a burst of idempotent payouts: no key moves money twice, no drift.

A real host process (granian) serves the API on SQLite or a throwaway PostgreSQL. Payouts with
idempotency keys arrive from several threads; after a few answers the whole process group gets
SIGKILL, mid-write for some requests. A new process starts on the same database and every key is
sent again until it has a final answer. Each key then moved money at most once (exactly once if
its answer was a payout), answers given before the kill are replayed byte for byte, and the
running totals still equal a recomputation from the entries.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from balances_app.db.engine import make_engine, transaction
from balances_app.db.migrate import upgrade
from balances_app.db.models import BalanceTransaction, IdempotencyKey, Payout
from balances_app.db.throwaway_postgres import postgres_server
from balances_app.domain import ledger
from balances_app.serve import VENV_BIN
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule
from tests.servers import free_port, running, stop

KEYS = 60
AMOUNT = 1_000
FUNDS = 30 * AMOUNT + 500  # room for 30 of the 60 payouts
KILL_AFTER = 12  # answers received before the kill


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        upgrade(url)
        yield url
        return
    with postgres_server() as url:
        upgrade(url)
        yield url


def host(url: str, port: int, log: Path):  # type: ignore[no-untyped-def]
    command = [str(VENV_BIN / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "1", "--log-level", "warning", "tests.api_host:app"]
    env = {**os.environ, "DATABASE_URL": url, "BALANCES_DATA_DIR": str(log.parent)}
    return running(command, env, f"http://127.0.0.1:{port}/v1/balance", log)


def send(base: str, secret: str, account: str, key: str) -> httpx.Response | None:
    try:
        return httpx.post(
            f"{base}/v1/payouts",
            data={"amount": str(AMOUNT), "currency": "usd", "metadata[key]": key},
            headers={"Stripe-Account": account, "Idempotency-Key": key},
            auth=(secret, ""),
            timeout=30,
        )
    except httpx.TransportError:  # the host died under this request
        return None


def test_kill_9_mid_burst_moves_no_key_twice(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    now = int(time.time())
    platform, secret = make_platform(engine, now)
    account = make_account(engine, platform, now)
    set_schedule(engine, account, "manual")
    bank_account(engine, account)
    charge(engine, account.id, FUNDS, now - 3 * DAY, available_in_days=2)
    keys = [f"burst-{i}" for i in range(KEYS)]
    first: dict[str, httpx.Response] = {}
    answered = threading.Semaphore(0)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with host(database_url, port, tmp_path / "host1.log") as process:

        def burst(key: str) -> None:
            response = send(base, secret, account.id, key)
            if response is not None and response.status_code != 409:
                first[key] = response
                answered.release()

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(burst, key) for key in keys]
            for _ in range(KILL_AFTER):
                assert answered.acquire(timeout=60)
            os.killpg(process.pid, signal.SIGKILL)  # the whole host, mid-burst
            process.wait()
            for future in futures:
                future.result()
        stop(process)
    assert KILL_AFTER <= len(first) < KEYS, "the kill should land mid-burst"

    final: dict[str, httpx.Response] = {}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with host(database_url, port, tmp_path / "host2.log"):
        for _ in range(20):  # a key a dead request held (PostgreSQL notices the lost connection) may answer 409
            for key in [k for k in keys if k not in final]:
                response = send(base, secret, account.id, key)
                if response is not None and response.status_code != 409:
                    final[key] = response
            if len(final) == KEYS:
                break
    assert len(final) == KEYS
    check(engine, account.id, first, final, int(time.time()))
    engine.dispose()


def check(engine: Engine, account_id: str, first: dict, final: dict, now: int) -> None:
    """`now`: after every write, so entries and running totals describe the same moment."""
    for key, response in first.items():
        assert final[key].content == response.content, key  # what was answered before the kill is replayed
    paid = {key: r.json()["id"] for key, r in final.items() if r.status_code == 200}
    refused = {key: r.json()["error"]["code"] for key, r in final.items() if r.status_code != 200}
    with transaction(engine) as session:
        made = session.exec(select(Payout).where(Payout.account_id == account_id)).all()
        debits = session.exec(
            select(func.count()).select_from(BalanceTransaction).where(BalanceTransaction.type == "payout")
        ).one()
        stored = session.exec(select(func.count()).select_from(IdempotencyKey)).one()
        assert ledger.verify(session, now) == []
        available = ledger.balance(session, account_id, now)["usd"].available_total
    by_key = {}
    for payout in made:
        assert payout.metadata_["key"] not in by_key, "a key moved money twice"
        by_key[payout.metadata_["key"]] = payout.id
    assert by_key == paid
    assert len(paid) == FUNDS // AMOUNT and set(refused.values()) == {"balance_insufficient"}
    assert debits == len(made) and stored == KEYS
    assert available == FUNDS - len(paid) * AMOUNT >= 0
