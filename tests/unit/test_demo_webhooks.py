"""The demo platform's webhook handler: verified deliveries are logged once, forged ones refused."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.applications import Starlette
from starlette.testclient import TestClient

from balances_app.demo.webhooks import Inbox
from balances_app.domain.deliveries import signature_header


class FakeApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def call(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, Any]:
        self.calls.append((method, path))
        if method == "GET":
            old = [{"id": "we_old", "url": "http://127.0.0.1:4242/api/webhooks"}, {"id": "we_x", "url": "https://x"}]
            return 200, {"data": old}
        if method == "POST":
            return 200, {"id": "we_new", "secret": "whsec_demo"}
        return 200, {"deleted": True}


def test_the_demo_registers_verifies_and_logs_each_event_once() -> None:
    api = FakeApi()
    inbox = Inbox(api, url="http://127.0.0.1:4242/api/webhooks")
    client = TestClient(Starlette(routes=inbox.routes))

    with ThreadPoolExecutor(1) as pool:  # a loop of its own: Playwright's sync API may hold this thread's
        pool.submit(asyncio.run, inbox.register()).result()
    assert ("DELETE", "/v1/webhook_endpoints/we_old") in api.calls and (
        "DELETE",
        "/v1/webhook_endpoints/we_x",
    ) not in api.calls
    event = {
        "id": "evt_1",
        "object": "event",
        "type": "payout.created",
        "account": "acct_1DemoJPTaxi00004",
        "data": {"object": {"id": "po_1", "object": "payout", "amount": 1234, "currency": "jpy"}},
    }
    payload = json.dumps(event).encode()
    signed = {"Stripe-Signature": signature_header(payload, "whsec_demo", int(time.time()))}
    assert client.post("/api/webhooks", content=payload, headers=signed).status_code == 200
    assert client.post("/api/webhooks", content=payload, headers=signed).status_code == 200  # a retry
    forged = {"Stripe-Signature": signature_header(payload, "whsec_guess", int(time.time()))}
    assert client.post("/api/webhooks", content=payload, headers=forged).status_code == 400
    logged = client.get("/api/webhook_events", params={"account": "acct_1DemoJPTaxi00004"}).json()
    assert logged == [
        {
            "id": "evt_1",
            "type": "payout.created",
            "account": "acct_1DemoJPTaxi00004",
            "object_id": "po_1",
            "amount": "¥1,234",
        }
    ]
    assert inbox.rejected == 1
