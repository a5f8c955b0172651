"""API throughput and latency against measured ceilings, and against localstripe.

- account session creation beside a bare Starlette endpoint on the same server (ratio);
- GET /v1/balance and POST /v1/payouts, ours (durable: ledger, locks, idempotency keys) beside
  localstripe (an in-memory Stripe fake from PyPI), both started here on this machine.
Each server runs one process; the client keeps CONCURRENCY requests in flight.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from balances_app.db.engine import make_engine
from balances_app.db.migrate import upgrade
from balances_app.demo.seed import ACCOUNTS, SECRET_KEY, seed
from balances_app.serve import VENV_BIN

REQUESTS = 2_000
CONCURRENCY = 16
JAPAN = ACCOUNTS[3].id  # a manual schedule, so standard payouts are allowed
counter = itertools.count()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], env: dict[str, str], url: str) -> subprocess.Popen:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
    )
    for _ in range(400):
        try:
            httpx.get(url, timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{command[0]} did not start")


async def measure(
    base: str, request: Callable[[], dict[str, Any]], auth: tuple[str, str]
) -> tuple[float, float, float]:
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, auth=auth, timeout=30) as client:

        async def worker(count: int) -> None:
            for _ in range(count):
                started = time.perf_counter()
                response = await client.request(**request())
                assert response.status_code < 500, response.text
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker(REQUESTS // CONCURRENCY) for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return len(latencies) / elapsed, statistics.median(latencies), latencies[int(len(latencies) * 0.99)]


def ours(kind: str) -> Callable[[], dict[str, Any]]:
    session = {"account": ACCOUNTS[0].id, "components[balances][enabled]": "true"}
    return {
        "bare": lambda: {"method": "POST", "url": "/bench/bare"},
        "session": lambda: {"method": "POST", "url": "/v1/account_sessions", "data": session},
        "balance": lambda: {"method": "GET", "url": "/v1/balance", "headers": {"Stripe-Account": JAPAN}},
        "payout": lambda: {
            "method": "POST",
            "url": "/v1/payouts",
            "data": {"amount": "100", "currency": "jpy"},
            "headers": {"Stripe-Account": JAPAN, "Idempotency-Key": f"bench-{next(counter)}"},
        },
    }[kind]


def theirs(kind: str) -> Callable[[], dict[str, Any]]:
    return {
        "balance": lambda: {"method": "GET", "url": "/v1/balance"},
        "payout": lambda: {"method": "POST", "url": "/v1/payouts", "data": {"amount": "100", "currency": "usd"}},
    }[kind]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="balances-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    seed(engine)
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": url, "BALANCES_DATA_DIR": str(folder)}
    our_port, their_port = free_port(), free_port()
    processes = [
        start(
            [
                str(VENV_BIN / "granian"),
                "--interface",
                "asgi",
                "--factory",
                "--port",
                str(our_port),
                "--log-level",
                "error",
                "bench.api_server:app",
            ],
            env,
            f"http://127.0.0.1:{our_port}/bench/bare",
        ),
        start(
            [str(VENV_BIN / "localstripe"), "--port", str(their_port)], env, f"http://127.0.0.1:{their_port}/v1/balance"
        ),
    ]
    try:
        our_base, their_base = f"http://127.0.0.1:{our_port}", f"http://127.0.0.1:{their_port}"
        auth = (SECRET_KEY, "")
        rows = [("bare Starlette endpoint (ceiling)", asyncio.run(measure(our_base, ours("bare"), auth)), None)]
        rows.append(("POST /v1/account_sessions", asyncio.run(measure(our_base, ours("session"), auth)), 0))
        for kind, label in (("balance", "GET /v1/balance"), ("payout", "POST /v1/payouts")):
            theirs_result = asyncio.run(measure(their_base, theirs(kind), auth))
            rows.append((f"{label}: localstripe", theirs_result, None))
            rows.append((f"{label}: ours", asyncio.run(measure(our_base, ours(kind), auth)), len(rows) - 1))
        print(
            f"{'':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7}"
            f"   ({REQUESTS} requests, {CONCURRENCY} in flight, one server process each)"
        )
        for label, (rate, p50, p99), against in rows:
            ratio = f"{rate / rows[against][1][0]:.2f}" if against is not None else ""
            print(f"{label:<40} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {ratio:>7}")
        print("ratio: our requests per second over the row it is compared with (the ceiling, or localstripe)")
    finally:
        for process in processes:
            os.killpg(process.pid, 15)
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
