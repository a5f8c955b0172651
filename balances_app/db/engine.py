"""The database engine and transactions.

SQLite allows one writer: a transaction that reads then writes must start with
BEGIN IMMEDIATE, or it can fail with SQLITE_BUSY whatever the timeout. Writers ask
for `transaction(write=True)`; on PostgreSQL the same call is a plain transaction and
money movement takes row locks instead (see ledger.lock_account).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from balances_app.settings import settings

_BEGIN_MODE = "balances_begin"


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_MODE, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


@cache
def get_engine() -> Engine:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.resolved_database_url)


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def hold_write_lock(session: Session) -> None:
    """SQLite has one writer and no row locks: make sure this transaction holds the write lock.

    A write statement that touches no row still takes SQLite's write lock (or waits for it, or
    fails if this transaction read a snapshot that another writer has since changed), so
    whoever calls the ledger, its checks and its writes see the same state.
    """
    if is_sqlite(session):
        session.connection().exec_driver_sql("UPDATE platforms SET id = id WHERE 0")


def try_lock_name(session: Session, name: str) -> bool:
    """A lock on an arbitrary name until this transaction ends: False when another transaction holds it.

    PostgreSQL: a transaction-scoped advisory lock (released by commit, rollback or a dead
    connection). SQLite: the database's write lock, which a second writer waits for instead.
    """
    if is_sqlite(session):
        hold_write_lock(session)
        return True
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
    return bool(session.connection().execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar())


# PostgreSQL's "serialization failure" and "deadlock detected": the transaction did nothing and can run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
ATTEMPTS = 5
T = TypeVar("T")


def run_transaction(work: Callable[[Session], T], engine: Engine | None = None, write: bool = False) -> T:
    """Run `work` in one transaction, again from the start when PostgreSQL says it must be retried."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction(engine, write=write) as session:
                return work(session)
        except DBAPIError as error:
            if attempt == ATTEMPTS or getattr(error.orig, "sqlstate", None) not in RETRYABLE_SQLSTATES:
                raise
    raise AssertionError("unreachable")


@contextmanager
def transaction(engine: Engine | None = None, write: bool = False) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back everything on any error."""
    engine = engine or get_engine()
    if write:
        engine = engine.execution_options(**{_BEGIN_MODE: "IMMEDIATE"})
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
