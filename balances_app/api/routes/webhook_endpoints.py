"""/v1/webhook_endpoints: create, list, retrieve, update, delete; and each endpoint's deliveries."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate
from balances_app.api.requests import metadata_param, text_param
from balances_app.db.event_tables import WebhookDelivery, WebhookEndpoint
from balances_app.domain import deliveries, webhook_endpoints
from balances_app.domain.components import parse_bool
from balances_app.domain.errors import invalid
from balances_app.domain.webhook_endpoints import EndpointChange, endpoint_object

SCALAR_FIELDS = ("url", "description", "api_version")
NESTED_FIELDS = ("enabled_events", "metadata")  # a list and a hash, checked by their readers


def _description(call: Call) -> str | None:
    """A string of up to 5000 characters; "" clears it on update."""
    given = call.params.get("description")
    if given is not None and (not isinstance(given, str) or len(given) > 5000):
        raise invalid("description", "description must be a string of at most 5000 characters.")
    return given


def _change(call: Call) -> EndpointChange:
    events = call.params.get("enabled_events")
    if isinstance(events, str):
        events = [events]
    if events is not None and not (isinstance(events, list) and all(isinstance(e, str) for e in events)):
        raise invalid("enabled_events", "enabled_events must be a list of event types.")
    flags = {name: parse_bool(call.params[name], name) for name in ("connect", "disabled") if name in call.params}
    return EndpointChange(
        url=text_param(call.params, "url", 2048),
        enabled_events=events,
        description=_description(call),
        metadata=metadata_param(call.params),
        api_version=text_param(call.params, "api_version", 64),
        **flags,
    )


@endpoint(idempotent=True)  # the secret is shown once: a retry with the same key must see the same one
def create_endpoint(call: Call) -> dict[str, Any]:
    call.reject_unknown(*SCALAR_FIELDS, "connect", nested=NESTED_FIELDS)
    created, secret = webhook_endpoints.create(call.session, call.platform.id, _change(call), call.now)
    return endpoint_object(created, secret)


@endpoint()
def list_endpoints(call: Call) -> dict[str, Any]:
    call.reject_unknown("limit", "starting_after", "ending_before")
    query = select(WebhookEndpoint).where(WebhookEndpoint.platform_id == call.platform.id, ~WebhookEndpoint.deleted)
    return paginate(call.session, WebhookEndpoint, query, call.params, "/v1/webhook_endpoints", endpoint_object)


@endpoint()
def retrieve_endpoint(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    return endpoint_object(webhook_endpoints.get(call.session, call.platform.id, call.request.path_params["id"]))


@endpoint(write=True)
def update_endpoint(call: Call) -> dict[str, Any]:
    call.reject_unknown(*SCALAR_FIELDS, "disabled", nested=NESTED_FIELDS)
    changed = webhook_endpoints.update(call.session, call.platform.id, call.request.path_params["id"], _change(call))
    return endpoint_object(changed)


@endpoint(write=True)
def delete_endpoint(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    gone = webhook_endpoints.delete(call.session, call.platform.id, call.request.path_params["id"])
    return {"id": gone.id, "object": "webhook_endpoint", "deleted": True}


@endpoint()
def list_deliveries(call: Call) -> dict[str, Any]:
    """Our addition: every delivery to the endpoint with its attempts (filter with `event`)."""
    call.reject_unknown("limit", "starting_after", "ending_before", "event")
    found = webhook_endpoints.get(call.session, call.platform.id, call.request.path_params["id"])
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == found.id)
    if event_id := text_param(call.params, "event"):
        query = query.where(WebhookDelivery.event_id == event_id)
    url = f"/v1/webhook_endpoints/{found.id}/deliveries"
    return paginate(
        call.session, WebhookDelivery, query, call.params, url, lambda d: deliveries.delivery_object(call.session, d)
    )


routes = [
    Route("/v1/webhook_endpoints", create_endpoint, methods=["POST"]),
    Route("/v1/webhook_endpoints", list_endpoints, methods=["GET"]),
    Route("/v1/webhook_endpoints/{id}", retrieve_endpoint, methods=["GET"]),
    Route("/v1/webhook_endpoints/{id}", update_endpoint, methods=["POST"]),
    Route("/v1/webhook_endpoints/{id}", delete_endpoint, methods=["DELETE"]),
    Route("/v1/webhook_endpoints/{id}/deliveries", list_deliveries, methods=["GET"]),
]
