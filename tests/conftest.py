"""Shared fixtures: a fresh migrated database per test (SQLite, or PostgreSQL in the scaled mode), a frozen clock."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before any balances_app import: the suite never touches the developer's data folder.
_SUITE_DIR = Path(tempfile.mkdtemp(prefix="balances-tests-"))
os.environ["BALANCES_DATA_DIR"] = str(_SUITE_DIR / "default")

import pytest  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from balances_app.db.engine import make_engine  # noqa: E402
from balances_app.db.throwaway_postgres import postgres_server  # noqa: E402
from balances_app.domain.clock import FrozenClock  # noqa: E402
from tests.databases import PostgresDatabases, SqliteDatabases  # noqa: E402
from tests.servers import redis_server  # noqa: E402

NOW = 1_795_000_000  # 2026-11-18T11:06:40Z, a Wednesday


@pytest.fixture(scope="session")
def suite_dir() -> Path:
    return _SUITE_DIR


SCALED = os.environ.get("BALANCES_TEST_SCALED") == "1"  # run on PostgreSQL and Redis


@pytest.fixture(scope="session")
def databases(suite_dir: Path) -> Iterator[SqliteDatabases | PostgresDatabases]:
    if not SCALED:
        yield SqliteDatabases(suite_dir)
        return
    with postgres_server() as url:
        yield PostgresDatabases(url)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str | None]:
    """A throwaway Redis for Reflex's state in the scaled mode; None otherwise."""
    if not SCALED:
        yield None
        return
    with redis_server() as url:
        yield url


@pytest.fixture
def engine(databases: SqliteDatabases | PostgresDatabases) -> Iterator[Engine]:
    engine = make_engine(databases.migrated())
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SUITE_DIR, ignore_errors=True)
