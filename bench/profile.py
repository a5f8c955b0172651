"""Where the time goes on each hot path: py-spy samples the server while wrk loads it.

`make profile` prints, for GET /v1/balance, POST /v1/account_sessions and POST /v1/payouts,
where the busy samples were (by the innermost Python frame: the server and event loop, the
HTTP stack, our request code, the database calls, SQLAlchemy, JSON), then the share spent in
each of our functions and what they call (inclusive), so a change to a hot path starts from a
measurement, not a guess. Idle threads (waiting for work or for the network) are left out.
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from balances_app.serve import VENV_BIN
from bench.api_throughput import OURS, fund, seeded_api, stop
from bench.wrk import run

SECONDS = 6
TOP = 12
IDLE = ("Condition.wait", "selectors.py", "Queue.get", "lock.acquire", "_await_job")  # waiting, not working
IDLE_LEAF = ("_worker (concurrent/futures/thread.py",)  # a pool thread blocked on its empty queue
# Frames every request passes through on its way to the route: listed in the layers, not among our functions.
WRAPPERS = ("balances_app.py", "api/app.py", "api/limits.py", "api/csp.py", "starlette/")
# Where a sample was, by its innermost Python frame: the first pattern that matches names the layer.
LAYERS = (
    ("database calls (sqlite3 / psycopg, our compiled statements)", ("balances_app/db/", "sqlite3", "psycopg")),
    ("SQLAlchemy (ORM and Core)", ("sqlalchemy/", "sqlmodel/")),
    ("HTTP stack (middleware, routing, responses)", WRAPPERS),
    ("JSON", ("json/",)),
    ("our request code (api, domain)", ("balances_app/",)),
    ("event loop and granian's Python", ("asyncio/", "granian")),
    ("granian's threads in native code (no Python frame)", ("process ",)),
)


def shares(raw: Path) -> tuple[int, list[tuple[float, str]], list[tuple[float, str]]]:
    """(busy samples, share by layer, share by our function inclusive)."""
    inclusive: collections.Counter[str] = collections.Counter()
    layers: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if any(marker in frame for frame in frames for marker in IDLE) or frames[-1].startswith(IDLE_LEAF):
            continue
        total += int(count)
        layers[next((name for name, parts in LAYERS if any(p in frames[-1] for p in parts)), "other")] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    ours = [
        (count * 100 / total, frame)
        for frame, count in inclusive.most_common()
        if "balances_app" in frame and not any(wrapper in frame for wrapper in WRAPPERS)
    ]
    return total, [(count * 100 / total, name) for name, count in layers.most_common()], ours[:TOP]


def profile(base: str, pid: int, kind: str, folder: Path) -> None:
    raw = folder / f"{kind}.txt"
    record = ["record", "-p", str(pid), "-d", str(SECONDS - 1), "-r", "200", "-f", "raw", "-o", str(raw)]
    spy = subprocess.Popen(
        [str(VENV_BIN / "py-spy"), *record, "--subprocesses"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    result = run(base, OURS[kind], 16, SECONDS, f"profile-{kind}-{time.time_ns()}")
    spy.wait()
    total, layers, rows = shares(raw)
    print(
        f"\n{OURS[kind].method} {OURS[kind].path}: {result.ok_per_second:.0f} ok/s at 16 connections, {total} samples"
    )
    for share, name in layers:
        print(f"  {share:5.1f}%  {name}")
    print("  of which, in our functions (inclusive):")
    for share, frame in rows:
        print(f"  {share:5.1f}%  {frame[:110]}")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="balances-profile-"))
    server = None
    try:
        server, base, _env = seeded_api(folder)
        fund(base, 100 * 2_000 * SECONDS)
        for kind in ("balance", "session", "payout"):
            profile(base, server.pid, kind, folder)
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
