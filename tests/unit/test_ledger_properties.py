"""Property-based: under any sequence of money movements and clock moves, the ledger holds.

Driven through the real API (in process), so idempotency keys, locks and rules are the ones
platforms use. After every step: running totals equal a recomputation from all entries, the
available balance never goes below zero, and every idempotency key moved money once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlmodel import func, select
from starlette.testclient import TestClient

from balances_app.api.app import create_api
from balances_app.db.engine import make_engine, transaction
from balances_app.db.models import BalanceTransaction, Payout, Platform
from balances_app.domain import ledger
from balances_app.domain.clock import FrozenClock
from tests.databases import PostgresDatabases, SqliteDatabases
from tests.factories import bank_account, make_account, make_platform, set_schedule

NEW_DATABASE: Callable[[], str] | None = None  # set by the test: hands out a fresh migrated database


class LedgerMachine(RuleBasedStateMachine):
    payouts = Bundle("payouts")

    def __init__(self) -> None:
        super().__init__()
        assert NEW_DATABASE is not None
        self.engine = make_engine(NEW_DATABASE())
        self.clock = FrozenClock(1_795_000_000)
        platform, self.key = make_platform(self.engine, self.clock.now())
        self.account = make_account(self.engine, platform, self.clock.now())
        set_schedule(self.engine, self.account, "manual", eligible=True)
        bank_account(self.engine, self.account, instant=True)
        self.client = TestClient(create_api(self.clock, self.engine))
        self.keys: dict[str, tuple[tuple[str, str], bytes]] = {}
        self.created: set[str] = set()

    def teardown(self) -> None:
        self.client.close()
        self.engine.dispose()

    def post(self, path: str, data: dict[str, str], key: str | None = None):
        headers = {"Stripe-Account": self.account.id} | ({"Idempotency-Key": key} if key else {})
        return self.client.post(path, data=data, headers=headers, auth=(self.key, ""))

    @rule(amount=st.integers(100, 50_000), token=st.sampled_from(["tok_visa", "tok_bypassPending"]))
    def charge(self, amount: int, token: str) -> None:
        assert self.post("/v1/charges", {"amount": str(amount), "currency": "usd", "source": token}).status_code == 200

    @rule(
        target=payouts,
        amount=st.integers(1, 60_000),
        method=st.sampled_from(["standard", "instant"]),
        key=st.sampled_from([None, "k1", "k2", "k3", "k4", "k5"]),
    )
    def payout(self, amount: int, method: str, key: str | None) -> str:
        params = (str(amount), method)
        response = self.post("/v1/payouts", {"amount": str(amount), "currency": "usd", "method": method}, key)
        body = response.json()
        if key and key in self.keys and self.keys[key][0] != params:
            assert body["error"]["type"] == "idempotency_error"
            return ""
        if key and key in self.keys:
            assert response.content == self.keys[key][1]  # replayed byte for byte
            return body.get("id", "")
        if key:
            self.keys[key] = (params, response.content)
        if response.status_code == 200:
            self.created.add(body["id"])
            return body["id"]
        return ""

    @rule(payout_id=payouts)
    def cancel(self, payout_id: str) -> None:
        if payout_id:
            response = self.post(f"/v1/payouts/{payout_id}/cancel", {})
            assert response.status_code == 200 or response.json()["error"]["code"] == "payout_not_cancelable"

    @rule(amount=st.integers(100, 30_000))
    def topup(self, amount: int) -> None:
        assert self.post("/v1/topups", {"amount": str(amount), "currency": "usd"}).status_code == 200

    @rule(seconds=st.sampled_from([60, 3600, 86_400, 3 * 86_400]))
    def move_clock(self, seconds: int) -> None:
        response = self.client.post(
            "/v1/test_helpers/clock/advance", data={"seconds": str(seconds)}, auth=(self.key, "")
        )
        assert response.status_code == 200

    @invariant()
    def totals_match_entries_and_never_overdraw(self) -> None:
        with transaction(self.engine) as session:
            now = self.clock.now() + session.exec(select(Platform)).one().clock_offset
            assert ledger.verify(session, now) == []
            for later in (now, now + 86_400, now + 30 * 86_400):
                balance = ledger.balance(session, self.account.id, later).get("usd")
                assert balance is None or balance.available_total >= 0

    @invariant()
    def each_key_moved_money_once(self) -> None:
        with transaction(self.engine) as session:
            payouts = set(session.exec(select(Payout.id)).all())
            debits = session.exec(
                select(func.count()).select_from(BalanceTransaction).where(BalanceTransaction.type == "payout")
            ).one()
        assert payouts == self.created
        assert debits == len(payouts)


@pytest.mark.filterwarnings("ignore")
def test_the_ledger_holds_under_any_sequence(databases: SqliteDatabases | PostgresDatabases) -> None:
    global NEW_DATABASE
    NEW_DATABASE = databases.migrated
    LedgerMachine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
    )
    LedgerMachine.TestCase().runTest()
