"""The host process runs due work in the background: nobody has to view a page or move the clock.

The platform's clock is moved straight in the database (as time itself would move), and the
payout still reaches `paid`, because the host's due-work runner found it by due time.
"""

from __future__ import annotations

import time

import httpx
import pytest

from balances_app.db.engine import transaction
from balances_app.db.models import Platform
from tests.e2e.conftest import Shop, Stack, seller
from tests.factories import DAY

pytestmark = pytest.mark.e2e


def test_the_host_runs_due_work_in_the_background(stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    created = httpx.post(
        f"{stack.host}/v1/payouts",
        data={"amount": "12000", "currency": "usd"},
        headers={"Stripe-Account": account.id},
        auth=(shop.secret_key, ""),
    )
    assert created.status_code == 200 and created.json()["status"] == "pending"
    with transaction(stack.engine, write=True) as session:
        platform = session.get(Platform, shop.platform.id)
        assert platform is not None
        platform.clock_offset += 7 * DAY  # past the arrival date, weekends included; no catch-up asked for
        session.add(platform)
    deadline, status = time.monotonic() + 30, "pending"
    while status != "paid" and time.monotonic() < deadline:  # poll for the condition
        response = httpx.get(
            f"{stack.host}/v1/payouts/{created.json()['id']}",
            headers={"Stripe-Account": account.id},
            auth=(shop.secret_key, ""),
        )
        status = response.json()["status"]
    assert status == "paid"
