"""`make run-scaled`: the component host on PostgreSQL and Redis with several workers, and the demo.

PostgreSQL and Redis come from Debian's packages (the Makefile installs them); this starts them
when they are not running, creates the database, then runs the same stack as `make run` with
`DATABASE_URL` and `REFLEX_REDIS_URL` set, so several workers share sessions and money locks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

DATABASE_URL = "postgresql+psycopg://balances:balances@127.0.0.1:5432/balances"
REDIS_URL = "redis://127.0.0.1:6379/0"
WORKERS = 2


def _quiet(command: list[str]) -> bool:
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode == 0


def _as_postgres(sql: str) -> bool:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else ["sudo", "-u", "postgres"]
    return _quiet([*prefix, "psql", "-qtAc", sql])


def ensure_postgres() -> None:
    if not _quiet(["pg_isready", "-h", "127.0.0.1", "-p", "5432"]):
        clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.split()
        subprocess.run(["pg_ctlcluster", clusters[0], clusters[1], "start"], check=True)
    _as_postgres(
        "DO $$ BEGIN CREATE ROLE balances LOGIN PASSWORD 'balances'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
    )
    _as_postgres("CREATE DATABASE balances OWNER balances")  # fails harmlessly when it exists


def ensure_redis() -> None:
    if not _quiet(["redis-cli", "-p", "6379", "ping"]):
        subprocess.run(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                "6379",
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )


def main() -> None:
    ensure_postgres()
    ensure_redis()
    os.environ.setdefault("DATABASE_URL", DATABASE_URL)
    os.environ.setdefault("REFLEX_REDIS_URL", REDIS_URL)
    os.environ.setdefault("BALANCES_WORKERS", str(WORKERS))
    python = sys.executable
    subprocess.run([python, "-m", "balances_app.db.migrate"], check=True)
    subprocess.run([python, "-m", "balances_app.demo.seed"], check=True)
    os.execv(python, [python, "-m", "balances_app.serve"])


if __name__ == "__main__":
    main()
