"""The database engine and transactions.

SQLite allows one writer: a transaction that reads then writes must start with
BEGIN IMMEDIATE, or it can fail with SQLITE_BUSY whatever the timeout. Writers ask
for `transaction(write=True)`; on PostgreSQL the same call is a plain transaction and
money movement takes row locks instead (see ledger.lock_account).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Dialect, Engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable
from sqlmodel import Session, create_engine

from balances_app.settings import settings

_BEGIN_MODE = "balances_begin"


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    # One connection per thread that may use it (AnyIO runs sync routes on up to 40), kept open:
    # opening and configuring a SQLite connection costs more than the query it serves.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=40, max_overflow=0)

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


# SQLite has one writer. Threads of one process that all ask for BEGIN IMMEDIATE at once meet in
# SQLite's busy handler, which sleeps and polls: under load, half the time went there. Writers of a
# process queue on this lock instead and are woken the moment the writer before them commits;
# other processes still meet in the busy handler, one writer each.
_sqlite_writers: dict[str, threading.RLock] = {}


def _writers_of(engine: Engine) -> threading.RLock:
    """The queue of one SQLite database's writers in this process (one lock per file)."""
    key = str(engine.url)
    writers = _sqlite_writers.get(key)  # a new lock only for a database not seen before
    return writers if writers is not None else _sqlite_writers.setdefault(key, threading.RLock())


@contextmanager
def transaction(engine: Engine | None = None, write: bool = False) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back everything on any error."""
    engine = engine or get_engine()
    if not write:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
        return
    writers = _writers_of(engine) if engine.dialect.name == "sqlite" else nullcontext()
    immediate = engine.execution_options(**{_BEGIN_MODE: "IMMEDIATE"})
    with writers, Session(immediate, expire_on_commit=False) as session, session.begin():
        yield session


class RawReader:
    """Core statements, compiled once per dialect, run on a bare DBAPI cursor.

    The hot read paths (GET /v1/balance, authentication) spend most of their time in the ORM's
    per-query machinery, not in the database: a pooled DBAPI cursor answers the same indexed
    lookup in a twentieth of the time. Statements stay SQLAlchemy Core, so the SQL text and the
    dialect's parameter style come from SQLAlchemy and this file holds the only difference.
    """

    _compiled: dict[tuple[str, int], tuple[Executable, str, tuple[str, ...] | None]] = {}

    def __init__(self, dialect: Dialect, cursor: Any) -> None:
        self.dialect = dialect
        self.cursor = cursor

    def rows(self, statement: Executable, **values: Any) -> list[tuple[Any, ...]]:
        key = (self.dialect.name, id(statement))
        if key not in self._compiled:
            compiled = statement.compile(dialect=self.dialect)
            positions = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
            self._compiled[key] = (statement, str(compiled), positions)
        _, sql, positions = self._compiled[key]
        self.cursor.execute(sql, tuple(values[name] for name in positions) if positions else values)
        return self.cursor.fetchall()


@contextmanager
def read_snapshot(engine: Engine | None = None) -> Iterator[RawReader]:
    """A read-only transaction on a pooled connection, ended by a rollback: it can never write."""
    engine = engine or get_engine()
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN")  # autocommit is off at connect (see make_engine): one snapshot for all reads
        yield RawReader(engine.dialect, cursor)
    finally:
        connection.rollback()
        connection.close()
