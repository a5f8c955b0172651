"""/v1/events: list and retrieve, for the platform or (with `Stripe-Account`) one connected account.

Without `Stripe-Account` the list holds the events of all the platform's connected accounts;
each carries `account`. Stripe lists only the platform's own events there: ours has none.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate, where_range
from balances_app.api.requests import connected_account_of, range_filter, text_param
from balances_app.db.event_tables import Event
from balances_app.domain.deliveries import pending_counts
from balances_app.domain.errors import invalid, no_such
from balances_app.domain.events import event_object

MAX_TYPES = 20


def _scoped(call: Call) -> Any:
    query = select(Event).where(Event.platform_id == call.platform.id)
    if call.request.headers.get("stripe-account"):
        query = query.where(Event.account_id == connected_account_of(call.request, call.session, call.platform).id)
    return query


def _with_pending(call: Call, objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = pending_counts(call.session, [o["id"] for o in objects])
    return [{**o, "pending_webhooks": counts.get(o["id"], 0)} for o in objects]


@endpoint()
def list_events(call: Call) -> dict[str, Any]:
    call.reject_unknown("limit", "starting_after", "ending_before", "type", nested=("types", "created"))
    query = _scoped(call)
    one, many = text_param(call.params, "type", 200), call.params.get("types")
    if one and many:
        raise invalid("types", "You may only specify one of these parameters: type, types.")
    if one:  # `payout.*` matches every payout event; `%` and `_` are plain characters
        prefix = one[:-1] if one.endswith(".*") else None
        query = query.where(col(Event.type).startswith(prefix, autoescape=True) if prefix else Event.type == one)
    if many is not None:
        if not isinstance(many, list) or not 0 < len(many) <= MAX_TYPES or not all(isinstance(t, str) for t in many):
            raise invalid("types", f"types must be a list of 1 to {MAX_TYPES} event types.")
        query = query.where(col(Event.type).in_(many))
    query = where_range(query, Event.created, range_filter(call.params, "created"))
    page = paginate(call.session, Event, query, call.params, "/v1/events", lambda e: event_object(e, 0))
    return {**page, "data": _with_pending(call, page["data"])}


@endpoint()
def retrieve_event(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    event_id = call.request.path_params["id"]
    found = call.session.exec(_scoped(call).where(Event.id == event_id)).first()
    if found is None:
        raise no_such("event", event_id)
    return _with_pending(call, [event_object(found, 0)])[0]


routes = [
    Route("/v1/events", list_events, methods=["GET"]),
    Route("/v1/events/{id}", retrieve_event, methods=["GET"]),
]
