"""A throwaway component host: its own port, database and folder, gone when it stops.

    with EphemeralHost(fixtures, origins=["http://127.0.0.1:8000"]) as host:
        host.url, host.secret_key, host.publishable_key, host.accounts

The database is a fresh SQLite file, migrated, with one platform (and whatever the fixture
document describes, see testkit/fixtures.py). The frontend is the shared build pointed at
this host's URL (testkit/frontend.py), served by granian in its own process group.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from balances_app.db.engine import make_engine
from balances_app.db.migrate import upgrade
from balances_app.serve import host_command, host_env
from balances_app.settings import PROJECT_ROOT
from balances_app.testkit import fixtures
from balances_app.testkit.frontend import relocated


def _die_with_parent() -> None:
    """In the host process: get SIGTERM when the process that started it dies, even by SIGKILL."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EphemeralHost:
    def __init__(self, document: Any = None, *, port: int | None = None, origins: list[str] | None = None) -> None:
        self.document = dict(document or {})
        self.port = port or free_port()
        self.url = f"http://localhost:{self.port}"
        self.origins = list(origins or [])
        self.folder = Path(tempfile.mkdtemp(prefix="balances-host-"))
        self.database_url = f"sqlite:///{self.folder / 'balances.sqlite3'}"
        self.process: subprocess.Popen[bytes] | None = None
        self.seeded: fixtures.Seeded | None = None

    # What a platform's test needs to talk to this host.
    @property
    def secret_key(self) -> str:
        assert self.seeded is not None, "the host is not started"
        return self.seeded.secret_key

    @property
    def publishable_key(self) -> str:
        assert self.seeded is not None, "the host is not started"
        return self.seeded.publishable_key

    @property
    def accounts(self) -> list[str]:
        return list(self.seeded.accounts) if self.seeded else []

    def info(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "secret_key": self.secret_key,
            "publishable_key": self.publishable_key,
            "platform": self.seeded.platform_id if self.seeded else None,
            "accounts": self.accounts,
            "database_url": self.database_url,
        }

    def start(self) -> EphemeralHost:
        upgrade(self.database_url)
        platform = {**self.document.get("platform", {})}
        platform["allowed_origins"] = [*platform.get("allowed_origins", []), *self.origins]
        engine = make_engine(self.database_url)
        try:
            self.seeded = fixtures.load(engine, {**self.document, "platform": platform}, int(time.time()))
        finally:
            engine.dispose()
        web = relocated(self.url, self.folder / "web")
        env = host_env(
            self.url,
            DATABASE_URL=self.database_url,
            BALANCES_DATA_DIR=str(self.folder),
            REFLEX_WEB_WORKDIR=str(web),
        )
        with (self.folder / "host.log").open("wb") as log:
            self.process = subprocess.Popen(
                host_command(self.port), cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )  # fmt: skip
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"the host exited early:\n{self.log()}")
            try:
                httpx.get(f"{self.url}/ping", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"the host did not come up:\n{self.log()}")

    def log(self) -> str:
        path = self.folder / "host.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> EphemeralHost:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *_exc: object) -> None:
        self.stop()
