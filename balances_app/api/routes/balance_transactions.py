"""/v1/balance_transactions: the ledger, newest first."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate, where_range
from balances_app.api.objects import balance_transaction_object
from balances_app.api.requests import range_filter, text_param
from balances_app.db.models import BalanceTransaction
from balances_app.domain import payouts, reconciliation
from balances_app.domain.errors import no_such


@endpoint(connected=True)
def list_balance_transactions(call: Call) -> dict[str, Any]:
    call.reject_unknown(
        "limit", "starting_after", "ending_before", "type", "payout", "source", "currency", nested=("created",)
    )
    query = select(BalanceTransaction).where(BalanceTransaction.account_id == call.connected_account.id)
    if kind := text_param(call.params, "type"):
        query = query.where(BalanceTransaction.type == kind)
    if payout_id := text_param(call.params, "payout"):  # what the payout paid out (automatic) or itself (manual)
        query = query.where(
            reconciliation.contents_filter(payouts.get(call.session, call.connected_account, payout_id))
        )
    if source := text_param(call.params, "source"):
        query = query.where(BalanceTransaction.source == source)
    if currency := text_param(call.params, "currency"):
        query = query.where(BalanceTransaction.currency == currency.lower())
    query = where_range(query, BalanceTransaction.created, range_filter(call.params, "created"))
    now = call.now
    return paginate(
        call.session,
        BalanceTransaction,
        query,
        call.params,
        "/v1/balance_transactions",
        lambda txn: balance_transaction_object(txn, now),
    )


@endpoint(connected=True)
def retrieve_balance_transaction(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    txn_id = call.request.path_params["id"]
    txn = call.session.exec(select(BalanceTransaction).where(BalanceTransaction.id == txn_id)).first()
    if txn is None or txn.account_id != call.connected_account.id:
        raise no_such("balance transaction", txn_id)
    return balance_transaction_object(txn, call.now)


routes = [
    Route("/v1/balance_transactions", list_balance_transactions, methods=["GET"]),
    Route("/v1/balance_transactions/{id}", retrieve_balance_transaction, methods=["GET"]),
]
