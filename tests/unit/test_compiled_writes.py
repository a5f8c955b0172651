"""Rows written by compiled INSERTs (db/rows.py) read back through the ORM as the ORM would have written them."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from balances_app.db.engine import transaction
from balances_app.db.event_tables import Event
from balances_app.db.models import (
    BalanceTransaction,
    ConnectedAccount,
    ExternalAccount,
    IdempotencyKey,
    Payout,
    Platform,
)
from balances_app.domain import idempotency, ledger, payouts
from balances_app.domain.clock import FrozenClock
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import new_id
from balances_app.domain.payouts import PayoutRequest
from tests.factories import DAY, charge, make_account, make_platform, set_schedule

METADATA = {"order": "ß-42 ☃", "empty": "", "quote": "\"'"}


def test_a_payout_to_a_bank_account_added_in_the_same_transaction_is_booked(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    set_schedule(engine, account, "manual")
    charge(engine, account.id, 50_000, clock.now() - 3 * DAY)
    with transaction(engine, write=True) as session:
        bank = ExternalAccount(
            id=new_id("ba"),
            account_id=account.id,
            country="US",
            currency="usd",
            last4="6789",
            fingerprint=new_id("fp"),
            default_for_currency=True,
            created=clock.now(),
        )
        session.add(bank)  # pending: not flushed before the payout's INSERT refers to it
        request = PayoutRequest(1_000, "usd", destination=bank.id, metadata=METADATA)
        made = payouts.create(
            session, session.get(Platform, platform.id), session.get(ConnectedAccount, account.id), request, clock.now()
        )
        made.description = "changed after it was written"  # still saved: the row stays in the session

    with transaction(engine) as session:
        stored = session.get(Payout, made.id)
        event = session.exec(select(Event).where(Event.type == "payout.created")).one()
    assert stored is not None
    assert (stored.destination, stored.metadata_, stored.automatic) == (bank.id, METADATA, False)
    assert stored.description == "changed after it was written"
    assert event.data["object"]["id"] == made.id and event.data["object"]["metadata"] == METADATA


def test_an_idempotency_record_keeps_its_response_bytes(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    body = '{"é":"☃"}'.encode() + bytes([0, 255])
    with transaction(engine, write=True) as session:
        first = idempotency.run(session, platform.id, "", "key-1", "hash", clock.now(), lambda: (201, body))
    with transaction(engine, write=True) as session:
        again = idempotency.run(session, platform.id, "", "key-1", "hash", clock.now(), lambda: (500, b"ran twice"))
        stored = session.exec(select(IdempotencyKey)).one()
    assert (first.status, first.body, first.replayed) == (201, body, False)
    assert (again.status, again.body, again.replayed) == (201, body, True)
    assert stored.response_body == body


def test_a_refusal_after_writes_stores_the_refusal_and_undoes_the_writes(engine: Engine, clock: FrozenClock) -> None:
    """The work runs in a savepoint (said on the DBAPI cursor): a refusal undoes its rows and its ORM changes."""
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())

    def work() -> tuple[int, bytes]:
        charge_then_refuse(session, account.id, clock.now())
        raise AssertionError("unreachable")

    with transaction(engine, write=True) as session:
        refused = idempotency.run(session, platform.id, account.id, "key-2", "hash", clock.now(), work)
        kept = session.get(ConnectedAccount, account.id)
        assert kept is not None and kept.business_name == account.business_name
    assert (refused.status, refused.replayed) == (402, False)
    with transaction(engine) as session:
        assert session.exec(select(BalanceTransaction).where(BalanceTransaction.account_id == account.id)).all() == []
        assert session.get(ConnectedAccount, account.id).business_name == account.business_name  # type: ignore[union-attr]
        assert session.exec(select(IdempotencyKey.response_status)).one() == 402


def charge_then_refuse(session: Session, account_id: str, now: int) -> None:
    ledger.post(session, ledger.Entry(account_id, "charge", 5_000, "usd", now), now)
    changed = session.get(ConnectedAccount, account_id)
    assert changed is not None
    changed.business_name = "Changed, then refused"
    session.flush()
    raise StripeError("Refused after writing.", code="card_declined", status=402)
