"""GET /v1/accounts and /v1/accounts/{id}: the platform's connected accounts."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate
from balances_app.api.objects import account_object
from balances_app.db.models import ConnectedAccount
from balances_app.domain.accounts import get_account


@endpoint()
def list_accounts(call: Call) -> dict[str, Any]:
    call.reject_unknown("limit", "starting_after", "ending_before")
    query = select(ConnectedAccount).where(ConnectedAccount.platform_id == call.platform.id)
    return paginate(call.session, ConnectedAccount, query, call.params, "/v1/accounts", account_object)


@endpoint()
def retrieve_account(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    return account_object(get_account(call.session, call.platform, call.request.path_params["id"], param=None))


routes = [
    Route("/v1/accounts", list_accounts, methods=["GET"]),
    Route("/v1/accounts/{id}", retrieve_account, methods=["GET"]),
]
