"""SQLite's group commit: several API writes to one commit, each answered only after that commit.

What a client is told happened must be in the database (it must survive kill -9, see
tests/api/test_kill_mid_burst.py); a request refused inside a batch must undo only itself;
and when the batch's commit fails, no request of it may be answered as done.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from balances_app.db.engine import _writers_of, make_engine, run_write, transaction
from balances_app.db.group_commit import GroupCommit
from balances_app.db.migrate import upgrade
from balances_app.db.models import Platform
from balances_app.domain.errors import StripeError
from balances_app.domain.platforms import create_platform
from tests.servers import wait_until

NOW = 1_795_000_000


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def new_platform(name: str, refuse: bool = False) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        platform, _ = create_platform(
            session, name=name, country="US", default_currency="usd", allowed_origins=[], now=NOW
        )
        if refuse:  # refused after writing: its row must not survive
            raise StripeError("refused on purpose", code="parameter_invalid")
        return platform.id

    return work


def names(engine: Engine) -> set[str]:
    with transaction(engine) as session:
        return set(session.exec(select(Platform.name)).all())


def in_one_batch(engine: Engine, works: list[Callable[[Session], Any]]) -> list[Any]:
    """Queue every write while the writer waits for the database, so they share commits.

    The writer may take the first write alone before the others arrive: at most two commits.
    """
    queued = threading.Event()

    async def send() -> list[Any]:
        requests = [asyncio.ensure_future(run_write(work, engine)) for work in works]
        await asyncio.sleep(0)  # every request has run up to its wait for the commit: all are queued
        queued.set()
        return await asyncio.gather(*requests, return_exceptions=True)

    loop_thread = ThreadPoolExecutor(1)
    writers = _writers_of(engine)
    with writers:
        answers = loop_thread.submit(asyncio.run, send())
        wait_until(queued.is_set, "every write is queued")
    try:
        return answers.result(timeout=60)
    finally:
        loop_thread.shutdown()


def in_a_thread(coroutine: Any) -> Any:
    """asyncio.run on a thread of its own: in the whole suite, Playwright's sync API owns this thread's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_write_is_answered_after_its_commit(sqlite_engine: Engine) -> None:
    order: list[str] = []
    event.listen(sqlite_engine, "commit", lambda _connection: order.append("commit"))

    async def request() -> str:
        platform_id = await run_write(
            lambda session: (new_platform("Acme")(session), order.append("work"))[0], sqlite_engine
        )
        order.append("answered")
        return platform_id

    assert in_a_thread(request()).startswith("acct_")
    assert order == ["work", "commit", "answered"]
    assert names(sqlite_engine) == {"Acme"}


def test_a_refused_write_in_a_batch_undoes_only_itself(sqlite_engine: Engine) -> None:
    commits: list[int] = []
    event.listen(sqlite_engine, "commit", lambda _connection: commits.append(1))
    works = [new_platform(f"P{i}", refuse=i == 7) for i in range(30)]

    answers = in_one_batch(sqlite_engine, works)

    assert len(commits) <= 2, "the writes should share commits"  # the first may have been taken alone
    assert isinstance(answers[7], StripeError)
    assert all(isinstance(answer, str) for i, answer in enumerate(answers) if i != 7)
    assert names(sqlite_engine) == {f"P{i}" for i in range(30) if i != 7}


def test_when_the_commit_fails_no_write_of_the_batch_is_answered_as_done(sqlite_engine: Engine) -> None:
    def fail(_connection: object) -> None:
        raise OSError("disk full")

    event.listen(sqlite_engine, "commit", fail)
    answers = in_one_batch(sqlite_engine, [new_platform(f"P{i}") for i in range(5)])
    event.remove(sqlite_engine, "commit", fail)

    assert all(isinstance(answer, OSError) for answer in answers)
    assert names(sqlite_engine) == set()


def test_a_write_after_the_idle_writer_left_is_served_by_a_new_one(sqlite_engine: Engine) -> None:
    assert in_a_thread(run_write(new_platform("First"), sqlite_engine)).startswith("acct_")
    wait_until(lambda: id(sqlite_engine) not in GroupCommit._running, "the idle writer leaves", timeout=30)

    assert in_a_thread(run_write(new_platform("Second"), sqlite_engine)).startswith("acct_")
    assert names(sqlite_engine) == {"First", "Second"}
