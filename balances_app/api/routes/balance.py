"""GET /v1/balance for the connected account named by `Stripe-Account`."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from balances_app.api.endpoint import ReadCall, endpoint
from balances_app.api.objects import balance_object
from balances_app.db import reads
from balances_app.domain.balances import CurrencyBalance, summarize


@endpoint(connected=True, hot=True)
def retrieve_balance(call: ReadCall) -> dict[str, Any]:
    call.reject_unknown()
    account = call.connected_account
    balances = summarize(reads.buckets(call.reader, account.id), call.now)
    if not balances:
        balances = {account.default_currency: CurrencyBalance(account.default_currency)}
    return balance_object(balances)


routes = [Route("/v1/balance", retrieve_balance, methods=["GET"])]
