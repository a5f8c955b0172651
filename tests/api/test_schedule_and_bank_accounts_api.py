import pytest

from tests.api.conftest import World

SCHEDULE = "settings[payouts][schedule][{}]"
US_BANK = {
    "external_account[object]": "bank_account",
    "external_account[country]": "US",
    "external_account[currency]": "usd",
    "external_account[routing_number]": "110000000",
    "external_account[account_number]": "000123456789",
    "external_account[account_holder_name]": "Jenny Rosen",
    "external_account[account_holder_type]": "individual",
}


def schedule(world: World, **fields: str):
    return world.post(f"/v1/accounts/{world.account.id}", {SCHEDULE.format(k): v for k, v in fields.items()})


def add_bank(world: World, **overrides: str):
    data = {**US_BANK, **{f"external_account[{k}]": v for k, v in overrides.items()}}
    return world.post(f"/v1/accounts/{world.account.id}/external_accounts", data)


def test_weekly_schedule_in_stripes_account_shape(world: World) -> None:
    body = schedule(world, interval="weekly", weekly_anchor="friday", delay_days="4").json()
    assert body["settings"]["payouts"]["schedule"] == {"delay_days": 4, "interval": "weekly", "weekly_anchor": "friday"}


def test_monthly_and_minimum_delay(world: World) -> None:
    body = schedule(world, interval="monthly", monthly_anchor="31", delay_days="minimum").json()
    assert body["settings"]["payouts"]["schedule"] == {"delay_days": 2, "interval": "monthly", "monthly_anchor": 31}


def test_manual_keeps_the_delay(world: World) -> None:
    schedule(world, delay_days="5")
    body = schedule(world, interval="manual").json()
    assert body["settings"]["payouts"]["schedule"] == {"delay_days": 5, "interval": "manual"}


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"interval": "hourly"}, "interval"),
        ({"interval": "weekly"}, "weekly_anchor"),
        ({"interval": "weekly", "weekly_anchor": "funday"}, "weekly_anchor"),
        ({"interval": "monthly"}, "monthly_anchor"),
        ({"interval": "monthly", "monthly_anchor": "32"}, "monthly_anchor"),
        ({"delay_days": "1"}, "delay_days"),
        ({"delay_days": "soon"}, "delay_days"),
    ],
)
def test_schedule_errors_name_the_field_and_change_nothing(world: World, fields: dict, param: str) -> None:
    response = schedule(world, **fields)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == SCHEDULE.format(param)
    after = world.get(f"/v1/accounts/{world.account.id}").json()["settings"]["payouts"]["schedule"]
    assert after == {"delay_days": 2, "interval": "daily"}


def test_the_gb_minimum_delay_is_three_days(world: World) -> None:
    response = world.post(f"/v1/accounts/{world.platform_account.id}", {SCHEDULE.format("delay_days"): "2"})
    assert response.status_code == 400 and "3 (the minimum in GB)" in response.json()["error"]["message"]


def test_add_a_us_bank_account_in_stripes_shape(world: World) -> None:
    body = add_bank(world).json()
    assert body["object"] == "bank_account" and body["id"].startswith("ba_")
    assert (body["last4"], body["routing_number"], body["bank_name"]) == ("6789", "110000000", "STRIPE TEST BANK")
    assert body["default_for_currency"] is True and body["available_payout_methods"] == ["standard", "instant"]
    assert "000123456789" not in str(body)


def test_a_eu_bank_account_by_iban(world: World) -> None:
    body = world.post(
        f"/v1/accounts/{world.platform_account.id}/external_accounts",
        {
            "external_account[country]": "GB",
            "external_account[currency]": "eur",
            "external_account[account_number]": "GB33BUKB20201555555555",
        },
    ).json()
    assert (body["bank_name"], body["last4"], body["currency"]) == ("BARCLAYS BANK UK PLC", "5555", "eur")


@pytest.mark.parametrize(
    ("overrides", "code", "param"),
    [
        ({"routing_number": "110000001"}, "routing_number_invalid", "routing_number"),
        ({"account_number": "12"}, "account_number_invalid", "account_number"),
        ({"currency": "eur"}, "currency_unsupported", "currency"),
        (
            {"country": "DE", "currency": "eur", "account_number": "DE89370400440532013001"},
            "account_number_invalid",
            "account_number",
        ),
    ],
)
def test_bank_account_errors(world: World, overrides: dict, code: str, param: str) -> None:
    error = add_bank(world, **overrides).json()["error"]
    assert (error["code"], error["param"]) == (code, f"external_account[{param}]")


def test_duplicates_are_refused(world: World) -> None:
    add_bank(world)
    assert add_bank(world).json()["error"]["code"] == "bank_account_exists"


def test_defaults_move_and_the_only_default_stays(world: World) -> None:
    first = add_bank(world).json()["id"]
    second = add_bank(world, account_number="000999999991").json()
    assert second["default_for_currency"] is False
    base = f"/v1/accounts/{world.account.id}/external_accounts"
    moved = world.post(f"{base}/{second['id']}", {"default_for_currency": "true"}).json()
    assert moved["default_for_currency"] is True
    assert world.get(f"{base}/{first}").json()["default_for_currency"] is False
    assert world.client.delete(f"{base}/{first}", auth=(world.secret_key, "")).json()["deleted"] is True
    only = world.client.delete(f"{base}/{second['id']}", auth=(world.secret_key, "")).json()["error"]
    assert only["code"] == "external_account_required"
    assert [b["id"] for b in world.get(base).json()["data"]] == [second["id"]]


def test_a_bank_account_that_was_paid_out_to_can_be_removed_and_added_again(world: World) -> None:
    """Payouts keep naming a removed bank account, as Stripe's do: removing it is no 500."""
    from tests.factories import charge

    on = {"Stripe-Account": world.account.id}
    schedule(world, interval="manual")
    first = add_bank(world).json()["id"]
    second = add_bank(world, account_number="000999999991").json()["id"]
    charge(world.engine, world.account.id, 10_000, world.clock.now(), available_in_days=0)
    paid = world.post("/v1/payouts", {"amount": "2000", "currency": "usd", "destination": first}, **on)
    assert paid.status_code == 200, paid.text
    canceled = world.post(f"/v1/payouts/{paid.json()['id']}/cancel", {}, **on)
    assert canceled.json()["status"] == "canceled"
    base = f"/v1/accounts/{world.account.id}/external_accounts"
    removed = world.client.delete(f"{base}/{first}", auth=(world.secret_key, ""))
    assert removed.status_code == 200 and removed.json()["deleted"] is True
    assert [b["id"] for b in world.get(base).json()["data"]] == [second]
    assert world.get(f"{base}/{first}").status_code == 404
    assert world.get(f"/v1/payouts/{paid.json()['id']}", **on).json()["destination"] == first
    refused = world.post("/v1/payouts", {"amount": "100", "currency": "usd", "destination": first}, **on)
    assert refused.json()["error"]["code"] == "resource_missing"
    again = add_bank(world)  # the same account number, added back after its removal
    assert again.status_code == 200
    assert sorted(b["id"] for b in world.get(base).json()["data"]) == sorted([first, second])
