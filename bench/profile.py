"""Where the time goes on each hot path: py-spy samples the server while wrk loads it.

`make profile` prints, for GET /v1/balance, POST /v1/account_sessions and POST /v1/payouts,
the share of busy samples spent in each of our functions and in the libraries under them
(inclusive), so a change to a hot path starts from a measurement, not a guess. Idle threads
(waiting for work or for the network) are left out of the shares.
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
OURS_OR_LIBRARIES = ("balances_app", "sqlalchemy/orm/session.py", "sqlalchemy/engine/base.py", "starlette/routing")


def shares(raw: Path) -> tuple[int, list[tuple[float, str]]]:
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if any(marker in frame for frame in frames for marker in IDLE):
            continue
        total += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    rows = [
        (count * 100 / total, frame)
        for frame, count in inclusive.most_common()
        if any(part in frame for part in OURS_OR_LIBRARIES)
    ]
    return total, rows[:TOP]


def profile(base: str, pid: int, kind: str, folder: Path) -> None:
    raw = folder / f"{kind}.txt"
    record = ["record", "-p", str(pid), "-d", str(SECONDS - 1), "-r", "200", "-f", "raw", "-o", str(raw)]
    spy = subprocess.Popen(
        [str(VENV_BIN / "py-spy"), *record, "--subprocesses"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    result = run(base, OURS[kind], 16, SECONDS, f"profile-{kind}-{time.time_ns()}")
    spy.wait()
    total, rows = shares(raw)
    print(
        f"\n{OURS[kind].method} {OURS[kind].path}: {result.ok_per_second:.0f} ok/s at 16 connections, {total} samples"
    )
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
