"""GET /v1/balance_transactions?payout=po_...: what an automatic payout paid out, adding up to it."""

from __future__ import annotations

from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import BalanceTransaction, ExternalAccount, Payout
from balances_app.db.payout_items import PayoutItem
from balances_app.domain import ledger, reconciliation
from tests.api.conftest import World
from tests.factories import DAY, bank_account, set_schedule

ACCOUNT = "Stripe-Account"


def book(world: World, kind: str, amount: int, available_in_days: int, fee: int = 0) -> None:
    now = world.clock.now()
    with transaction(world.engine, write=True) as session:
        entry = ledger.Entry(world.account.id, kind, amount, "usd", now + available_in_days * DAY, fee=fee)
        ledger.post(session, entry, now)


def advance(world: World, days: int = 1) -> None:
    for _ in range(days):
        assert world.post("/v1/test_helpers/clock/advance", {"seconds": str(DAY)}).status_code == 200


def contents(world: World, payout_id: str) -> list[dict]:
    """Every page of the list, following `starting_after`, as a platform would."""
    rows: list[dict] = []
    params = {"payout": payout_id, "limit": "3"}
    while True:
        page = world.get("/v1/balance_transactions", params, **{ACCOUNT: world.account.id}).json()
        rows += page["data"]
        if not page["has_more"]:
            return rows
        params["starting_after"] = page["data"][-1]["id"]


def automatic_payouts(world: World) -> list[dict]:
    listed = world.get("/v1/payouts", {"limit": "100"}, **{ACCOUNT: world.account.id}).json()["data"]
    return [p for p in listed if p["automatic"]]


def test_each_automatic_payout_lists_what_made_it_up_and_adds_up(world: World) -> None:
    set_schedule(world.engine, world.account, "daily")
    bank_account(world.engine, world.account)
    book(world, "charge", 31_435, 1, fee=942)
    book(world, "charge", 10_000, 1, fee=320)
    book(world, "refund", -2_500, 1)
    book(world, "charge", 7_000, 3, fee=233)  # not yet available on the first payout day
    book(world, "adjustment", -1_000, 1)
    advance(world, 2)
    book(world, "charge", 5_000, 0, fee=175)  # available at once: goes into the next payout
    advance(world, 3)
    made = automatic_payouts(world)
    assert len(made) >= 2
    seen: set[str] = set()
    for payout in made:
        rows = contents(world, payout["id"])
        own = [r for r in rows if r["type"] == "payout" and r["source"] == payout["id"]]
        items = [r for r in rows if r not in own]
        assert [r["amount"] for r in own] == [-payout["amount"]]
        assert sum(r["net"] for r in items) == payout["amount"]
        assert not seen & {r["id"] for r in items}, "an entry was paid out twice"
        seen |= {r["id"] for r in items}
    with transaction(world.engine) as session:
        swept = session.exec(
            select(BalanceTransaction.id).where(
                BalanceTransaction.account_id == world.account.id, BalanceTransaction.type != "payout"
            )
        ).all()
    assert seen == set(swept), "every charge, refund and adjustment was paid out exactly once"


def test_an_earlier_failure_comes_back_in_the_next_payout(world: World) -> None:
    set_schedule(world.engine, world.account, "daily")
    failing = bank_account(world.engine, world.account, failure="no_account", last4="1116")
    book(world, "charge", 20_000, 0, fee=610)
    advance(world, 1)
    first = automatic_payouts(world)[0]
    advance(world, 4)  # it arrives, fails, and the bank account is errored
    assert world.get(f"/v1/payouts/{first['id']}", **{ACCOUNT: world.account.id}).json()["status"] == "failed"
    with transaction(world.engine, write=True) as session:
        old = session.get(ExternalAccount, failing.id)
        assert old is not None
        old.default_for_currency = False
    bank_account(world.engine, world.account, last4="6789")
    book(world, "charge", 1_000, 0)
    advance(world, 1)
    second = next(p for p in automatic_payouts(world) if p["id"] != first["id"])
    items = [r for r in contents(world, second["id"]) if r["source"] != second["id"] or r["type"] != "payout"]
    assert sorted(r["type"] for r in items) == ["charge", "payout_failure"]
    assert sum(r["net"] for r in items) == second["amount"] == 19_390 + 1_000


def test_totals_group_by_category_and_equal_the_payout(world: World) -> None:
    set_schedule(world.engine, world.account, "daily")
    bank_account(world.engine, world.account)
    book(world, "charge", 31_435, 0, fee=942)
    book(world, "charge", 1_000, 0, fee=59)
    book(world, "refund", -500, 0)
    advance(world, 1)
    payout = automatic_payouts(world)[0]
    with transaction(world.engine) as session:
        row = session.get(Payout, payout["id"])
        assert row is not None
        totals = reconciliation.totals(session, row)
        page = reconciliation.items(session, row, limit=2)
        rest = reconciliation.items(
            session,
            row,
            after_seq=session.exec(
                select(PayoutItem.balance_transaction_seq)
                .where(PayoutItem.payout_id == row.id)
                .order_by(PayoutItem.balance_transaction_seq)
                .limit(2)
            ).all()[-1],
        )
    assert [(g.label, g.count, g.gross, g.fee, g.net) for g in totals.groups] == [
        ("Charges", 2, 32_435, 1_001, 31_434),
        ("Refunds", 1, -500, 0, -500),
    ]
    assert totals.net == payout["amount"] == 30_934
    assert len(page) == 2 and len(rest) == 1 and {t.id for t in page}.isdisjoint({t.id for t in rest})


def test_manual_payouts_list_only_themselves_and_others_payouts_are_not_found(world: World) -> None:
    set_schedule(world.engine, world.account, "manual")
    bank_account(world.engine, world.account)
    book(world, "charge", 5_000, 0)
    payout_id = world.post("/v1/payouts", {"amount": "4000", "currency": "usd"}, **{ACCOUNT: world.account.id}).json()[
        "id"
    ]
    assert [(r["type"], r["amount"]) for r in contents(world, payout_id)] == [("payout", -4_000)]
    other = world.get("/v1/balance_transactions", {"payout": payout_id}, **{ACCOUNT: world.platform_account.id})
    assert other.status_code == 404 and other.json()["error"]["code"] == "resource_missing"
