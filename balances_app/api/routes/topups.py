"""/v1/topups: add funds to the connected account's balance from its bank account."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate, where_range
from balances_app.api.objects import topup_object
from balances_app.api.requests import amount_param, currency_param, metadata_param, range_filter, text_param
from balances_app.db.models import Topup
from balances_app.domain import topups
from balances_app.domain.topups import TopupRequest


@endpoint(connected=True, idempotent=True)
def create_topup(call: Call) -> dict[str, Any]:
    call.reject_unknown("amount", "currency", "description", "statement_descriptor", "source", nested=("metadata",))
    request = TopupRequest(
        amount=amount_param(call.params),
        currency=currency_param(call.params),
        description=text_param(call.params, "description"),
        statement_descriptor=text_param(call.params, "statement_descriptor"),
        metadata=metadata_param(call.params),
    )
    return topup_object(topups.create(call.session, call.connected_account, request, call.now))


@endpoint(connected=True)
def list_topups(call: Call) -> dict[str, Any]:
    call.reject_unknown("limit", "starting_after", "ending_before", "status", nested=("created", "amount"))
    query = select(Topup).where(Topup.account_id == call.connected_account.id)
    if status := text_param(call.params, "status"):
        query = query.where(Topup.status == status)
    query = where_range(query, Topup.created, range_filter(call.params, "created"))
    query = where_range(query, Topup.amount, range_filter(call.params, "amount"))
    return paginate(call.session, Topup, query, call.params, "/v1/topups", topup_object)


@endpoint(connected=True)
def retrieve_topup(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    return topup_object(topups.get(call.session, call.connected_account, call.request.path_params["id"]))


routes = [
    Route("/v1/topups", create_topup, methods=["POST"]),
    Route("/v1/topups", list_topups, methods=["GET"]),
    Route("/v1/topups/{id}", retrieve_topup, methods=["GET"]),
]
