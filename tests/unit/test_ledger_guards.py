"""The ledger guards itself, whoever calls it: on SQLite and on a throwaway PostgreSQL.

Through the ledger's own write path, an overdraft or a wrong sign is refused and nothing is
written; around it (raw SQL, as a careless caller or a hand-typed fix would), the database
refuses a wrong sign, a wrong net and any UPDATE or DELETE of an entry. The ledger also takes
the account's lock itself, so callers that forget to lock still cannot overdraw.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from balances_app.db.engine import make_engine, transaction
from balances_app.db.models import BalanceBucket, BalanceTransaction
from balances_app.db.throwaway_postgres import postgres_server
from balances_app.domain import ledger
from balances_app.domain.errors import StripeError
from tests.databases import PostgresDatabases, SqliteDatabases
from tests.factories import DAY, charge, make_account, make_platform

NOW = 1_795_000_000


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresDatabases]:
    with postgres_server() as url:
        yield PostgresDatabases(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def guarded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        databases: SqliteDatabases | PostgresDatabases = SqliteDatabases(tmp_path_factory.mktemp("guards"))
    else:
        databases = request.getfixturevalue("postgres")
    engine = make_engine(databases.migrated())
    yield engine
    engine.dispose()


def funded(engine: Engine, amount: int = 10_000) -> str:
    platform, _ = make_platform(engine, NOW)
    account = make_account(engine, platform, NOW)
    charge(engine, account.id, amount, NOW - 3 * DAY, available_in_days=2)
    return account.id


def entries(engine: Engine) -> list[tuple[str, int]]:
    with transaction(engine) as session:
        rows = session.exec(select(BalanceTransaction).order_by(BalanceTransaction.seq)).all()
        return [(row.type, row.amount) for row in rows]


def test_the_ledger_refuses_an_overdraft_whoever_calls_it(guarded: Engine) -> None:
    account_id = funded(guarded)
    with pytest.raises(StripeError) as refused, transaction(guarded) as session:  # no lock taken by the caller
        ledger.post(session, ledger.Entry(account_id, "payout", -10_001, "usd", NOW), NOW)
    assert refused.value.code == "balance_insufficient"
    with transaction(guarded) as session:
        ledger.post(session, ledger.Entry(account_id, "payout", -10_000, "usd", NOW), NOW)
        balance = ledger.balance(session, account_id, NOW)["usd"]
    assert balance.available_total == 0
    assert entries(guarded) == [("charge", 10_000), ("payout", -10_000)]


def test_a_later_dated_debit_cannot_overdraw_when_it_lands(guarded: Engine) -> None:
    """An instant payout that spends pending funds lands when they do: it may not take more than arrives."""
    account_id = funded(guarded, amount=1_000)
    with transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, "charge", 500, "usd", NOW + DAY), NOW)
    with pytest.raises(StripeError), transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, "payout", -1_600, "usd", NOW + DAY), NOW)
    with transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, "payout", -1_500, "usd", NOW + DAY), NOW)
    # The funds are now spoken for: a standard payout of what is available today would overdraw tomorrow.
    with pytest.raises(StripeError), transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, "payout", -100, "usd", NOW), NOW)
    with transaction(guarded) as session:
        assert ledger.verify(session, NOW + 2 * DAY) == []


def test_refunds_and_disputes_may_take_a_balance_negative(guarded: Engine) -> None:
    account_id = funded(guarded, amount=1_000)
    with transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, "adjustment", -5_000, "usd", NOW), NOW)
        assert ledger.balance(session, account_id, NOW)["usd"].available_total == -4_000


@pytest.mark.parametrize(
    ("kind", "amount", "fee"),
    [
        ("charge", -100, 0),
        ("payout", 100, 0),
        ("refund", 100, 0),
        ("topup", -5, 0),
        ("adjustment", 0, 0),
        ("charge", 100, -3),
        ("mystery", 100, 0),
    ],
)
def test_the_ledger_refuses_a_wrong_sign(guarded: Engine, kind: str, amount: int, fee: int) -> None:
    account_id = funded(guarded)
    with pytest.raises(ValueError), transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, kind, amount, "usd", NOW, fee=fee), NOW)
    assert entries(guarded) == [("charge", 10_000)]


def test_the_ledger_refuses_a_made_up_currency(guarded: Engine) -> None:
    account_id = funded(guarded)
    with pytest.raises(ValueError), transaction(guarded, write=True) as session:
        ledger.post(session, ledger.Entry(account_id, "charge", 100, "dollars", NOW), NOW)
    assert entries(guarded) == [("charge", 10_000)]


RAW_INSERT = (
    "INSERT INTO balance_transactions (id, account_id, type, amount, fee, net, currency, source_type, available_on, "
    "instant_available_on, created, reporting_category, fee_details) "
    "VALUES (:id, :account, :type, :amount, :fee, :net, 'usd', 'card', :now, :now, :now, 'x', '[]')"
)


@pytest.mark.parametrize(
    ("kind", "amount", "fee", "net"),
    [
        ("payout", 500, 0, 500),
        ("charge", -500, 0, -500),
        ("charge", 500, 20, 500),
        ("charge", 500, -1, 501),
        ("refund", 0, 0, 0),
        ("bonus", 500, 0, 500),
    ],
)
def test_the_database_refuses_what_the_ledger_would(
    guarded: Engine, kind: str, amount: int, fee: int, net: int
) -> None:
    account_id = funded(guarded)
    params = {"id": "txn_raw", "account": account_id, "type": kind, "amount": amount, "fee": fee, "net": net}
    with pytest.raises(DBAPIError), transaction(guarded, write=True) as session:
        session.execute(text(RAW_INSERT), params | {"now": NOW})
    assert entries(guarded) == [("charge", 10_000)]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE balance_transactions SET amount = amount + 1, net = net + 1",
        "UPDATE balance_transactions SET description = 'edited'",
        "DELETE FROM balance_transactions",
    ],
)
def test_entries_can_be_neither_updated_nor_deleted(guarded: Engine, statement: str) -> None:
    funded(guarded)
    with pytest.raises(DBAPIError) as refused, transaction(guarded, write=True) as session:
        session.execute(text(statement))
    assert "append-only" in str(refused.value)
    assert entries(guarded) == [("charge", 10_000)]


def test_an_orm_edit_of_an_entry_is_refused_too(guarded: Engine) -> None:
    funded(guarded)
    with pytest.raises(DBAPIError), transaction(guarded, write=True) as session:
        row = session.exec(select(BalanceTransaction)).one()
        row.amount, row.net = 1, 1
        session.add(row)
    with pytest.raises(DBAPIError), transaction(guarded, write=True) as session:
        session.delete(session.exec(select(BalanceTransaction)).one())
    assert entries(guarded) == [("charge", 10_000)]


def _another_writer_can_lock(engine: Engine, account_id: str) -> bool:
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()
    with engine.connect() as other:
        try:
            other.execute(
                text("SELECT id FROM connected_accounts WHERE id = :id FOR UPDATE NOWAIT"), {"id": account_id}
            )
            return True
        except DBAPIError:
            return False
        finally:
            other.rollback()


def test_posting_takes_the_account_lock_itself(guarded: Engine) -> None:
    account_id = funded(guarded)
    assert _another_writer_can_lock(guarded, account_id)
    with transaction(guarded) as session:  # a plain transaction: the caller takes no lock
        ledger.post(session, ledger.Entry(account_id, "payout", -100, "usd", NOW), NOW)
        assert not _another_writer_can_lock(guarded, account_id)
    assert _another_writer_can_lock(guarded, account_id)


def test_callers_that_forget_to_lock_still_cannot_overdraw(guarded: Engine) -> None:
    account_id = funded(guarded, amount=2_050)  # room for 20 debits of 100, not 21

    def debit(_: int) -> bool:
        try:
            with transaction(guarded) as session:
                ledger.post(session, ledger.Entry(account_id, "payout", -100, "usd", NOW), NOW)
            return True
        except StripeError:
            return False

    with ThreadPoolExecutor(8) as pool:
        booked = sum(pool.map(debit, range(40)))
    with transaction(guarded) as session:
        assert ledger.verify(session, NOW) == []
        assert ledger.balance(session, account_id, NOW)["usd"].available_total == 50
        buckets = session.exec(select(func.sum(BalanceBucket.amount))).one()
    assert booked == 20 and buckets == 50
