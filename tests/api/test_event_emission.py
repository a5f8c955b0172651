"""Every change a platform should hear about emits its event, with the object as the API shows it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.event_tables import Event, WebhookDelivery
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain import payouts
from balances_app.domain.payouts import PayoutRequest
from balances_app.webhook_worker import Worker
from tests.api.conftest import World
from tests.factories import DAY, bank_account, charge, set_schedule

ACCOUNT = "Stripe-Account"


def events(world: World, prefix: str = "") -> list[dict[str, Any]]:
    """The account's events, oldest first, those whose type starts with `prefix`."""
    listed = world.get("/v1/events", {"limit": "100"}, **{ACCOUNT: world.account.id}).json()["data"]
    return [e for e in reversed(listed) if e["type"].startswith(prefix)]


def types(world: World, prefix: str = "") -> list[str]:
    return [e["type"] for e in events(world, prefix)]


def advance(world: World, days: float) -> None:
    """The platform's test clock moves; the host's worker then notices the funds that arrived."""
    assert world.post("/v1/test_helpers/clock/advance", {"seconds": str(int(days * DAY))}).status_code == 200
    Worker(world.engine, world.clock).watch_funds()


def funded(world: World, interval: str = "manual", failure: str | None = None) -> str:
    set_schedule(world.engine, world.account, interval)
    bank = bank_account(world.engine, world.account, failure=failure)
    charge(world.engine, world.account.id, 50_000, world.clock.now() - 3 * DAY, available_in_days=2)
    return bank.id


def test_a_payout_created_moving_and_paid(world: World) -> None:
    funded(world)
    created = world.post(
        "/v1/payouts", {"amount": "20000", "currency": "usd"}, **{ACCOUNT: world.account.id, "Idempotency-Key": "k1"}
    )
    [event] = events(world, "payout.")
    assert event["type"] == "payout.created" and event["account"] == world.account.id
    assert event["data"]["object"] == created.json()  # the object as the API returned it
    assert event["request"] == {"id": created.headers["request-id"], "idempotency_key": "k1"}
    advance(world, 3)
    later = events(world, "payout.")[1:]
    assert [e["type"] for e in later] == ["payout.updated", "payout.paid"]
    assert later[0]["data"]["previous_attributes"] == {"status": "pending"}
    assert later[0]["data"]["object"]["status"] == "in_transit"
    assert later[1]["data"]["object"]["status"] == "paid" and "previous_attributes" not in later[1]["data"]
    assert later[1]["request"] == {"id": None, "idempotency_key": None}  # time passing, not a request


def test_a_failed_payout_and_its_errored_bank_account(world: World) -> None:
    bank = funded(world, failure="no_account")
    world.post("/v1/payouts", {"amount": "20000", "currency": "usd"}, **{ACCOUNT: world.account.id})
    advance(world, 3)
    assert types(world, "payout.failed")
    [failed] = events(world, "payout.failed")
    [errored] = events(world, "account.external_account.updated")
    assert failed["data"]["object"]["failure_code"] == "no_account"
    assert errored["data"]["object"]["id"] == bank and errored["data"]["object"]["status"] == "errored"
    assert errored["data"]["previous_attributes"] == {"status": "new"}


def test_a_canceled_payout(world: World) -> None:
    funded(world)
    payout_id = world.post("/v1/payouts", {"amount": "100", "currency": "usd"}, **{ACCOUNT: world.account.id}).json()
    world.post(f"/v1/payouts/{payout_id['id']}/cancel", **{ACCOUNT: world.account.id})
    assert types(world, "payout.") == ["payout.created", "payout.canceled"]
    assert events(world, "payout.")[-1]["data"]["object"]["status"] == "canceled"


def test_automatic_payouts_on_the_schedule(world: World) -> None:
    funded(world, interval="daily")
    advance(world, 1)
    created = [e for e in events(world) if e["type"] == "payout.created"]
    assert len(created) == 1 and created[0]["data"]["object"]["automatic"] is True
    assert created[0]["data"]["object"]["amount"] == 50_000


@pytest.mark.parametrize(("failure", "outcome"), [(None, "topup.succeeded"), ("insufficient_funds", "topup.failed")])
def test_top_ups(world: World, failure: str | None, outcome: str) -> None:
    set_schedule(world.engine, world.account, "manual")
    bank_account(world.engine, world.account, failure=failure)
    created = world.post("/v1/topups", {"amount": "5000", "currency": "usd"}, **{ACCOUNT: world.account.id})
    assert created.status_code == 200, created.text
    assert types(world) == ["topup.created"]
    advance(world, 7)
    assert types(world)[1] == outcome
    assert events(world)[1]["data"]["object"]["status"] == outcome.split(".")[1]
    balance = world.get("/v1/balance", **{ACCOUNT: world.account.id}).json()["available"][0]["amount"]
    assert balance == (5000 if failure is None else 0)
    assert ("balance.available" in types(world)) is (failure is None)


def test_charges_and_funds_becoming_available(world: World) -> None:
    world.post(
        "/v1/charges", {"amount": "1000", "currency": "usd", "source": "tok_visa"}, **{ACCOUNT: world.account.id}
    )
    assert types(world) == ["charge.succeeded"]
    advance(world, 3)
    assert types(world) == ["charge.succeeded", "balance.available"]
    assert events(world)[-1]["data"]["object"]["available"][0]["amount"] == 1000 - 59
    advance(world, 1)
    assert types(world) == ["charge.succeeded", "balance.available"]  # said once
    world.post(
        "/v1/charges",
        {"amount": "1000", "currency": "usd", "source": "tok_bypassPending"},
        **{ACCOUNT: world.account.id},
    )
    assert types(world)[-2:] == ["charge.succeeded", "balance.available"]


def test_schedule_changes(world: World) -> None:
    response = world.post(
        f"/v1/accounts/{world.account.id}",
        {"settings[payouts][schedule][interval]": "weekly", "settings[payouts][schedule][weekly_anchor]": "friday"},
    )
    [event] = events(world)
    assert event["type"] == "account.updated" and event["data"]["object"] == response.json()
    previous = event["data"]["previous_attributes"]
    assert previous == {"settings": {"payouts": {"schedule": {"interval": "daily", "weekly_anchor": None}}}}


def test_bank_accounts_created_updated_deleted(world: World) -> None:
    path = f"/v1/accounts/{world.account.id}/external_accounts"
    form = {"external_account[country]": "US", "external_account[currency]": "usd"}
    first = world.post(
        path,
        {**form, "external_account[account_number]": "000123456789", "external_account[routing_number]": "110000000"},
    ).json()
    second = world.post(
        path,
        {**form, "external_account[account_number]": "000999999991", "external_account[routing_number]": "110000000"},
    ).json()
    assert types(world) == ["account.external_account.created"] * 2
    assert events(world)[0]["data"]["object"] == first
    world.post(f"{path}/{second['id']}", {"default_for_currency": "true"})
    world.client.delete(f"{path}/{first['id']}", auth=(world.secret_key, ""))
    later = events(world)[2:]
    assert [e["type"] for e in later] == [
        "account.external_account.updated",  # the first one is no longer the default
        "account.external_account.updated",  # the second one is
        "account.external_account.deleted",
    ]
    assert later[0]["data"]["previous_attributes"] == {"default_for_currency": True}
    assert later[1]["data"]["object"]["default_for_currency"] is True
    assert later[2]["data"]["object"]["id"] == first["id"]


def test_refused_and_rolled_back_changes_emit_nothing(world: World) -> None:
    funded(world)
    world.post("/v1/payouts", {"amount": "999999", "currency": "usd"}, **{ACCOUNT: world.account.id})
    assert types(world) == []
    world.post("/v1/webhook_endpoints", {"url": "https://p.example/h", "enabled_events[]": "*", "connect": "true"})
    with pytest.raises(RuntimeError), transaction(world.engine, write=True) as session:
        platform, account = session.get(Platform, world.platform.id), session.get(ConnectedAccount, world.account.id)
        payouts.create(session, platform, account, PayoutRequest(1000, "usd"), world.clock.now())
        assert session.exec(select(Event)).first() is not None  # written with the payout ...
        raise RuntimeError("the change fails after the event was written")
    with transaction(world.engine) as session:  # ... and gone with it
        assert session.exec(select(Event)).all() == [] and session.exec(select(WebhookDelivery)).all() == []
