"""/v1/webhook_endpoints and /v1/events in Stripe's wire format."""

from __future__ import annotations

from balances_app.webhook_worker import Worker
from tests.api.conftest import World
from tests.factories import DAY, make_platform

ACCOUNT = "Stripe-Account"


def create(world: World, **params: str):
    form = {"url": "https://platform.example/hooks", "enabled_events[]": "*", "connect": "true", **params}
    return world.post("/v1/webhook_endpoints", form)


def test_the_secret_is_shown_on_create_only(world: World) -> None:
    created = create(world, description="Backend", **{"metadata[team]": "payments"})
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["object"] == "webhook_endpoint" and body["id"].startswith("we_")
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    assert (body["url"], body["enabled_events"], body["status"]) == ("https://platform.example/hooks", ["*"], "enabled")
    assert body["metadata"] == {"team": "payments"} and body["description"] == "Backend"
    listed = world.get("/v1/webhook_endpoints").json()
    assert [e["id"] for e in listed["data"]] == [body["id"]]
    one = world.get(f"/v1/webhook_endpoints/{body['id']}").json()
    assert "secret" not in listed["data"][0] and "secret" not in one
    assert body["secret"] not in world.get("/v1/webhook_endpoints").text


def test_update_disable_and_delete(world: World) -> None:
    endpoint_id = create(world).json()["id"]
    changed = world.post(
        f"/v1/webhook_endpoints/{endpoint_id}",
        {"disabled": "true", "url": "https://other.example/x", "enabled_events[0]": "payout.paid"},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["status"], body["url"], body["enabled_events"]) == (
        "disabled",
        "https://other.example/x",
        ["payout.paid"],
    )
    assert world.post(f"/v1/webhook_endpoints/{endpoint_id}", {"disabled": "false"}).json()["status"] == "enabled"
    deleted = world.client.delete(f"/v1/webhook_endpoints/{endpoint_id}", auth=(world.secret_key, ""))
    assert deleted.json() == {"id": endpoint_id, "object": "webhook_endpoint", "deleted": True}
    assert world.get(f"/v1/webhook_endpoints/{endpoint_id}").status_code == 404
    assert world.get("/v1/webhook_endpoints").json()["data"] == []


def test_bad_endpoints_are_refused_and_nothing_is_created(world: World) -> None:
    for params, param in [
        ({"url": "ftp://platform.example/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"enabled_events[]": "payout paid"}, "enabled_events"),
        ({"connect": "maybe"}, "connect"),
        ({"colour": "red"}, "colour"),
        ({"description": "x" * 5001}, "description"),
        ({"url": "https://platform.example/" + "x" * 3000}, "url"),
        ({"metadata[a][b]": "nested"}, "metadata[a]"),
    ]:
        response = create(world, **params)
        assert response.status_code == 400, params
        assert response.json()["error"]["param"] == param
    too_many = {"enabled_events[]": [f"payout.type_{i}" for i in range(301)], "url": "https://p.example/x"}
    response = world.client.post("/v1/webhook_endpoints", data=too_many, auth=(world.secret_key, ""))
    assert response.status_code == 400 and response.json()["error"]["param"] == "enabled_events"
    missing = world.post("/v1/webhook_endpoints", {"url": "https://platform.example/x"})
    assert missing.json()["error"]["code"] == "parameter_missing"
    assert world.get("/v1/webhook_endpoints").json()["data"] == []


def test_another_platforms_endpoint_is_unknown(world: World) -> None:
    endpoint_id = create(world).json()["id"]
    _, other_key = make_platform(world.engine, world.clock.now())
    for response in (
        world.client.get(f"/v1/webhook_endpoints/{endpoint_id}", auth=(other_key, "")),
        world.client.post(f"/v1/webhook_endpoints/{endpoint_id}", data={"disabled": "true"}, auth=(other_key, "")),
        world.client.delete(f"/v1/webhook_endpoints/{endpoint_id}", auth=(other_key, "")),
    ):
        assert response.status_code == 404
    assert world.get(f"/v1/webhook_endpoints/{endpoint_id}").json()["status"] == "enabled"


def charge(world: World, account_id: str, source: str = "tok_visa", key: str | None = None):
    headers = {ACCOUNT: account_id, **({"Idempotency-Key": key} if key else {})}
    return world.post("/v1/charges", {"amount": "1000", "currency": "usd", "source": source}, **headers)


def test_events_list_filters_and_pages(world: World) -> None:
    first = charge(world, world.account.id, key="charge-1")
    charge(world, world.platform_account.id)
    world.post("/v1/test_helpers/clock/advance", {"seconds": str(3 * DAY)})
    Worker(world.engine, world.clock).watch_funds()  # the host's worker notices funds arriving
    charge(world, world.account.id, "tok_bypassPending")
    everything = world.get("/v1/events", {"limit": "100"}).json()
    types = [e["type"] for e in everything["data"]]
    assert types[0] == "balance.available" and types.count("charge.succeeded") == 3  # newest first
    mine = world.get("/v1/events", {"limit": "100"}, **{ACCOUNT: world.account.id}).json()["data"]
    assert {e["account"] for e in mine} == {world.account.id}
    oldest = mine[-1]
    assert oldest["type"] == "charge.succeeded" and oldest["data"]["object"]["id"] == first.json()["id"]
    assert oldest["request"] == {"id": first.headers["request-id"], "idempotency_key": "charge-1"}
    assert oldest["pending_webhooks"] == 0 and oldest["object"] == "event" and oldest["id"].startswith("evt_")
    only = world.get("/v1/events", {"type": "charge.succeeded"}, **{ACCOUNT: world.account.id}).json()["data"]
    assert [e["type"] for e in only] == ["charge.succeeded", "charge.succeeded"]
    both = world.get("/v1/events", {"types[]": ["balance.available", "charge.succeeded"]}).json()["data"]
    assert len(both) == len(everything["data"])
    wildcard = world.get("/v1/events", {"type": "balance.*"}).json()["data"]
    assert {e["type"] for e in wildcard} == {"balance.available"}
    later = world.get("/v1/events", {"created[gt]": str(world.clock.now() + DAY)}, **{ACCOUNT: world.account.id})
    later = later.json()["data"]
    assert [e["type"] for e in later] == ["balance.available", "charge.succeeded", "balance.available"]
    page = world.get("/v1/events", {"limit": "2"}).json()
    rest = world.get("/v1/events", {"limit": "100", "starting_after": page["data"][-1]["id"]}).json()
    assert page["has_more"] is True
    assert [e["id"] for e in page["data"] + rest["data"]] == [e["id"] for e in everything["data"]]
    assert world.get(f"/v1/events/{oldest['id']}").json()["id"] == oldest["id"]
    assert world.get(f"/v1/events/{oldest['id']}", **{ACCOUNT: world.platform_account.id}).status_code == 404
    _, other_key = make_platform(world.engine, world.clock.now())
    assert world.client.get(f"/v1/events/{oldest['id']}", auth=(other_key, "")).status_code == 404
    assert world.get("/v1/events", {"type": "x", "types[]": "y"}).status_code == 400
