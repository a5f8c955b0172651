"""Webhook delivery rules: who attempts what when, how it is signed, and what a failure costs.

A delivery (one event for one endpoint) is claimed before each attempt: the claim is a lease
written under `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer), so with several
workers and hosts each attempt is made by one of them. A worker that dies mid-attempt leaves a
lease that runs out, and the delivery is attempted again: at least once, never lost.
Retries back off exponentially (1 minute, x3 each time, at most 12 hours apart) and stop once
the next attempt would fall more than three days after the event, as Stripe's do.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from balances_app.db.event_tables import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from balances_app.db.models import Platform
from balances_app.domain.events import event_object
from balances_app.domain.ids import new_id, random_token

FIRST_RETRY_SECONDS = 60
BACKOFF_FACTOR = 3
LONGEST_WAIT_SECONDS = 12 * 3600
GIVE_UP_AFTER_SECONDS = 3 * 24 * 3600


def retry_delay(attempts_made: int) -> int:
    """Seconds to wait after the `attempts_made`-th failed attempt."""
    return min(FIRST_RETRY_SECONDS * BACKOFF_FACTOR ** (attempts_made - 1), LONGEST_WAIT_SECONDS)


def signature_header(payload: bytes, secret: str, timestamp: int) -> str:
    """`Stripe-Signature: t=...,v1=...`: HMAC-SHA256 of "{t}.{payload}" keyed by the endpoint's secret."""
    signed = f"{timestamp}.".encode() + payload
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


@dataclass(frozen=True)
class Claim:
    """One attempt a worker holds: what to send where, and the token that proves the claim is its own."""

    delivery_id: str
    token: str
    url: str
    secret: str
    payload: bytes
    platform_id: str


def due_exists(session: Session, host_now: int) -> bool:
    """A cheap read (no write lock): is any attempt due? Workers ask before claiming."""
    return session.exec(_due(host_now).limit(1)).first() is not None


def _due(host_now: int):  # type: ignore[no-untyped-def]
    return (
        select(WebhookDelivery)
        .join(Platform, col(Platform.id) == col(WebhookDelivery.platform_id))
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(
            WebhookDelivery.status == "pending",
            col(WebhookDelivery.next_attempt_at) <= host_now + col(Platform.clock_offset),
            or_(col(WebhookDelivery.locked_until).is_(None), col(WebhookDelivery.locked_until) < host_now),
            WebhookEndpoint.status == "enabled",
        )
    )


def claim(session: Session, host_now: int, worker: str, lease_seconds: int, limit: int) -> list[Claim]:
    """Take up to `limit` due attempts for `worker`, each leased for `lease_seconds` of host time."""
    query = _due(host_now).order_by(col(WebhookDelivery.next_attempt_at)).limit(limit)
    deliveries = session.exec(query.with_for_update(skip_locked=True, of=WebhookDelivery)).all()
    claims = []
    for delivery in deliveries:
        delivery.locked_until, delivery.claim_token = host_now + lease_seconds, random_token(16)
        delivery.claimed_by = worker
        session.add(delivery)
        event = session.exec(select(Event).where(Event.id == delivery.event_id)).one()
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        assert endpoint is not None and delivery.claim_token is not None
        body = event_object(event, pending_counts(session, [event.id]).get(event.id, 0))
        payload = json.dumps(body, indent=2, ensure_ascii=False).encode()
        claims.append(
            Claim(delivery.id, delivery.claim_token, endpoint.url, endpoint.secret, payload, event.platform_id)
        )
    return claims


def record(
    session: Session,
    claim: Claim,
    platform_now: int,
    worker: str,
    *,
    status: int | None,
    error: str | None,
    duration_ms: int,
) -> None:
    """Store how an attempt ended, and when the next one is due (if any)."""
    succeeded = status is not None and 200 <= status < 300
    session.add(
        WebhookAttempt(
            id=new_id("whatt"),
            delivery_id=claim.delivery_id,
            created=platform_now,
            succeeded=succeeded,
            response_status=status,
            error=error,
            duration_ms=duration_ms,
            worker=worker,
        )
    )
    delivery = session.exec(
        select(WebhookDelivery).where(WebhookDelivery.id == claim.delivery_id).with_for_update()
    ).one()
    if delivery.claim_token != claim.token or delivery.status != "pending":
        return  # the lease ran out and another worker took over: it decides what comes next
    delivery.attempt_count += 1
    delivery.locked_until = delivery.claim_token = delivery.claimed_by = None
    if succeeded:
        delivery.status = "succeeded"
    else:
        next_at = platform_now + retry_delay(delivery.attempt_count)
        if next_at > delivery.created + GIVE_UP_AFTER_SECONDS:
            delivery.status = "failed"
        else:
            delivery.next_attempt_at = next_at
    session.add(delivery)


def pending_counts(session: Session, event_ids: list[str]) -> dict[str, int]:
    """`pending_webhooks` per event: deliveries not (yet) successful."""
    rows = session.exec(
        select(WebhookDelivery.event_id, func.count())
        .where(col(WebhookDelivery.event_id).in_(event_ids), WebhookDelivery.status.in_(("pending", "failed")))  # type: ignore[attr-defined]
        .group_by(WebhookDelivery.event_id)
    ).all()
    return dict(rows)


def delivery_object(session: Session, delivery: WebhookDelivery) -> dict[str, object]:
    """A delivery and its attempts, newest attempt first (our addition to Stripe's API)."""
    attempts = session.exec(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery.id)
        .order_by(col(WebhookAttempt.created).desc(), col(WebhookAttempt.id))
    ).all()
    return {
        "id": delivery.id,
        "object": "webhook_delivery",
        "created": delivery.created,
        "event": delivery.event_id,
        "webhook_endpoint": delivery.endpoint_id,
        "status": delivery.status,
        "attempt_count": delivery.attempt_count,
        "next_attempt_at": delivery.next_attempt_at if delivery.status == "pending" else None,
        "attempts": [
            {
                "created": a.created,
                "succeeded": a.succeeded,
                "response_status": a.response_status,
                "error": a.error,
                "duration_ms": a.duration_ms,
            }
            for a in attempts
        ],
    }
