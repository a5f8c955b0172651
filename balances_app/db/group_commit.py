"""SQLite's group commit: one thread per database and process runs the API's writes, several to a commit.

SQLite has one writer: forty threads taking turns at it spent most of their time waiting and
handing the lock (and the GIL) to each other. `engine.run_write` sends SQLite's writes here; the
dialect decision stays in `engine`.
"""

from __future__ import annotations

import asyncio
import contextvars
import queue
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlmodel import Session

T = TypeVar("T")
Job = tuple[Callable[[Session], Any], "asyncio.Future[Any]", contextvars.Context]
Outcome = tuple["asyncio.Future[Any]", Any, BaseException | None]  # a request's answer: its value or its error


class GroupCommit:
    """SQLite's writes from one process, run by one thread, several requests to a commit.

    SQLite has one writer: forty threads taking turns at it spent most of their time waiting
    and handing the lock (and the GIL) to each other. Here the requests queue; one thread takes
    what has queued (up to MAX_BATCH), runs each in its own SAVEPOINT of one IMMEDIATE
    transaction (a request that raises rolls back to its savepoint alone, as it would have
    rolled back alone), then commits them together. Each caller is answered only after that
    commit, so anything acknowledged is in the database (and survives kill -9); if the commit
    fails, every request of the batch gets the error and none is acknowledged. The thread
    leaves after IDLE_SECONDS without work (tests make many databases).
    """

    MAX_BATCH = 32
    IDLE_SECONDS = 2.0
    _running: dict[int, GroupCommit] = {}
    _registry = threading.Lock()

    def __init__(self, engine: Engine, writers: threading.RLock, immediate: Engine) -> None:
        self.engine = engine
        self.writers = writers  # the process's lock on the database's one writer (engine._writers_of)
        self.immediate = immediate  # the engine, beginning its transactions with BEGIN IMMEDIATE
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()

    @classmethod
    async def run(
        cls,
        engine: Engine,
        work: Callable[[Session], T],
        writer_of: Callable[[Engine], tuple[threading.RLock, Engine]],
    ) -> T:
        """Queue `work` for the engine's writer (started, from `writer_of`, if none serves it); wait for its commit."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        with cls._registry:  # with the writer's decision to leave: never into a queue nobody serves
            writer = cls._running.get(id(engine))
            if writer is None or writer.engine is not engine:
                writer = cls._running[id(engine)] = cls(engine, *writer_of(engine))
                threading.Thread(target=writer._serve, name="sqlite-group-commit", daemon=True).start()
            writer.jobs.put((work, future, contextvars.copy_context()))
        return await future

    def _serve(self) -> None:
        connection: Connection | None = None  # kept from batch to batch while the writer lives
        try:
            while True:
                try:
                    batch = [self._await_job()]
                except queue.Empty:
                    with self._registry:
                        if self.jobs.empty():
                            if self._running.get(id(self.engine)) is self:
                                del self._running[id(self.engine)]
                            return
                    continue
                while len(batch) < self.MAX_BATCH:
                    try:
                        batch.append(self.jobs.get_nowait())
                    except queue.Empty:
                        break
                connection = self._commit(batch, connection)
        finally:
            if connection is not None:
                connection.close()

    def _await_job(self) -> Job:
        """Idle until a request queues (its own frame, so profiles can leave the waiting out)."""
        return self.jobs.get(timeout=self.IDLE_SECONDS)

    def _commit(self, batch: list[Job], connection: Connection | None) -> Connection | None:
        """Run and commit one batch; the connection to use for the next (a new one after a failure)."""
        outcomes: list[Outcome] = []
        try:
            with self.writers:
                connection = connection or self.immediate.connect()
                with connection.begin():
                    for work, future, context in batch:
                        try:
                            outcomes.append((future, context.run(self._one, work, connection), None))
                        except Exception as error:  # refused: only its savepoint was rolled back
                            outcomes.append((future, None, error))
        except Exception as error:  # the commit (or BEGIN) failed: nothing of the batch happened
            outcomes = [(future, None, error) for _, future, _ in batch]
            if connection is not None:
                connection.close()
            connection = None
        by_loop: dict[asyncio.AbstractEventLoop, list[Outcome]] = {}
        for outcome in outcomes:
            by_loop.setdefault(outcome[0].get_loop(), []).append(outcome)
        for loop, answers in by_loop.items():  # one wake-up of each event loop per batch, not one per request
            with suppress(RuntimeError):  # the event loop has closed: nobody is waiting for these answers
                loop.call_soon_threadsafe(_settle, answers)
        return connection

    @staticmethod
    def _one(work: Callable[[Session], T], connection: Connection) -> T:
        """One request in its own SAVEPOINT, said to SQLite directly.

        SQLAlchemy's nested transaction compiled and tracked each SAVEPOINT and RELEASE: a
        quarter of an account session's time. The ORM session joins the batch's transaction
        in "rollback_only" mode: its commit is a flush (the batch commits once, later) and a
        failed request is undone here, to its savepoint, never the batch's other requests.
        """
        cursor = connection.connection.cursor()
        cursor.execute("SAVEPOINT request")
        try:
            with Session(connection, join_transaction_mode="rollback_only", expire_on_commit=False) as session:
                result = work(session)
                session.commit()
        except BaseException:
            cursor.execute("ROLLBACK TO request")
            cursor.execute("RELEASE request")
            raise
        cursor.execute("RELEASE request")
        return result


def _settle(outcomes: list[Outcome]) -> None:
    for future, value, error in outcomes:
        if future.cancelled():  # the client went away; its work committed (or not) all the same
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)
