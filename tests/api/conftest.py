from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from balances_app.api.app import create_api
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain.clock import FrozenClock
from tests.factories import make_account, make_platform


@dataclass
class World:
    client: TestClient
    platform: Platform
    secret_key: str
    account: ConnectedAccount  # stripe carries losses
    platform_account: ConnectedAccount  # the platform carries losses
    foreign_account: ConnectedAccount  # belongs to another platform
    engine: Engine
    clock: FrozenClock

    def post(self, path: str, data: dict[str, str] | None = None, **headers: str):
        return self.client.post(path, data=data, auth=(self.secret_key, ""), headers=headers)

    def get(self, path: str, params: dict[str, str] | None = None, **headers: str):
        return self.client.get(path, params=params, auth=(self.secret_key, ""), headers=headers)


@pytest.fixture
def world(engine: Engine, clock: FrozenClock) -> Iterator[World]:
    platform, secret_key = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now(), losses="stripe")
    platform_account = make_account(
        engine, platform, clock.now() + 1, country="GB", currency="gbp", losses="application"
    )
    other, _ = make_platform(engine, clock.now())
    foreign = make_account(engine, other, clock.now())
    with TestClient(create_api(clock, engine)) as client:
        yield World(client, platform, secret_key, account, platform_account, foreign, engine, clock)
