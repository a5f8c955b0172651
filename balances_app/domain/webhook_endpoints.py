"""Webhook endpoints: where a platform wants its events POSTed, and the secret that signs them.

The signing secret (`whsec_...`) is shown once, when the endpoint is created. It is kept
because signing needs it, and never rendered again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlalchemy import update as sql_update
from sqlmodel import Session, col, select

from balances_app.db.event_tables import WebhookDelivery, WebhookEndpoint
from balances_app.domain import metadata
from balances_app.domain.errors import StripeError, invalid, missing, no_such
from balances_app.domain.ids import new_id, random_token

_EVENT_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
MAX_ENABLED_EVENTS = 300
MAX_ENDPOINTS = 16  # Stripe's limit per account; every event is written once per endpoint, in the money's transaction


@dataclass
class EndpointChange:
    """What a create or an update asks for; None leaves a field as it is."""

    url: str | None = None
    enabled_events: list[str] | None = None
    description: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    connect: bool | None = None
    disabled: bool | None = None
    api_version: str | None = None


def _check_url(url: str) -> str:
    """An absolute http(s) URL the delivery worker can really POST to; anything else is refused now, not at send."""
    refused = invalid("url", f"Invalid URL: {url[:200]!r}. Use an absolute http or https URL.", code="url_invalid")
    if len(url) > 2048 or any(c.isspace() or not c.isprintable() for c in url):
        raise refused
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number, or out of 0-65535, raises
        (parts.hostname or "").encode("idna")  # empty or overlong labels raise
    except ValueError:
        raise refused from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise refused
    return url


def _check_events(names: list[str]) -> list[str]:
    if not names or len(names) > MAX_ENABLED_EVENTS:
        raise invalid("enabled_events", f"enabled_events must list 1 to {MAX_ENABLED_EVENTS} event types, or '*'.")
    for name in names:
        if name != "*" and not _EVENT_NAME.match(name):
            raise invalid("enabled_events", f"Invalid event type in enabled_events: '{name}'.")
    return list(dict.fromkeys(names))


def create(session: Session, platform_id: str, change: EndpointChange, now: int) -> tuple[WebhookEndpoint, str]:
    """Create an endpoint; the secret is returned here once."""
    if change.url is None:
        raise missing("url")
    if change.enabled_events is None:
        raise missing("enabled_events")
    live = select(func.count()).where(WebhookEndpoint.platform_id == platform_id, ~col(WebhookEndpoint.deleted))
    if session.exec(live).one() >= MAX_ENDPOINTS:
        raise StripeError(
            f"You have reached the maximum of {MAX_ENDPOINTS} webhook endpoints: delete one before adding another.",
            code="webhook_endpoint_limit_reached",
        )
    secret = f"whsec_{random_token(32)}"
    endpoint = WebhookEndpoint(
        id=new_id("we"),
        platform_id=platform_id,
        url=_check_url(change.url),
        enabled_events=_check_events(change.enabled_events),
        connect=bool(change.connect),
        description=change.description,
        metadata_={k: v for k, v in change.metadata.items() if v != ""},
        api_version=change.api_version,
        status="disabled" if change.disabled else "enabled",
        secret=secret,
        created=now,
    )
    session.add(endpoint)
    session.flush()
    return endpoint, secret


def get(session: Session, platform_id: str, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.platform_id != platform_id or endpoint.deleted:
        raise no_such("webhook endpoint", endpoint_id)
    return endpoint


def update(session: Session, platform_id: str, endpoint_id: str, change: EndpointChange) -> WebhookEndpoint:
    endpoint = get(session, platform_id, endpoint_id)
    if change.url is not None:
        endpoint.url = _check_url(change.url)
    if change.enabled_events is not None:
        endpoint.enabled_events = _check_events(change.enabled_events)
    if change.description is not None:
        endpoint.description = change.description or None
    if change.metadata:  # Stripe's rule: keys merge, and an empty value removes a key
        endpoint.metadata_ = metadata.merged(endpoint.metadata_, change.metadata)
    if change.disabled is not None:
        endpoint.status = "disabled" if change.disabled else "enabled"
    session.add(endpoint)
    return endpoint


def delete(session: Session, platform_id: str, endpoint_id: str) -> WebhookEndpoint:
    """Remove an endpoint: nothing more is sent to it; its attempts stay on record."""
    endpoint = get(session, platform_id, endpoint_id)
    endpoint.deleted, endpoint.status = True, "disabled"
    session.add(endpoint)
    session.execute(
        sql_update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "pending")  # type: ignore[arg-type]
        .values(status="canceled")
    )
    return endpoint


def endpoint_object(endpoint: WebhookEndpoint, secret: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": endpoint.id,
        "object": "webhook_endpoint",
        "api_version": endpoint.api_version,
        "application": None,
        "created": endpoint.created,
        "description": endpoint.description,
        "enabled_events": endpoint.enabled_events,
        "livemode": False,
        "metadata": endpoint.metadata_,
        "status": endpoint.status,
        "url": endpoint.url,
    }
    if secret is not None:
        body["secret"] = secret
    return body
