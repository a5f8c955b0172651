"""What an adversary found in the webhook, events and payouts APIs: each a 400 in Stripe's shape, not a 500."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from balances_app import due_runner
from balances_app.db.engine import transaction
from balances_app.db.event_tables import WebhookDelivery, WebhookEndpoint
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain.platforms import LATEST_TEST_TIME
from balances_app.webhook_worker import Worker
from tests.api.conftest import World
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule

HOOKS = "/v1/webhook_endpoints"
UNSENDABLE_URLS = [
    "http://[::1",  # an IPv6 bracket never closed
    "http://host:abc/",  # a port that is no number
    "http://[::1]:99999/x",  # a port out of range
    "https://exa mple.com/",  # whitespace in the host
    "https://host/\r\nX-Injected: 1",  # a header injection
    "http://a..b/",  # an empty label
    "https://" + "a" * 64 + ".example/",  # a label over 63 characters
]


def endpoint_ids(world: World) -> list[str]:
    return [e["id"] for e in world.get(HOOKS).json()["data"]]


@pytest.mark.parametrize("url", UNSENDABLE_URLS)
def test_a_webhook_url_we_could_never_send_to_is_a_400(world: World, url: str) -> None:
    created = world.post(HOOKS, {"url": url, "enabled_events[]": "*", "connect": "true"})
    assert created.status_code == 400, created.text
    error = created.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", "url_invalid", "url")
    assert endpoint_ids(world) == []
    good = world.post(HOOKS, {"url": "https://platform.example/hooks", "enabled_events[]": "*"}).json()["id"]
    changed = world.post(f"{HOOKS}/{good}", {"url": url})
    assert changed.status_code == 400 and changed.json()["error"]["param"] == "url"
    assert world.get(f"{HOOKS}/{good}").json()["url"] == "https://platform.example/hooks"


def test_an_unsendable_url_already_stored_fails_its_attempts_instead_of_stalling_the_worker(world: World) -> None:
    """Endpoints saved before the URL check (or edited in the database) must not poison every round."""
    endpoint = world.post(HOOKS, {"url": "https://platform.example/hooks", "enabled_events[]": "*", "connect": "true"})
    endpoint_id = endpoint.json()["id"]
    with transaction(world.engine, write=True) as session:
        row = session.get(WebhookEndpoint, endpoint_id)
        assert row is not None
        row.url = "http://host:abc/"
        session.add(row)
    form = {"amount": "1000", "currency": "usd", "source": "tok_bypassPending"}
    assert world.post("/v1/charges", form, **{"Stripe-Account": world.account.id}).status_code == 200
    made = asyncio.run(Worker(world.engine, world.clock, timeout=2).deliver_due())
    assert made == 2  # charge.succeeded and balance.available, each attempted and recorded
    deliveries = world.get(f"{HOOKS}/{endpoint_id}/deliveries").json()["data"]
    assert [d["attempt_count"] for d in deliveries] == [1, 1]
    assert all(d["attempts"][0]["error"] and d["attempts"][0]["response_status"] is None for d in deliveries)
    with transaction(world.engine) as session:
        assert all(d.locked_until is None for d in session.exec(select(WebhookDelivery)).all())


@pytest.mark.parametrize("query", [{"types[0][a]": "payout.paid"}, {"types[0][]": "payout.paid"}])
def test_event_types_that_are_not_strings_are_a_400(world: World, query: dict[str, str]) -> None:
    listed = world.get("/v1/events", query)
    assert listed.status_code == 400, listed.text
    assert listed.json()["error"]["param"] == "types"


def test_the_payouts_list_refuses_a_status_that_does_not_exist(world: World) -> None:
    """Stripe answers 400 for an unknown status; an empty list would read as 'no failed payouts'."""
    on = {"Stripe-Account": world.account.id}
    listed = world.get("/v1/payouts", {"status": "faild"}, **on)
    assert listed.status_code == 400, listed.text
    assert listed.json()["error"]["param"] == "status"
    assert world.get("/v1/payouts", {"status": "failed"}, **on).status_code == 200


def test_creating_a_webhook_endpoint_twice_with_one_idempotency_key_creates_one(world: World) -> None:
    """The SDKs retry POSTs with the same key; the secret is shown once, so the retry must see the same one."""
    form = {"url": "https://platform.example/hooks", "enabled_events[]": "*", "connect": "true"}
    first = world.post(HOOKS, form, **{"Idempotency-Key": "hook-1"})
    again = world.post(HOOKS, form, **{"Idempotency-Key": "hook-1"})
    assert first.status_code == again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"] and again.json()["secret"] == first.json()["secret"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert endpoint_ids(world) == [first.json()["id"]]
    other = world.post(HOOKS, {**form, "url": "https://other.example/"}, **{"Idempotency-Key": "hook-1"})
    assert other.status_code == 400 and other.json()["error"]["type"] == "idempotency_error"


def test_a_platform_has_at_most_16_webhook_endpoints(world: World) -> None:
    """Each event is written once per endpoint inside the money's transaction: thousands would stall every write."""
    form = {"enabled_events[]": "*", "connect": "true"}
    made = [world.post(HOOKS, {**form, "url": f"https://h{n}.example/"}).json()["id"] for n in range(16)]
    refused = world.post(HOOKS, {**form, "url": "https://h16.example/"})
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["code"] == "webhook_endpoint_limit_reached"
    assert len(world.get(HOOKS, {"limit": "100"}).json()["data"]) == 16
    world.client.delete(f"{HOOKS}/{made[0]}", auth=(world.secret_key, ""))
    assert world.post(HOOKS, {**form, "url": "https://h16.example/"}).status_code == 200


def test_a_refused_webhook_url_leaves_the_idempotency_key_free_for_the_corrected_request(world: World) -> None:
    """Validation errors are not stored (README): the retry with the URL fixed creates the endpoint."""
    key = {"Idempotency-Key": "hook-2"}
    form = {"enabled_events[]": "*", "connect": "true"}
    assert world.post(HOOKS, {**form, "url": "http://host:abc/"}, **key).status_code == 400
    fixed = world.post(HOOKS, {**form, "url": "https://platform.example/hooks"}, **key)
    assert fixed.status_code == 200, fixed.text
    assert endpoint_ids(world) == [fixed.json()["id"]]


def _move_platform_clock_to(world: World, platform_id: str, moment: int) -> None:
    """Where hundreds of two-year `clock/advance` calls would take it (each is a cheap call on manual accounts)."""
    with transaction(world.engine, write=True) as session:
        platform = session.get(Platform, platform_id)
        assert platform is not None
        platform.clock_offset = moment - world.clock.now()
        session.add(platform)
        for account in session.exec(select(ConnectedAccount).where(ConnectedAccount.platform_id == platform_id)):
            account.payouts_processed_through = moment - DAY
            session.add(account)


def test_the_test_clock_stops_where_stored_times_end(world: World) -> None:
    near_the_end = LATEST_TEST_TIME - 30 * DAY
    _move_platform_clock_to(world, world.platform.id, near_the_end)
    refused = world.post("/v1/test_helpers/clock/advance", {"seconds": str(60 * DAY)})
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["param"] == "seconds"
    moved = world.post("/v1/test_helpers/clock/advance", {"seconds": str(DAY)})
    assert moved.status_code == 200 and moved.json()["frozen_time"] == near_the_end + DAY


def test_one_platform_whose_due_work_fails_does_not_stop_the_others(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner's tick visits every platform: one whose due work raises must not block the rest."""
    platform, key = make_platform(world.engine, world.clock.now())
    account = make_account(world.engine, platform, world.clock.now())
    set_schedule(world.engine, account, "manual")
    bank_account(world.engine, account)
    charge(world.engine, account.id, 5_000, world.clock.now(), available_in_days=0)
    form = {"amount": "1000", "currency": "usd"}
    payout = world.client.post("/v1/payouts", data=form, auth=(key, ""), headers={"Stripe-Account": account.id})
    assert payout.status_code == 200, payout.text
    broken = {world.platform.id, world.foreign_account.platform_id}
    real = due_runner.run_platform

    def failing_for_some(engine: object, platform_id: str, *args: object, **kwargs: object) -> int:
        if platform_id in broken:
            raise OverflowError("this platform's due work fails")
        return real(engine, platform_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(due_runner, "run_platform", failing_for_some)
    world.clock.advance(10 * DAY)
    due_runner.tick(world.engine, world.clock)
    paid = world.client.get(
        f"/v1/payouts/{payout.json()['id']}", auth=(key, ""), headers={"Stripe-Account": account.id}
    )
    assert paid.json()["status"] == "paid"


@pytest.mark.parametrize("pattern", ["%.*", "_harge.*", "%"])
def test_the_event_type_filter_takes_sql_wildcards_literally(world: World, pattern: str) -> None:
    form = {"amount": "1000", "currency": "usd", "source": "tok_bypassPending"}
    assert world.post("/v1/charges", form, **{"Stripe-Account": world.account.id}).status_code == 200
    assert len(world.get("/v1/events").json()["data"]) == 2  # charge.succeeded and balance.available
    assert [e["type"] for e in world.get("/v1/events", {"type": "charge.*"}).json()["data"]] == ["charge.succeeded"]
    assert world.get("/v1/events", {"type": pattern}).json()["data"] == []


def test_metadata_stays_within_50_keys_however_many_updates_add_keys(world: World) -> None:
    """Fifty new keys per update grew an object (and each event carrying it) without end."""
    hook = world.post(HOOKS, {"url": "https://platform.example/hooks", "enabled_events[]": "*"}).json()["id"]
    form = {"external_account[country]": "US", "external_account[currency]": "usd"}
    form |= {"external_account[account_number]": "000123456789", "external_account[routing_number]": "110000000"}
    bank = world.post(f"/v1/accounts/{world.account.id}/external_accounts", form).json()["id"]
    for path in (f"{HOOKS}/{hook}", f"/v1/accounts/{world.account.id}/external_accounts/{bank}"):
        full = world.post(path, {f"metadata[a{i}]": "x" for i in range(50)})
        assert full.status_code == 200 and len(full.json()["metadata"]) == 50
        more = world.post(path, {f"metadata[b{i}]": "x" for i in range(50)})
        assert more.status_code == 400 and more.json()["error"]["param"] == "metadata"
        assert len(world.get(path).json()["metadata"]) == 50
        swapped = world.post(path, {"metadata[a0]": "", "metadata[b0]": "y"})  # an empty value unsets a key
        assert swapped.status_code == 200, swapped.text
        assert len(swapped.json()["metadata"]) == 50 and "a0" not in swapped.json()["metadata"]


def test_an_amount_over_the_limit_leaves_the_idempotency_key_free_for_the_corrected_payout(world: World) -> None:
    """`amount_too_large` is a parameter check, like `parameter_invalid`: nothing ran, so nothing is stored."""
    on = {"Stripe-Account": world.account.id, "Idempotency-Key": "payout-1"}
    set_schedule(world.engine, world.account, "manual")
    bank_account(world.engine, world.account)
    charge(world.engine, world.account.id, 5_000, world.clock.now(), available_in_days=0)
    too_large = world.post("/v1/payouts", {"amount": "9" * 13, "currency": "usd"}, **on)
    assert too_large.json()["error"]["code"] == "amount_too_large"
    fixed = world.post("/v1/payouts", {"amount": "1000", "currency": "usd"}, **on)
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["amount"] == 1000
