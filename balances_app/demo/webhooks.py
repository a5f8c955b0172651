"""The demo platform's webhook handler, written as a platform would write it with Stripe.

At start-up it registers its own endpoint on the component host (`connect=true`, every event),
replacing the one an earlier run left behind, and keeps the signing secret in memory. Every
delivery is verified with the official `stripe` package before it is believed; the verified
events are kept for the log panel (type, account, object id, amount).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator
from typing import Any, Protocol

import stripe
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from balances_app.domain.money import format_money
from balances_app.settings import settings

log = logging.getLogger("balances.demo.webhooks")
KEPT = 200


class Api(Protocol):
    async def call(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, Any]: ...


def summary(event: Any) -> dict[str, Any]:
    """What the log panel shows of an event."""
    obj = event["data"]["object"]
    amount, currency = obj.get("amount"), obj.get("currency")
    if obj.get("object") == "balance" and obj.get("available"):
        amount, currency = obj["available"][0]["amount"], obj["available"][0]["currency"]
    return {
        "id": event["id"],
        "type": event["type"],
        "account": event.get("account") or "",
        "object_id": obj.get("id") or obj.get("object", ""),
        "amount": format_money(amount, currency) if isinstance(amount, int) and currency else "",
    }


class Inbox:
    def __init__(self, api: Api, url: str | None = None) -> None:
        self.api = api
        self.url = url or os.environ.get("DEMO_URL", f"http://127.0.0.1:{settings.demo_port}") + "/api/webhooks"
        self.secret: str | None = None
        self.events: list[dict[str, Any]] = []
        self.rejected = 0

    async def register(self) -> None:
        """Replace the endpoints earlier runs registered at our URL (their secrets are gone) with one."""
        _, listed = await self.api.call("GET", "/v1/webhook_endpoints?limit=100")
        for endpoint in listed.get("data", []):
            if endpoint["url"] == self.url:
                await self.api.call("DELETE", f"/v1/webhook_endpoints/{endpoint['id']}")
        form = {"url": self.url, "enabled_events[]": "*", "connect": "true", "description": "Rocket Rides backend"}
        status, created = await self.api.call("POST", "/v1/webhook_endpoints", form)
        if status != 200:
            raise RuntimeError(f"could not register the webhook endpoint: {created}")
        self.secret = created["secret"]

    async def register_when_up(self) -> None:
        """The host may still be starting: try until it answers."""
        while self.secret is None:
            try:
                await self.register()
            except Exception as error:  # not up yet, or refused: try again shortly
                log.info("webhook endpoint not registered yet: %s", error)
                await asyncio.sleep(1)

    async def receive(self, request: Request) -> Response:
        payload = await request.body()
        try:
            event = stripe.Webhook.construct_event(
                payload.decode(), request.headers.get("stripe-signature", ""), self.secret or ""
            )
        except (ValueError, stripe.SignatureVerificationError):
            self.rejected += 1
            return JSONResponse({"error": "signature verification failed"}, status_code=400)
        if all(seen["id"] != event.id for seen in self.events):  # deliveries are at least once
            self.events.append(summary(json.loads(payload)))
            del self.events[:-KEPT]
        return JSONResponse({"received": True})

    async def list_events(self, request: Request) -> JSONResponse:
        account = request.query_params.get("account")
        return JSONResponse([e for e in self.events if not account or e["account"] == account])

    @property
    def routes(self) -> list[Route]:
        return [
            Route("/api/webhooks", self.receive, methods=["POST"]),
            Route("/api/webhook_events", self.list_events, methods=["GET"]),
        ]

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(self.register_when_up())
        try:
            yield
        finally:
            task.cancel()
