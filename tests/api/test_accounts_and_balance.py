from tests.api.conftest import World
from tests.factories import DAY, charge


def test_accounts_list_only_the_platforms_own(world: World) -> None:
    body = world.get("/v1/accounts").json()
    assert body["object"] == "list" and body["url"] == "/v1/accounts"
    assert [a["id"] for a in body["data"]] == [world.platform_account.id, world.account.id]  # newest first
    assert world.foreign_account.id not in str(body)


def test_accounts_paginate_with_cursors(world: World) -> None:
    first = world.get("/v1/accounts", {"limit": "1"}).json()
    assert first["has_more"] is True and len(first["data"]) == 1
    second = world.get("/v1/accounts", {"limit": "1", "starting_after": first["data"][0]["id"]}).json()
    assert second["has_more"] is False and second["data"][0]["id"] == world.account.id
    back = world.get("/v1/accounts", {"limit": "1", "ending_before": world.account.id}).json()
    assert back["data"][0]["id"] == world.platform_account.id
    assert world.get("/v1/accounts", {"limit": "0"}).status_code == 400


def test_retrieve_an_account_in_stripes_shape(world: World) -> None:
    body = world.get(f"/v1/accounts/{world.account.id}").json()
    assert body["object"] == "account"
    assert body["controller"]["losses"]["payments"] == "stripe"
    assert body["settings"]["payouts"]["schedule"] == {"delay_days": 2, "interval": "daily"}


def test_a_foreign_or_unknown_account_is_404(world: World) -> None:
    for account_id in (world.foreign_account.id, "acct_nope"):
        response = world.get(f"/v1/accounts/{account_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "resource_missing"


def test_balance_splits_available_pending_and_instant(world: World) -> None:
    now = world.clock.now()
    charge(world.engine, world.account.id, 10_000, now - 3 * DAY, available_in_days=2, fee=320)
    charge(world.engine, world.account.id, 5_000, now - 2 * 3600, available_in_days=2, fee=175)
    charge(world.engine, world.account.id, 300_000, now, available_in_days=0, currency="jpy")
    body = world.get("/v1/balance", **{"Stripe-Account": world.account.id}).json()
    assert body["object"] == "balance" and body["livemode"] is False
    by_currency = {entry["currency"]: entry["amount"] for entry in body["available"]}
    assert by_currency == {"jpy": 300_000, "usd": 9_680}
    assert {e["currency"]: e["amount"] for e in body["pending"]} == {"jpy": 0, "usd": 4_825}
    assert {e["currency"]: e["amount"] for e in body["instant_available"]} == {"jpy": 300_000, "usd": 9_680}
    assert body["available"][1]["source_types"] == {"card": 9_680, "bank_account": 0}


def test_balance_of_an_account_with_no_entries_is_zero_in_its_currency(world: World) -> None:
    body = world.get("/v1/balance", **{"Stripe-Account": world.platform_account.id}).json()
    assert body["available"] == [{"amount": 0, "currency": "gbp", "source_types": {"card": 0, "bank_account": 0}}]


def test_balance_needs_a_connected_account_of_this_platform(world: World) -> None:
    assert world.get("/v1/balance").status_code == 400
    foreign = world.get("/v1/balance", **{"Stripe-Account": world.foreign_account.id})
    assert foreign.status_code == 400
    assert foreign.json()["error"]["param"] == "Stripe-Account"


def test_the_test_clock_moves_pending_funds_to_available(world: World) -> None:
    charge(world.engine, world.account.id, 10_000, world.clock.now(), available_in_days=2)
    moved = world.post("/v1/test_helpers/clock/advance", {"seconds": str(2 * DAY)})
    assert moved.status_code == 200
    assert moved.json()["frozen_time"] == world.clock.now() + 2 * DAY
    body = world.get("/v1/balance", **{"Stripe-Account": world.account.id}).json()
    assert body["available"][0]["amount"] == 10_000
    assert world.post("/v1/test_helpers/clock/advance", {"seconds": "-5"}).status_code == 400
