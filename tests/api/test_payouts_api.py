from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import BalanceTransaction, ExternalAccount, IdempotencyKey, Payout
from balances_app.domain import ledger
from tests.api.conftest import World
from tests.factories import DAY, bank_account, charge, set_schedule

ACCOUNT = "Stripe-Account"


def funded(world: World, amount: int = 50_000, interval: str = "manual", instant: bool = False, **bank) -> str:
    """The world's account with `amount` available, a bank account, and the given schedule."""
    set_schedule(world.engine, world.account, interval, eligible=instant)
    ba = bank_account(world.engine, world.account, instant=instant, **bank)
    charge(world.engine, world.account.id, amount, world.clock.now() - 3 * DAY, available_in_days=2)
    return ba.id


def available(world: World) -> int:
    body = world.get("/v1/balance", **{ACCOUNT: world.account.id}).json()
    return body["available"][0]["amount"]


def payout(world: World, headers: dict[str, str] | None = None, **params: str):
    return world.post("/v1/payouts", {"currency": "usd", **params}, **{ACCOUNT: world.account.id, **(headers or {})})


def test_standard_payouts_need_a_manual_schedule(world: World) -> None:
    funded(world, interval="daily")
    response = payout(world, amount="1000")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "payouts_not_allowed"
    assert "manual" in response.json()["error"]["message"]


def test_a_standard_payout_debits_the_balance_and_arrives_in_two_business_days(world: World) -> None:
    bank = funded(world)
    response = payout(world, amount="20000", description="Weekly earnings", **{"metadata[run]": "42"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "payout" and body["id"].startswith("po_")
    assert (body["amount"], body["status"], body["method"], body["destination"]) == (
        20_000,
        "pending",
        "standard",
        bank,
    )
    assert body["automatic"] is False and body["metadata"] == {"run": "42"}
    assert body["arrival_date"] - world.clock.now() >= 2 * DAY - 86400  # Wednesday -> Friday
    assert available(world) == 30_000


def test_more_than_available_is_refused_and_changes_nothing(world: World) -> None:
    funded(world)
    response = payout(world, amount="50001")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "balance_insufficient"
    assert available(world) == 50_000
    with transaction(world.engine) as session:
        assert session.exec(select(Payout)).all() == []


def test_tiny_payouts_are_too_small(world: World) -> None:
    funded(world)
    assert payout(world, amount="99").json()["error"]["code"] == "amount_too_small"


def test_an_instant_payout_books_its_fee_as_its_own_entry(world: World) -> None:
    funded(world, interval="daily", instant=True)
    response = payout(world, amount="10000", method="instant")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["method"], body["status"]) == ("instant", "in_transit")
    assert body["arrival_date"] == world.clock.now() + 30 * 60
    with transaction(world.engine) as session:
        entries = session.exec(select(BalanceTransaction).where(BalanceTransaction.source == body["id"])).all()
    assert sorted((e.type, e.amount) for e in entries) == [("payout", -10_000), ("payout_fee", -100)]
    assert available(world) == 50_000 - 10_000 - 100


def test_the_instant_fee_has_a_minimum(world: World) -> None:
    funded(world, interval="daily", instant=True)
    body = payout(world, amount="1000", method="instant").json()
    with transaction(world.engine) as session:
        fee = session.exec(
            select(BalanceTransaction).where(
                BalanceTransaction.source == body["id"], BalanceTransaction.type == "payout_fee"
            )
        ).one()
    assert fee.amount == -50


def test_instant_payout_refusals_use_stripes_codes(world: World) -> None:
    funded(world, interval="daily", instant=True)
    assert payout(world, amount="49951", method="instant").json()["error"]["code"] == "balance_insufficient"
    euro = world.post(
        "/v1/payouts", {"amount": "1000", "currency": "eur", "method": "instant"}, **{ACCOUNT: world.account.id}
    ).json()
    assert euro["error"]["code"] == "instant_payouts_currency_disabled"
    set_schedule(world.engine, world.account, "daily", eligible=False)
    assert payout(world, amount="1000", method="instant").json()["error"]["code"] == "instant_payouts_unsupported"


def test_a_bank_account_without_instant_cannot_receive_instant_payouts(world: World) -> None:
    funded(world, interval="daily", instant=False)
    set_schedule(world.engine, world.account, "daily", eligible=True)
    error = payout(world, amount="1000", method="instant").json()["error"]
    assert (error["code"], error["param"]) == ("instant_payouts_unsupported", "destination")


def test_the_platforms_daily_instant_limit(world: World) -> None:
    funded(world, amount=5_000_000, interval="manual", instant=True)
    with transaction(world.engine, write=True) as session:
        platform = session.get(type(world.platform), world.platform.id)
        platform.instant_daily_limit = 150  # $150 a day
        session.add(platform)
    assert payout(world, amount="10000", method="instant").status_code == 200
    error = payout(world, amount="6000", method="instant").json()["error"]
    assert error["code"] == "instant_payouts_limit_exceeded"
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(DAY)})
    assert payout(world, amount="6000", method="instant").status_code == 200  # a new day


def test_lifecycle_pending_in_transit_paid(world: World) -> None:
    funded(world)
    payout_id = payout(world, amount="10000").json()["id"]
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(DAY)})
    assert world.get(f"/v1/payouts/{payout_id}", **{ACCOUNT: world.account.id}).json()["status"] == "in_transit"
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(4 * DAY)})
    assert world.get(f"/v1/payouts/{payout_id}", **{ACCOUNT: world.account.id}).json()["status"] == "paid"
    assert available(world) == 40_000


def test_a_failed_payout_returns_the_money_and_marks_the_bank_account(world: World) -> None:
    bank = funded(world, failure="account_closed")
    payout_id = payout(world, amount="10000").json()["id"]
    assert available(world) == 40_000
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(6 * DAY)})
    body = world.get(f"/v1/payouts/{payout_id}", **{ACCOUNT: world.account.id}).json()
    assert (body["status"], body["failure_code"]) == ("failed", "account_closed")
    assert body["failure_balance_transaction"].startswith("txn_")
    assert available(world) == 50_000
    with transaction(world.engine) as session:
        assert session.get(ExternalAccount, bank).status == "errored"
        assert ledger.verify(session, world.clock.now() + 6 * DAY) == []
    again = payout(world, amount="1000").json()["error"]
    assert again["code"] == "external_account_errored"


def test_only_pending_manual_payouts_can_be_canceled(world: World) -> None:
    funded(world)
    payout_id = payout(world, amount="10000").json()["id"]
    canceled = world.post(f"/v1/payouts/{payout_id}/cancel", **{ACCOUNT: world.account.id}).json()
    assert canceled["status"] == "canceled"
    assert available(world) == 50_000
    second = payout(world, amount="10000").json()["id"]
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(DAY)})
    late = world.post(f"/v1/payouts/{second}/cancel", **{ACCOUNT: world.account.id})
    assert late.status_code == 400 and late.json()["error"]["code"] == "payout_not_cancelable"


def test_automatic_daily_payouts_pay_out_what_became_available(world: World) -> None:
    funded(world, interval="daily")
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(DAY)})
    listed = world.get("/v1/payouts", **{ACCOUNT: world.account.id}).json()["data"]
    assert [(p["amount"], p["automatic"]) for p in listed] == [(50_000, True)]
    assert available(world) == 0
    automatic = listed[0]["id"]
    error = world.post(f"/v1/payouts/{automatic}/cancel", **{ACCOUNT: world.account.id}).json()["error"]
    assert error["code"] == "payout_not_cancelable"


def test_payout_lists_filter_and_paginate(world: World) -> None:
    funded(world)
    ids = [payout(world, amount=str(1000 + i)).json()["id"] for i in range(3)]
    world.post(f"/v1/payouts/{ids[0]}/cancel", **{ACCOUNT: world.account.id})
    pending = world.get("/v1/payouts", {"status": "pending"}, **{ACCOUNT: world.account.id}).json()
    assert {p["id"] for p in pending["data"]} == set(ids[1:])
    page = world.get("/v1/payouts", {"limit": "2"}, **{ACCOUNT: world.account.id}).json()
    assert page["has_more"] is True and len(page["data"]) == 2
    later = world.get(
        "/v1/payouts", {"arrival_date[gte]": str(world.clock.now() + 10 * DAY)}, **{ACCOUNT: world.account.id}
    ).json()
    assert later["data"] == []


def test_balance_transactions_list_filters_by_type_and_payout(world: World) -> None:
    funded(world)
    payout_id = payout(world, amount="10000").json()["id"]
    by_payout = world.get("/v1/balance_transactions", {"payout": payout_id}, **{ACCOUNT: world.account.id}).json()
    assert [(t["type"], t["amount"], t["status"]) for t in by_payout["data"]] == [("payout", -10_000, "available")]
    charges = world.get("/v1/balance_transactions", {"type": "charge"}, **{ACCOUNT: world.account.id}).json()
    assert [t["amount"] for t in charges["data"]] == [50_000]
    txn = by_payout["data"][0]["id"]
    assert world.get(f"/v1/balance_transactions/{txn}", **{ACCOUNT: world.account.id}).json()["id"] == txn
    assert world.get(f"/v1/balance_transactions/{txn}", **{ACCOUNT: world.platform_account.id}).status_code == 404


def test_idempotent_replays_are_byte_for_byte_and_move_money_once(world: World) -> None:
    funded(world)
    first = payout(world, {"Idempotency-Key": "payout-1"}, amount="10000")
    second = payout(world, {"Idempotency-Key": "payout-1"}, amount="10000")
    assert first.content == second.content and second.headers["Idempotent-Replayed"] == "true"
    assert available(world) == 40_000
    other = payout(world, {"Idempotency-Key": "payout-1"}, amount="9999")
    assert other.status_code == 400 and other.json()["error"]["type"] == "idempotency_error"


def test_errors_are_replayed_but_validation_failures_are_not_stored(world: World) -> None:
    funded(world)
    too_much = payout(world, {"Idempotency-Key": "k-2"}, amount="90000")
    assert payout(world, {"Idempotency-Key": "k-2"}, amount="90000").content == too_much.content
    bad = payout(world, {"Idempotency-Key": "k-3"}, amount="ten")
    assert bad.json()["error"]["code"] == "parameter_invalid_integer"
    with transaction(world.engine) as session:
        keys = [row.key for row in session.exec(select(IdempotencyKey)).all()]
    assert keys == ["k-2"]


def test_a_key_still_in_flight_answers_409(world: World) -> None:
    funded(world)
    with transaction(world.engine, write=True) as session:
        session.add(
            IdempotencyKey(
                platform_id=world.platform.id,
                scope=world.account.id,
                key="busy",
                request_hash="x",
                created=world.clock.now(),
            )
        )
    response = payout(world, {"Idempotency-Key": "busy"}, amount="1000")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_in_use"
