"""The component's dialogs use the API's idempotency protocol: one key pays once, and the stored
result is a code and its parameters, worded in the viewer's language only when shown."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from balances_app.db import engine as db_engine
from balances_app.db.engine import transaction
from balances_app.db.models import IdempotencyKey, Payout
from balances_app.domain import ledger
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.errors import StripeError
from balances_app.ui import actions
from balances_app.ui.phrases import render
from balances_app.ui.refusals import refusal
from tests.factories import DAY, bank_account, make_account, make_platform, set_schedule


@pytest.fixture
def claimed(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> ClaimedSession:
    """A claimed session for a manual-schedule account with $500.00 available, on the real clock as the UI is."""
    monkeypatch.setattr(db_engine, "get_engine", lambda: engine)
    now = int(time.time())
    platform, _ = make_platform(engine, now)
    account = make_account(engine, platform, now)
    set_schedule(engine, account, "manual")
    bank_account(engine, account)
    with transaction(engine, write=True) as session:
        ledger.post(session, ledger.Entry(account.id, "charge", 50_000, "usd", now - DAY), now - 3 * DAY)
    components = {"balances": {"enabled": True, "features": {"standard_payouts": True}}}
    return ClaimedSession("accs_test", platform.id, account.id, components, now + 1800)


def payouts_of(engine: Engine, account_id: str) -> list[Payout]:
    with transaction(engine) as session:
        return list(session.exec(select(Payout).where(Payout.account_id == account_id)).all())


def test_a_double_submit_pays_once_and_both_see_the_same_outcome(engine: Engine, claimed: ClaimedSession) -> None:
    first = actions.execute(claimed, "standard", "usd", 10_000, "", "dialog-key-1")
    second = actions.execute(claimed, "standard", "usd", 10_000, "", "dialog-key-1")
    assert first == second and first.code == "payout_created"
    assert [p.id for p in payouts_of(engine, claimed.account_id)] == [first.object_id]
    assert render(actions.notice(first), "en_US") == "Payout of $100.00 is on its way."
    assert render(actions.notice(first), "de_DE") == "Auszahlung über 100,00\xa0$ ist unterwegs."


def test_what_is_stored_is_a_code_and_parameters_not_words(engine: Engine, claimed: ClaimedSession) -> None:
    outcome = actions.execute(claimed, "standard", "usd", 2_500, "", "dialog-key-2")
    with transaction(engine) as session:
        record = session.exec(select(IdempotencyKey).where(IdempotencyKey.key == "dialog-key-2")).one()
    stored = json.loads(record.response_body or b"")
    assert stored == {"code": "payout_created", "object_id": outcome.object_id, "amount": 2_500, "currency": "usd"}


def test_simultaneous_submits_with_one_key_pay_once(engine: Engine, claimed: ClaimedSession) -> None:
    def submit(_: int) -> actions.Outcome | str:
        try:
            return actions.execute(claimed, "standard", "usd", 1_000, "", "dialog-key-3")
        except StripeError as error:
            return refusal(error, "en_US")

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(submit, range(12)))
    made = payouts_of(engine, claimed.account_id)
    assert len(made) == 1
    in_use = "This request is already going through. Wait a moment, then look at your payouts."
    assert all(r == in_use or (isinstance(r, actions.Outcome) and r.object_id == made[0].id) for r in results)


def test_a_refusal_is_replayed_and_a_new_dialog_can_try_again(engine: Engine, claimed: ClaimedSession) -> None:
    for _ in range(2):
        with pytest.raises(StripeError) as refused:
            actions.execute(claimed, "standard", "usd", 90_000, "", "dialog-key-4")
        assert refused.value.code == "balance_insufficient"
    with pytest.raises(StripeError) as other:
        actions.execute(claimed, "standard", "usd", 100, "", "dialog-key-4")
    assert other.value.code == "idempotency_error"
    assert actions.execute(claimed, "standard", "usd", 40_000, "", "dialog-key-5").amount == 40_000
    assert len(payouts_of(engine, claimed.account_id)) == 1
