"""SQLite's hot reads: a connection of the thread's own, and what it read remembered until anything commits.

GET /v1/balance is three indexed lookups (the key's platform, the account, its running totals),
and an in-memory fake answers it from a dict. Here the rows read are remembered too, and
`PRAGMA data_version` says when they may no longer be: its value changes for a connection
whenever any other connection, of this process or of another worker, has committed to the
database. Our read connection never writes, so every commit anywhere (a payout, a revoked or
rotated key, a new account) empties the memo before the next read: nothing is served that a
commit has changed, on any worker, and there is no expiry to tune. One statement checks it,
where a read used to cost five (BEGIN, three SELECTs, ROLLBACK).

The memo holds what was found, never a miss (a made-up key or account is read again each
time, so guessing fills nothing), and is emptied whole when it grows past MAX_ROWSETS.
PostgreSQL has no such counter: its reads use a pooled connection and no memo (engine.py).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy import Dialect, Engine
from sqlalchemy.sql import Executable

from balances_app.db.raw import RawReader

MAX_ROWSETS = 10_000


class ReadMemo:
    """One thread's SQLite connection for reads, and the row sets read on it since the last commit seen."""

    def __init__(self, engine: Engine) -> None:
        self.pool = engine.pool
        self.connection = engine.raw_connection()  # configured by the engine's connect event
        self.connection.detach()  # ours for the thread's life: the pool neither counts nor resets it
        self.version: int | None = None
        self.rowsets: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}

    def reader(self, dialect: Dialect) -> MemoReader:
        """A reader for one request, after emptying the memo if anything has committed since the last."""
        cursor = self.connection.cursor()
        cursor.execute("PRAGMA data_version")
        version = cursor.fetchone()[0]
        if version != self.version or len(self.rowsets) > MAX_ROWSETS:
            self.rowsets.clear()
            self.version = version
        return MemoReader(dialect, cursor, self.rowsets)

    def end(self, reader: MemoReader) -> None:
        if reader.begun:
            self.connection.rollback()


class MemoReader(RawReader):
    """A read-only reader that answers from the memo, and begins a snapshot only when it must read."""

    def __init__(self, dialect: Dialect, cursor: Any, rowsets: dict[tuple[Any, ...], list[tuple[Any, ...]]]) -> None:
        super().__init__(dialect, cursor)
        self.rowsets = rowsets
        self.begun = False

    def rows(self, statement: Executable, **values: Any) -> list[tuple[Any, ...]]:
        key = (id(statement), *values.items())
        found = self.rowsets.get(key)
        if found is None:
            found = super().rows(statement, **values)
            if found:
                self.rowsets[key] = found
        return found

    def run(self, statement: Executable, **values: Any) -> None:
        """Every statement runs in the snapshot, which ends in a rollback: nothing here can write."""
        if not self.begun:
            self.cursor.execute("BEGIN")  # autocommit is off at connect (engine.make_engine)
            self.begun = True
        super().run(statement, **values)


class _PerThread(threading.local):
    """Each thread's memo per engine; a disposed engine (a new pool) gets a new connection."""

    def __init__(self) -> None:
        self.memos: weakref.WeakKeyDictionary[Engine, ReadMemo] = weakref.WeakKeyDictionary()

    def of(self, engine: Engine) -> ReadMemo:
        memo = self.memos.get(engine)
        if memo is None or memo.pool is not engine.pool:
            if memo is not None:
                memo.connection.close()
            memo = self.memos[engine] = ReadMemo(engine)
        return memo


memo_of = _PerThread().of
