"""API throughput and latency with wrk, each of our rows beside its ceiling in the same run.

Our server is the host as `make run` serves it (bench/api_server.py), one process.

- a bare Starlette endpoint in the same server process (the ceiling of the stack itself), and
  the same endpoint reading a form body first (the ceiling of any POST route that takes parameters);
- POST /v1/account_sessions beside that bare endpoint;
- GET /v1/balance and POST /v1/payouts beside localstripe (an in-memory Stripe fake from PyPI).
  localstripe accepts `eur` payouts only, so it is sent `eur`; we are sent JPY payouts on the
  demo's manual-schedule account, funded beforehand so every payout can succeed.
Every row is measured at 1, 16 and 64 connections, and only successful answers are compared: the
count of non-2xx answers is printed beside each row. One server process each.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from balances_app.db.engine import make_engine
from balances_app.db.migrate import upgrade
from balances_app.demo.seed import ACCOUNTS, SECRET_KEY, seed
from balances_app.serve import VENV_BIN, host_env
from bench.api_server import BARE_FORM_PATH, BARE_PATH
from bench.wrk import Load, Result, run

CONNECTIONS = (1, 16, 64)
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
JAPAN = ACCOUNTS[3].id  # a manual schedule, so standard payouts are allowed
AUTH = ("Authorization", "Basic " + base64.b64encode(f"{SECRET_KEY}:".encode()).decode())


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], env: dict[str, str], url: str, log: Path, timeout: float = 90) -> subprocess.Popen:
    """Start a server and poll until it answers; a server that dies is started again, once."""
    for attempt in (1, 2):
        with log.open("w") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            try:
                httpx.get(url, timeout=2)
                return process
            except httpx.TransportError:
                time.sleep(0.1)
        stop(process)
        if attempt == 2:
            raise RuntimeError(f"{command[0]} did not answer at {url}:\n{log.read_text()[-2000:]}")
    raise AssertionError("unreachable")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def fund(base: str, amount: int) -> None:
    """Available JPY on the hot account, enough for every payout the run can make."""
    response = httpx.post(
        f"{base}/v1/charges",
        data={"amount": str(amount), "currency": "jpy", "source": "tok_bypassPending"},
        headers={"Stripe-Account": JAPAN},
        auth=(SECRET_KEY, ""),
    )
    response.raise_for_status()


SESSION_FORM = f"account={ACCOUNTS[0].id}&components[balances][enabled]=true"
OURS = {
    "bare": Load("POST", BARE_PATH),
    "bare_form": Load("POST", BARE_FORM_PATH, SESSION_FORM, (AUTH,)),
    "session": Load("POST", "/v1/account_sessions", SESSION_FORM, (AUTH,)),
    "balance": Load("GET", "/v1/balance", headers=(AUTH, ("Stripe-Account", JAPAN))),
    "payout": Load(
        "POST", "/v1/payouts", "amount=100&currency=jpy", (AUTH, ("Stripe-Account", JAPAN)), unique_key=True
    ),
}
THEIRS = {
    "balance": Load("GET", "/v1/balance", headers=(AUTH,)),
    "payout": Load("POST", "/v1/payouts", "amount=100&currency=eur", (AUTH,), unique_key=True),
}
ROWS = (
    ("bare Starlette endpoint (ceiling)", "ours", "bare", None),
    ("bare endpoint reading its form body", "ours", "bare_form", "bare Starlette endpoint (ceiling)"),
    ("POST /v1/account_sessions", "ours", "session", "bare Starlette endpoint (ceiling)"),
    ("GET /v1/balance: localstripe", "theirs", "balance", None),
    ("GET /v1/balance: ours", "ours", "balance", "GET /v1/balance: localstripe"),
    ("POST /v1/payouts: localstripe (eur)", "theirs", "payout", None),
    ("POST /v1/payouts: ours", "ours", "payout", "POST /v1/payouts: localstripe (eur)"),
)


def measure(bases: dict[str, str]) -> dict[tuple[str, int], Result]:
    run_id = uuid.uuid4().hex[:8]
    results = {}
    for label, server, kind, _ in ROWS:
        for connections in CONNECTIONS:
            load = (OURS if server == "ours" else THEIRS)[kind]
            results[label, connections] = run(bases[server], load, connections, SECONDS, f"{run_id}-{connections}")
    return results


def report(results: dict[tuple[str, int], Result]) -> None:
    print(f"wrk, {SECONDS} s a run, 1 server process each, {os.cpu_count()} cores; ok/s counts 2xx answers only")
    print("load average (1, 5, 15 min) at the end of the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'':<38} {'conns':>5} {'ok/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'ratio':>7}")
    for label, _, _, against in ROWS:
        for connections in CONNECTIONS:
            result = results[label, connections]
            ratio = ""
            if against is not None:
                ceiling = results[against, connections].ok_per_second
                ratio = f"{result.ok_per_second / ceiling:.2f}" if ceiling else "n/a"
            print(
                f"{label:<38} {connections:>5} {result.ok_per_second:>8.0f} {result.p50_ms:>8.1f} "
                f"{result.p99_ms:>8.1f} {result.failed:>8} {ratio:>7}"
            )
    print("ratio: our successful requests per second over the row named in the module docstring, same connections")
    for line in verdicts(results):
        print(line)


# Issue #13's targets for these rows: (row, ratio at least, ok/s at least).
TARGETS = (
    ("GET /v1/balance: ours", 1.0, 0.0),
    ("POST /v1/account_sessions", 0.5, 0.0),
    ("POST /v1/payouts: ours", 10.0, 500.0),
)


def verdicts(results: dict[tuple[str, int], Result]) -> list[str]:
    """Each target of issue #13 beside what this run measured, met or not, connection count by count."""
    against = {label: ceiling for label, _, _, ceiling in ROWS}
    lines = []
    for label, ratio, rate in TARGETS:
        for connections in CONNECTIONS:
            ours = results[label, connections].ok_per_second
            ceiling = results[against[label], connections].ok_per_second  # type: ignore[index]
            measured = ours / ceiling if ceiling else 0.0
            met = measured >= ratio and ours >= rate
            wanted = f">= {ratio:g}x" + (f" and >= {rate:.0f}/s" if rate else "")
            shown = f"{measured:.2f}x, {ours:.0f}/s"
            verdict = "met" if met else "NOT met"
            lines.append(f"target {label} at {connections:>2} connections {wanted}: {shown}: {verdict}")
    balance = [results["GET /v1/balance: ours", c].ok_per_second for c in (16, 64)]
    lines.append(
        f"target GET /v1/balance ok/s at 64 connections >= at 16: {balance[1]:.0f} vs {balance[0]:.0f}: "
        + ("met" if balance[1] >= balance[0] else "NOT met")
    )
    return lines


def seeded_api(folder: Path) -> tuple[subprocess.Popen, str, dict[str, str]]:
    """Our API (with the bare endpoint) on the seeded demo database in `folder`, answering: (server, base, env)."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    seed(engine)
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = host_env(base, DATABASE_URL=url, BALANCES_DATA_DIR=str(folder), BALANCES_WORKERS="1")
    env.pop("__REFLEX_MOUNT_FRONTEND_COMPILED_APP")  # the API's paths only: no built frontend needed
    granian = [str(VENV_BIN / "granian"), "--interface", "asgi", "--factory", "--port", str(port)]
    server = start([*granian, "--log-level", "error", "bench.api_server:app"], env, base + BARE_PATH, folder / "log")
    return server, base, env


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="balances-bench-"))
    processes = []
    try:
        server, our_base, env = seeded_api(folder)
        processes.append(server)
        their_port = free_port()
        their_base = f"http://127.0.0.1:{their_port}"
        processes.append(
            start(
                [str(VENV_BIN / "localstripe"), "--port", str(their_port)],
                env,
                their_base + "/v1/balance",
                folder / "localstripe.log",
            )
        )
        fund(our_base, 100 * 2_000 * SECONDS * len(CONNECTIONS))  # room for 2,000 payouts/s
        report(measure({"ours": our_base, "theirs": their_base}))
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
