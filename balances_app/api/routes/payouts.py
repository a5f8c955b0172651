"""/v1/payouts: create, list, retrieve, cancel, for the account named by `Stripe-Account`."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate, where_range
from balances_app.api.objects import payout_object
from balances_app.api.requests import amount_param, currency_param, metadata_param, range_filter, text_param
from balances_app.db.models import Payout
from balances_app.domain import payouts
from balances_app.domain.errors import invalid
from balances_app.domain.payout_queries import STATUSES
from balances_app.domain.payouts import PayoutRequest


@endpoint(connected=True, idempotent=True)
def create_payout(call: Call) -> dict[str, Any]:
    call.reject_unknown(
        "amount",
        "currency",
        "method",
        "destination",
        "description",
        "statement_descriptor",
        "source_type",
        nested=("metadata",),
    )
    request = PayoutRequest(
        amount=amount_param(call.params),
        currency=currency_param(call.params),
        method=text_param(call.params, "method") or "standard",
        destination=text_param(call.params, "destination"),
        description=text_param(call.params, "description"),
        statement_descriptor=text_param(call.params, "statement_descriptor"),
        metadata=metadata_param(call.params),
    )
    return payout_object(payouts.create(call.session, call.platform, call.connected_account, request, call.now))


@endpoint(connected=True)
def list_payouts(call: Call) -> dict[str, Any]:
    call.reject_unknown(
        "limit", "starting_after", "ending_before", "status", "destination", nested=("arrival_date", "created")
    )
    query = select(Payout).where(Payout.account_id == call.connected_account.id)
    if status := text_param(call.params, "status"):
        if status not in STATUSES:
            raise invalid("status", f"Invalid status: must be one of {', '.join(STATUSES)}.")
        query = query.where(Payout.status == status)
    if destination := text_param(call.params, "destination"):
        query = query.where(Payout.destination == destination)
    query = where_range(query, Payout.arrival_date, range_filter(call.params, "arrival_date"))
    query = where_range(query, Payout.created, range_filter(call.params, "created"))
    return paginate(call.session, Payout, query, call.params, "/v1/payouts", payout_object)


@endpoint(connected=True)
def retrieve_payout(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    return payout_object(payouts.get(call.session, call.connected_account, call.request.path_params["id"]))


@endpoint(connected=True, idempotent=True)
def cancel_payout(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    payout_id = call.request.path_params["id"]
    return payout_object(payouts.cancel(call.session, call.connected_account, payout_id, call.now))


routes = [
    Route("/v1/payouts", create_payout, methods=["POST"]),
    Route("/v1/payouts", list_payouts, methods=["GET"]),
    Route("/v1/payouts/{id}", retrieve_payout, methods=["GET"]),
    Route("/v1/payouts/{id}/cancel", cancel_payout, methods=["POST"]),
]
