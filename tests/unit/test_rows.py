"""Rows built and loaded without the ORM's machinery (db/rows.py) behave as the ORM's own rows.

The payout path reads its platform, account and bank account this way and builds its new rows
this way: a change made to a loaded row must still be saved, the session's own (changed) copy
must win over the database's, and column types (JSON, booleans) must come back as the ORM
gives them.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from balances_app.db import rows
from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout, Platform
from balances_app.domain.clock import FrozenClock
from tests.factories import bank_account, make_account, make_platform

PAYOUT = {
    "id": "po_rows",
    "account_id": "acct_rows",
    "amount": 1_000,
    "currency": "usd",
    "arrival_date": 10,
    "automatic": False,
    "method": "standard",
    "status": "pending",
    "type": "bank_account",
    "destination": "ba_rows",
    "created": 1,
}


def test_a_loaded_row_is_the_orms_row_and_its_changes_are_saved(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now(), origins=("https://a.example", "https://b.example"))
    account = make_account(engine, platform, clock.now())
    with transaction(engine, write=True) as session:
        loaded = rows.get(session, Platform, platform.id)
        assert loaded is not None
        assert loaded.allowed_origins == ["https://a.example", "https://b.example"]  # JSON, not its text
        assert session.get(Platform, platform.id) is loaded  # in the identity map, as if the ORM had loaded it
        mine = rows.get(session, ConnectedAccount, account.id)
        assert mine is not None
        mine.business_name = "Renamed"
    with Session(engine) as session:
        assert session.get(ConnectedAccount, account.id).business_name == "Renamed"  # type: ignore[union-attr]


def test_the_sessions_own_changed_copy_wins_over_the_database(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    with transaction(engine, write=True) as session:
        held = session.get(ConnectedAccount, account.id)
        assert held is not None
        held.business_name = "Not yet flushed"
        assert rows.get(session, ConnectedAccount, account.id) is held
        statement = rows.whole(ConnectedAccount).where(ConnectedAccount.id == account.id)
        assert rows.first(session, ConnectedAccount, statement) is held
        assert held.business_name == "Not yet flushed"


def test_booleans_come_back_as_booleans_and_missing_rows_as_none(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    bank = bank_account(engine, account)
    with transaction(engine) as session:
        loaded = rows.get(session, ExternalAccount, bank.id)
        assert loaded is not None and loaded.default_for_currency is True
        assert rows.get(session, ExternalAccount, "ba_none") is None


def test_a_new_row_has_what_the_constructor_gives_and_its_own_defaults(engine: Engine, clock: FrozenClock) -> None:
    built, constructed = rows.new_row(Payout, **PAYOUT), Payout(**PAYOUT)
    assert built.model_dump() == constructed.model_dump()
    other = rows.new_row(Payout, **PAYOUT)
    built.metadata_["order"] = "42"
    assert other.metadata_ == {}  # each row gets its own default, not a shared one
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    bank = bank_account(engine, account)
    mine = {"account_id": account.id, "destination": bank.id, "metadata_": {"a": "b"}}
    with transaction(engine, write=True) as session:
        session.add(rows.new_row(Payout, **(PAYOUT | mine)))
    with Session(engine) as session:
        stored = session.exec(select(Payout).where(Payout.id == "po_rows")).one()
        assert (stored.amount, stored.metadata_, stored.fee) == (1_000, {"a": "b"}, 0)


def test_a_row_locked_by_another_transaction_is_skipped_with_skip_locked(engine: Engine, clock: FrozenClock) -> None:
    """PostgreSQL: the due-work runner skips an account a payout holds. SQLite: one writer, so no row to skip."""
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    with transaction(engine, write=True) as holder:
        assert rows.get_for_update(holder, ConnectedAccount, account.id) is not None
        if engine.dialect.name == "postgresql":
            with Session(engine) as other:
                assert rows.get_for_update(other, ConnectedAccount, account.id, skip_locked=True) is None
                other.rollback()
    with Session(engine) as after:
        assert rows.get_for_update(after, ConnectedAccount, account.id, skip_locked=True) is not None
        after.rollback()
