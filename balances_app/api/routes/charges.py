"""POST /v1/charges (test mode): charge a test token on the connected account."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.objects import charge_object
from balances_app.api.requests import amount_param, currency_param, metadata_param, text_param
from balances_app.domain import charges


@endpoint(connected=True, idempotent=True)
def create_charge(call: Call) -> dict[str, Any]:
    call.reject_unknown("amount", "currency", "source", "description", "capture", nested=("metadata",))
    metadata = metadata_param(call.params)
    charge = charges.create(
        call.session,
        call.connected_account,
        amount_param(call.params),
        currency_param(call.params),
        text_param(call.params, "source"),
        text_param(call.params, "description"),
        call.now,
        metadata,
    )
    return charge_object(charge)


routes = [Route("/v1/charges", create_charge, methods=["POST"])]
