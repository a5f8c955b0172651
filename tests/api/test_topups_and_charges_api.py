from tests.api.conftest import World
from tests.factories import DAY, bank_account, set_schedule

ACCOUNT = "Stripe-Account"


def balance(world: World, account_id: str) -> dict[str, int]:
    body = world.get("/v1/balance", **{ACCOUNT: account_id}).json()
    return {"available": body["available"][0]["amount"], "pending": body["pending"][0]["amount"]}


def test_tok_bypass_pending_funds_are_available_at_once(world: World) -> None:
    response = world.post(
        "/v1/charges",
        {"amount": "10000", "currency": "usd", "source": "tok_bypassPending"},
        **{ACCOUNT: world.account.id},
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "succeeded"
    assert balance(world, world.account.id) == {"available": 10_000 - 320, "pending": 0}


def test_tok_visa_funds_are_pending_for_the_payout_delay(world: World) -> None:
    world.post(
        "/v1/charges", {"amount": "10000", "currency": "usd", "source": "tok_visa"}, **{ACCOUNT: world.account.id}
    )
    assert balance(world, world.account.id) == {"available": 0, "pending": 9_680}
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(2 * DAY)})
    assert balance(world, world.account.id)["pending"] == 0


def test_unknown_tokens_are_refused(world: World) -> None:
    response = world.post(
        "/v1/charges", {"amount": "100", "currency": "usd", "source": "tok_nope"}, **{ACCOUNT: world.account.id}
    )
    assert response.status_code == 400 and response.json()["error"]["param"] == "source"


def test_a_top_up_is_pending_until_it_is_expected_then_available(world: World) -> None:
    bank_account(world.engine, world.account)
    set_schedule(world.engine, world.account, "manual")  # else the daily payout would take the funds
    response = world.post(
        "/v1/topups",
        {"amount": "25000", "currency": "usd", "description": "Cover refunds"},
        **{ACCOUNT: world.account.id},
    )
    assert response.status_code == 200, response.text
    topup = response.json()
    assert (topup["object"], topup["status"]) == ("topup", "pending")
    assert topup["expected_availability_date"] > world.clock.now()
    assert balance(world, world.account.id) == {"available": 0, "pending": 25_000}
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(6 * DAY)})
    again = world.get(f"/v1/topups/{topup['id']}", **{ACCOUNT: world.account.id}).json()
    assert again["status"] == "succeeded"
    assert balance(world, world.account.id) == {"available": 25_000, "pending": 0}
    listed = world.get("/v1/topups", **{ACCOUNT: world.account.id}).json()
    assert [t["id"] for t in listed["data"]] == [topup["id"]]


def test_top_ups_only_when_stripe_carries_losses(world: World) -> None:
    bank_account(world.engine, world.platform_account, "gbp")
    response = world.post("/v1/topups", {"amount": "25000", "currency": "gbp"}, **{ACCOUNT: world.platform_account.id})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "topups_not_allowed"


def test_a_top_up_needs_a_bank_account(world: World) -> None:
    response = world.post("/v1/topups", {"amount": "25000", "currency": "usd"}, **{ACCOUNT: world.account.id})
    assert response.json()["error"]["code"] == "no_external_account"
