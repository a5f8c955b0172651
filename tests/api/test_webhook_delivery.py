"""Deliveries: signed as Stripe signs (the official SDK verifies them), retried with growing delays."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator

import pytest
import stripe

from balances_app.webhook_worker import Worker
from tests.api.conftest import World
from tests.factories import DAY
from tests.servers import free_port
from tests.webhook_receiver import Receiver, webhook_receiver

ACCOUNT = "Stripe-Account"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as receiver:
        yield receiver


def register(world: World, url: str, events: str = "*", connect: str = "true") -> dict:
    response = world.post("/v1/webhook_endpoints", {"url": url, "enabled_events[]": events, "connect": connect})
    assert response.status_code == 200, response.text
    return response.json()


def deliver(world: World, timeout: float = 10) -> int:
    return asyncio.run(Worker(world.engine, world.clock, timeout=timeout).deliver_due())


def bypass_charge(world: World, amount: int = 1000) -> dict:
    form = {"amount": str(amount), "currency": "usd", "source": "tok_bypassPending"}
    return world.post("/v1/charges", form, **{ACCOUNT: world.account.id}).json()


def test_the_official_sdk_verifies_deliveries_and_rejects_tampered_ones(world: World, receiver: Receiver) -> None:
    secret = register(world, receiver.url)["secret"]
    charge = bypass_charge(world)
    assert deliver(world) == 2  # charge.succeeded and balance.available
    first = next(r for r in receiver.received if b"charge.succeeded" in r.body)
    event = stripe.Webhook.construct_event(first.body.decode(), first.signature, secret)
    assert (event.type, event.account, event.data.object.id) == ("charge.succeeded", world.account.id, charge["id"])
    assert event.data.object.amount == 1000 and event.pending_webhooks == 1
    tampered = first.body.replace(b'"amount": 1000', b'"amount": 9000')
    assert tampered != first.body
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(tampered.decode(), first.signature, secret)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(first.body.decode(), first.signature, "whsec_someone_else")
    listed = world.get(f"/v1/events/{event.id}").json()
    assert listed["pending_webhooks"] == 0  # delivered
    assert deliver(world) == 0  # and only once


def test_only_subscribed_enabled_connect_endpoints_receive(world: World, receiver: Receiver) -> None:
    register(world, receiver.url + "/payouts-only", events="payout.paid")
    register(world, receiver.url + "/platform-only", connect="false")
    disabled = register(world, receiver.url + "/disabled")
    world.post(f"/v1/webhook_endpoints/{disabled['id']}", {"disabled": "true"})
    everything = register(world, receiver.url + "/all")
    bypass_charge(world)
    deliver(world)
    assert len(receiver.received) == 2
    deliveries = world.get(f"/v1/webhook_endpoints/{everything['id']}/deliveries").json()["data"]
    assert {d["status"] for d in deliveries} == {"succeeded"} and len(deliveries) == 2


def test_a_failing_endpoint_is_retried_with_growing_delays_then_given_up(world: World, receiver: Receiver) -> None:
    endpoint = register(world, receiver.url, events="charge.succeeded")
    receiver.status = 500
    charge_event_time = world.clock.now()
    bypass_charge(world)
    attempts_at = []
    for _ in range(30):  # the test clock moves forward; each due retry happens once it is due
        if deliver(world):
            attempts_at.append(world.clock.now())
        world.clock.advance(60)
        if world.clock.now() > charge_event_time + 4 * DAY:
            break
        # jump to just before the next due time, to keep the loop short
        [delivery] = world.get(f"/v1/webhook_endpoints/{endpoint['id']}/deliveries").json()["data"]
        if delivery["next_attempt_at"]:
            world.clock.current = max(world.clock.current, delivery["next_attempt_at"] - 30)
    gaps = [b - a for a, b in itertools.pairwise(attempts_at)]
    assert len(attempts_at) >= 8, attempts_at
    assert all(later >= earlier for earlier, later in itertools.pairwise(gaps)) and gaps[-1] > 10 * gaps[0]
    assert attempts_at[-1] - charge_event_time <= 3 * DAY < attempts_at[-1] - charge_event_time + 12 * 3600
    [delivery] = world.get(f"/v1/webhook_endpoints/{endpoint['id']}/deliveries").json()["data"]
    assert delivery["status"] == "failed" and delivery["attempt_count"] == len(attempts_at)
    assert {a["response_status"] for a in delivery["attempts"]} == {500}
    assert len(receiver.received) == len(attempts_at)
    event = json.loads(receiver.received[0].body)
    assert world.get(f"/v1/events/{event['id']}").json()["pending_webhooks"] == 1


def test_a_recovered_endpoint_gets_the_retry(world: World, receiver: Receiver) -> None:
    endpoint = register(world, receiver.url, events="charge.succeeded")
    receiver.status = 503
    bypass_charge(world)
    assert deliver(world) == 1
    assert deliver(world) == 0  # not due yet
    receiver.status = 204
    world.post("/v1/test_helpers/clock/advance", {"seconds": "61"})  # the platform's test clock
    assert deliver(world) == 1
    [delivery] = world.get(f"/v1/webhook_endpoints/{endpoint['id']}/deliveries").json()["data"]
    assert delivery["status"] == "succeeded"
    assert [a["response_status"] for a in delivery["attempts"]] == [204, 503]
    assert receiver.received[0].body == receiver.received[1].body.replace(
        b'"pending_webhooks": 1', b'"pending_webhooks": 1'
    )


def test_refused_connections_and_timeouts_are_failed_attempts(world: World, receiver: Receiver) -> None:
    refused = register(world, f"http://127.0.0.1:{free_port()}/nobody-listens", events="charge.succeeded")
    slow = register(world, receiver.url, events="charge.succeeded")
    receiver.release.clear()  # the receiver holds every request
    bypass_charge(world)
    deliver(world, timeout=0.5)
    receiver.release.set()
    for endpoint, expected in ((refused, "ConnectError"), (slow, "Timed out")):
        [delivery] = world.get(f"/v1/webhook_endpoints/{endpoint['id']}/deliveries").json()["data"]
        [attempt] = delivery["attempts"]
        assert delivery["status"] == "pending" and attempt["response_status"] is None
        assert expected in attempt["error"], attempt
        assert delivery["next_attempt_at"] == world.clock.now() + 60
