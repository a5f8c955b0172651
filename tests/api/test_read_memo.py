"""Hot reads remember what they read until anything commits, on any worker (db/read_memo.py).

Another worker is another engine on the same database: what it commits (a key rotated or
revoked, money moved) must show in this worker's very next read, with no expiry to wait for.
On PostgreSQL the same tests hold (its reads are not remembered at all).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, update
from starlette.testclient import TestClient

from balances_app.api.app import create_api
from balances_app.db.engine import make_engine, transaction
from balances_app.db.models import Platform
from balances_app.domain.ids import hash_secret
from tests.api.conftest import World
from tests.factories import make_account


@pytest.fixture
def other_worker(world: World) -> Iterator[Engine]:
    engine = make_engine(world.engine.url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()


def balance_of(world: World, key: str) -> tuple[int, dict]:
    response = world.client.get("/v1/balance", auth=(key, ""), headers={"Stripe-Account": world.account.id})
    return response.status_code, response.json()


def test_a_key_rotated_on_another_worker_stops_working_at_once(world: World, other_worker: Engine) -> None:
    assert balance_of(world, world.secret_key)[0] == 200
    assert balance_of(world, world.secret_key)[0] == 200  # now answered from what was read before
    with transaction(other_worker, write=True) as session:
        rotated = "sk_test_rotated" + "x" * 20
        session.exec(
            update(Platform).where(Platform.id == world.platform.id).values(secret_key_hash=hash_secret(rotated))
        )

    status, body = balance_of(world, world.secret_key)
    assert status == 401 and body["error"]["type"] == "authentication_error"
    assert balance_of(world, rotated)[0] == 200


def test_money_moved_on_another_worker_shows_in_the_next_read(world: World, other_worker: Engine) -> None:
    charge = {"amount": "1234", "currency": "usd", "source": "tok_bypassPending"}
    assert world.post("/v1/charges", charge, **{"Stripe-Account": world.account.id}).status_code == 200
    before = balance_of(world, world.secret_key)[1]["available"][0]["amount"]
    assert balance_of(world, world.secret_key)[1]["available"][0]["amount"] == before  # remembered
    with TestClient(create_api(world.clock, other_worker)) as other:
        charged = other.post(
            "/v1/charges",
            data=charge,
            auth=(world.secret_key, ""),
            headers={"Stripe-Account": world.account.id},
        )
        assert charged.status_code == 200, charged.text

    after = balance_of(world, world.secret_key)[1]["available"][0]["amount"]
    assert after == 2 * before  # the second charge's net, there at once
    assert balance_of(world, world.secret_key)[1]["available"][0]["amount"] == after


def test_an_account_added_on_another_worker_is_found_at_once(world: World, other_worker: Engine) -> None:
    assert balance_of(world, world.secret_key)[0] == 200
    added = make_account(other_worker, world.platform, world.clock.now() + 5, country="GB", currency="gbp")
    response = world.client.get("/v1/balance", auth=(world.secret_key, ""), headers={"Stripe-Account": added.id})
    assert response.status_code == 200 and response.json()["available"][0]["currency"] == "gbp"
