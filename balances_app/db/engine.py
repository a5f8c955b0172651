"""The database engine and transactions.

SQLite allows one writer: a transaction that reads then writes must start with
BEGIN IMMEDIATE, or it can fail with SQLITE_BUSY whatever the timeout. Writers ask
for `transaction(write=True)`; on PostgreSQL the same call is a plain transaction and
money movement takes row locks instead (see ledger.lock_account). The API's writes go
through `run_write`: on SQLite one thread per process commits several requests together.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from typing import Any, TypeVar

from anyio import to_thread
from sqlalchemy import Engine, Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable
from sqlmodel import Session, SQLModel, create_engine

from balances_app.db import rows
from balances_app.db.group_commit import GroupCommit
from balances_app.db.raw import RawReader
from balances_app.db.read_memo import memo_of
from balances_app.settings import settings

_BEGIN_MODE = "balances_begin"


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return _plain_savepoints(create_engine(url, pool_pre_ping=True))
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

    return _plain_savepoints(engine)


def _plain_savepoints(engine: Engine) -> Engine:
    """SAVEPOINT, RELEASE and ROLLBACK TO said on the DBAPI cursor, as both dialects spell them.

    SQLAlchemy compiles a clause object for each (a nested transaction, as `idempotency.run`
    opens around each request's work, cost ~80 µs of a payout); the ORM's bookkeeping of the
    nested transaction is unchanged.
    """
    dialect = engine.dialect
    quote = dialect.identifier_preparer.quote

    def saying(sql: str) -> Callable[[Any, str], None]:
        def say(connection: Any, name: str) -> None:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(sql + quote(name))
            finally:
                cursor.close()

        return say

    dialect.do_savepoint = saying("SAVEPOINT ")  # type: ignore[method-assign]
    dialect.do_release_savepoint = saying("RELEASE SAVEPOINT ")  # type: ignore[method-assign]
    dialect.do_rollback_to_savepoint = saying("ROLLBACK TO SAVEPOINT ")  # type: ignore[method-assign]
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
        connection = session.connection()
        if connection.get_execution_options().get(_BEGIN_MODE) != "IMMEDIATE":  # BEGIN IMMEDIATE holds it already
            connection.exec_driver_sql("UPDATE platforms SET id = id WHERE 0")


M = TypeVar("M", bound=SQLModel)


def locked_row(session: Session, model: type[M], key: str, skip_locked: bool = False) -> M | None:
    """The row with this primary key, locked until the transaction ends (call `hold_write_lock` first).

    PostgreSQL: SELECT ... FOR UPDATE (SKIP LOCKED: None when another transaction holds it).
    SQLite has no row locks: the database's write lock, which the caller holds, covers every row,
    so a row this transaction has already read is not read again.
    """
    if is_sqlite(session):
        return rows.get(session, model, key)
    return rows.get_for_update(session, model, key, skip_locked)


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


_ON_CONFLICT: dict[tuple[str, str, str | None], Executable] = {}


def _insert_on_conflict(session: Session, table: Table, values: dict[str, Any], adding: str | None) -> None:
    """INSERT ... ON CONFLICT (primary key): DO UPDATE adding `values[adding]` to the row, or DO NOTHING.

    Both dialects say it the same way, from different SQLAlchemy modules; the statement is built
    once per dialect, table and column.
    """
    reader = RawReader.within(session)
    key = (reader.dialect.name, table.name, adding)
    statement = _ON_CONFLICT.get(key)
    if statement is None:
        insert = (sqlite if key[0] == "sqlite" else postgresql).insert(table)
        index = list(table.primary_key.columns)
        statement = (
            insert.on_conflict_do_nothing(index_elements=index)
            if adding is None
            else insert.on_conflict_do_update(
                index_elements=index, set_={adding: table.c[adding] + insert.excluded[adding]}
            )
        )
        _ON_CONFLICT[key] = statement
    reader.run(statement, **values)


def add_to_row(session: Session, table: Table, values: dict[str, Any], column: str) -> None:
    """Insert the row, or add `values[column]` to the row with its primary key: one statement."""
    _insert_on_conflict(session, table, values, adding=column)


def insert_if_absent(session: Session, table: Table, values: dict[str, Any]) -> None:
    """Insert the row unless one with its primary key exists.

    On PostgreSQL a concurrent insert of the same key waits for the other transaction and then
    does nothing, so two first uses of one key both go on to find (and lock) the one row.
    """
    _insert_on_conflict(session, table, values, adding=None)


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


async def run_write(work: Callable[[Session], T], engine: Engine) -> T:
    """A write transaction for async callers (the API): it returns once the transaction is committed.

    SQLite: through the process's group commit (db/group_commit.py). Others: on a worker thread,
    where PostgreSQL's row locks let several writers run at once, again when it says to retry.
    """
    if engine.dialect.name == "sqlite":
        return await _group_commit(engine, work)
    return await to_thread.run_sync(run_transaction, work, engine, True)


async def _group_commit(engine: Engine, work: Callable[[Any], T]) -> T:
    """SQLite: the process's writer for this database, under its writers' lock, beginning IMMEDIATE."""
    return await GroupCommit.run(engine, work, _writer_of)


def _writer_of(engine: Engine) -> tuple[threading.RLock, Engine]:
    """What a new group commit writer needs: the process's writers' lock, and the engine beginning IMMEDIATE."""
    return _writers_of(engine), engine.execution_options(**{_BEGIN_MODE: "IMMEDIATE"})


@contextmanager
def read_snapshot(engine: Engine | None = None) -> Iterator[RawReader]:
    """A read-only transaction, ended by a rollback: it can never write.

    SQLite: on the thread's own connection, answered from what it read before until anything
    commits (db/read_memo.py). PostgreSQL: a pooled connection.
    """
    engine = engine or get_engine()
    if engine.dialect.name == "sqlite":
        memo = memo_of(engine)
        reader = memo.reader(engine.dialect)
        try:
            yield reader
        finally:
            memo.end(reader)
        return
    connection = engine.raw_connection()
    try:
        yield RawReader(engine.dialect, connection.cursor())
    finally:
        connection.rollback()
        connection.close()
