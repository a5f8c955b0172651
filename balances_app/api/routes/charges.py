"""POST /v1/charges (test mode): charge a test token on the connected account."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
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
    )
    return {
        "id": charge.id,
        "object": "charge",
        "amount": charge.amount,
        "amount_captured": charge.amount,
        "amount_refunded": 0,
        "balance_transaction": charge.balance_transaction,
        "captured": True,
        "created": charge.created,
        "currency": charge.currency,
        "description": charge.description,
        "livemode": False,
        "metadata": metadata,
        "paid": True,
        "refunded": False,
        "status": "succeeded",
    }


routes = [Route("/v1/charges", create_charge, methods=["POST"])]
