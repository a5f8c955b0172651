"""Events: the record of every change a platform should hear about, written with the change itself.

`emit` is called from the one write path of each change, inside its transaction: the event and
its deliveries (one per matching webhook endpoint) commit or roll back with the money. What the
API request was (its `Request-Id` and `Idempotency-Key`) reaches here through a context variable
that the API sets around each request, so write paths need no extra parameter.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, select

from balances_app.db.engine import RawReader
from balances_app.db.event_tables import Event, WebhookDelivery, WebhookEndpoint
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.db.rows import insert_now, new_row
from balances_app.domain.clock import system_clock
from balances_app.domain.ids import new_id, random_token
from balances_app.domain.platforms import clock_for

API_VERSION = "2026-10-28.endive"
# The events we emit; endpoints may subscribe to any well-formed Stripe event name, or "*".
TYPES = (
    "account.updated",
    "account.external_account.created",
    "account.external_account.updated",
    "account.external_account.deleted",
    "balance.available",
    "charge.succeeded",
    "payout.created",
    "payout.updated",
    "payout.paid",
    "payout.failed",
    "payout.canceled",
    "topup.created",
    "topup.succeeded",
    "topup.failed",
)
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Cause:
    request_id: str | None
    idempotency_key: str | None


_cause: ContextVar[Cause | None] = ContextVar("balances_event_cause", default=None)


@contextmanager
def caused_by(request_id: str | None, idempotency_key: str | None = None) -> Iterator[None]:
    """Events emitted inside come from this API request (or, with None, from no request)."""
    token = _cause.set(Cause(request_id, idempotency_key) if request_id else None)
    try:
        yield
    finally:
        _cause.reset(token)


def _event_id() -> str:
    """`evt_1...`: ids sort in the order events were written, so lists are newest first."""
    stamp, digits = time.time_ns() // 1000, []
    for _ in range(10):
        stamp, digit = divmod(stamp, 62)
        digits.append(_BASE62[digit])
    return f"evt_1{''.join(reversed(digits))}{random_token(14)}"


def subscribed(enabled_events: list[str], event_type: str) -> bool:
    return "*" in enabled_events or event_type in enabled_events


def emit(
    session: Session,
    account_id: str,
    event_type: str,
    obj: dict[str, Any],
    *,
    now: int | None = None,
    previous: dict[str, Any] | None = None,
) -> Event:
    """Write one event about a connected account, and its deliveries, in the caller's transaction."""
    assert event_type in TYPES, event_type
    account = session.get(ConnectedAccount, account_id)
    assert account is not None
    if now is None:  # callers without a clock of their own (the component's actions): the platform's
        platform = session.get(Platform, account.platform_id)
        assert platform is not None
        now = clock_for(platform, system_clock).now()
    cause = _cause.get()
    data: dict[str, Any] = {"object": obj}
    if previous:
        data["previous_attributes"] = previous
    event = new_row(
        Event,
        id=_event_id(),
        platform_id=account.platform_id,
        account_id=account.id,
        type=event_type,
        created=now,
        data=data,
        request_id=cause.request_id if cause else None,
        idempotency_key=cause.idempotency_key if cause else None,
    )
    insert_now(session, event)
    for endpoint_id, enabled_events in RawReader.within(session).rows(_LISTENING, platform_id=account.platform_id):
        if subscribed(enabled_events, event_type):
            delivery = new_row(
                WebhookDelivery,
                id=new_id("whdel"),
                event_id=event.id,
                endpoint_id=endpoint_id,
                platform_id=account.platform_id,
                next_attempt_at=now,
                created=now,
            )
            insert_now(session, delivery)
    return event


# The platform's enabled endpoints for connected accounts' events (read on every event: Core, not ORM rows).
_LISTENING = select(WebhookEndpoint.id, WebhookEndpoint.enabled_events).where(
    WebhookEndpoint.platform_id == bindparam("platform_id"),
    WebhookEndpoint.status == "enabled",
    WebhookEndpoint.connect,
    WebhookEndpoint.deleted == False,  # noqa: E712
)


def previous_attributes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The values that changed, as they were, nested as in the object (Stripe's `previous_attributes`)."""
    changed: dict[str, Any] = {}
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            if inner := previous_attributes(old, new):
                changed[key] = inner
        elif old != new:
            changed[key] = old
    return changed


def event_object(event: Event, pending_webhooks: int) -> dict[str, Any]:
    body: dict[str, Any] = {"id": event.id, "object": "event"}
    if event.account_id:
        body["account"] = event.account_id
    body |= {
        "api_version": API_VERSION,
        "created": event.created,
        "data": event.data,
        "livemode": False,
        "pending_webhooks": pending_webhooks,
        "request": {"id": event.request_id, "idempotency_key": event.idempotency_key},
        "type": event.type,
    }
    return body
