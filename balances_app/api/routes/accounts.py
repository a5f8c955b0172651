"""/v1/accounts: the platform's connected accounts, their payout schedule, their bank accounts."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.lists import paginate
from balances_app.api.objects import account_object, bank_account_object
from balances_app.api.requests import metadata_param, text_param
from balances_app.db.models import ConnectedAccount, ExternalAccount
from balances_app.domain import external_accounts, payout_schedules
from balances_app.domain.accounts import get_account
from balances_app.domain.bank_account_numbers import BankDetails
from balances_app.domain.components import parse_bool
from balances_app.domain.errors import StripeError, invalid, missing
from balances_app.domain.objects import account_with_externals
from balances_app.settings import settings

BANK_FIELDS = (
    "object",
    "country",
    "currency",
    "account_number",
    "routing_number",
    "account_holder_name",
    "account_holder_type",
    "default_for_currency",
)


def _schedule_param(params: dict[str, Any]) -> dict[str, Any]:
    """`settings[payouts][schedule]`: a hash of strings, with nothing else under `settings`."""
    node: Any = params.get("settings", {})
    where = "settings"
    for name in ("payouts", "schedule"):
        if not isinstance(node, dict):
            raise invalid(where, f"{where} must be a hash.")
        for other in node:
            if other != name:
                raise StripeError(
                    f"Received unknown parameter: {where}[{other}]", code="parameter_unknown", param=f"{where}[{other}]"
                )
        node, where = node.get(name, {}), f"{where}[{name}]"
    if not isinstance(node, dict):
        raise invalid(where, f"{where} must be a hash.")
    for name, value in node.items():
        param = f"{where}[{name}]"
        if name not in ("interval", "delay_days", "weekly_anchor", "monthly_anchor"):
            raise StripeError(f"Received unknown parameter: {param}", code="parameter_unknown", param=param)
        if not isinstance(value, str):
            raise invalid(param, f"Invalid string: {param} must be a string.")
    return node


def _account(call: Call) -> ConnectedAccount:
    return get_account(call.session, call.platform, call.request.path_params["id"], param=None)


def _with_externals(call: Call, account: ConnectedAccount) -> dict[str, Any]:
    return account_with_externals(call.session, account)


@endpoint()
def list_accounts(call: Call) -> dict[str, Any]:
    call.reject_unknown("limit", "starting_after", "ending_before")
    query = select(ConnectedAccount).where(ConnectedAccount.platform_id == call.platform.id)
    return paginate(call.session, ConnectedAccount, query, call.params, "/v1/accounts", account_object)


@endpoint()
def retrieve_account(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    return _with_externals(call, _account(call))


@endpoint(write=True)
def update_account(call: Call) -> dict[str, Any]:
    """POST /v1/accounts/{id}: the payout schedule, as `settings[payouts][schedule][...]`."""
    call.reject_unknown(nested=("settings",))
    account = _account(call)
    payout_schedules.change(call.session, account, call.now, **_schedule_param(call.params))
    return _with_externals(call, account)


@endpoint(write=True)
def create_external_account(call: Call) -> dict[str, Any]:
    call.reject_unknown("default_for_currency", nested=("external_account", "metadata"))
    account = _account(call)
    given = call.params.get("external_account")
    if given is None:
        raise missing("external_account")
    if not isinstance(given, dict):
        raise invalid("external_account", "Tokens are not supported: pass external_account[...] fields.")
    for name, value in given.items():
        param = f"external_account[{name}]"
        if name not in BANK_FIELDS:
            raise StripeError(f"Received unknown parameter: {param}", code="parameter_unknown", param=param)
        if not isinstance(value, str) or len(value) > 200:
            raise invalid(param, f"Invalid string: {param} must be a string of up to 200 characters.")
    if given.get("object", "bank_account") != "bank_account":
        raise invalid("external_account[object]", "Only bank accounts can be added here.")
    for name in ("country", "currency", "account_number"):
        if not given.get(name):
            raise missing(f"external_account[{name}]")
    details = BankDetails(given["country"], given["currency"], given["account_number"], given.get("routing_number", ""))
    default = call.params.get("default_for_currency", given.get("default_for_currency", "false"))
    bank = external_accounts.add(
        call.session,
        account,
        details,
        holder_name=given.get("account_holder_name"),
        holder_type=given.get("account_holder_type"),
        default_for_currency=parse_bool(default, "default_for_currency"),
        metadata=metadata_param(call.params),
        fingerprint_key=settings.fingerprint_key,
        now=call.now,
    )
    return bank_account_object(bank)


@endpoint()
def list_external_accounts(call: Call) -> dict[str, Any]:
    call.reject_unknown("limit", "starting_after", "ending_before", "object")
    account = _account(call)
    query = select(ExternalAccount).where(ExternalAccount.account_id == account.id, external_accounts.LIVE)
    url = f"/v1/accounts/{account.id}/external_accounts"
    return paginate(call.session, ExternalAccount, query, call.params, url, bank_account_object)


@endpoint()
def retrieve_external_account(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    bank = external_accounts.get(call.session, _account(call), call.request.path_params["bank_id"])
    return bank_account_object(bank)


@endpoint(write=True)
def update_external_account(call: Call) -> dict[str, Any]:
    call.reject_unknown("default_for_currency", "account_holder_name", "account_holder_type", nested=("metadata",))
    default = call.params.get("default_for_currency")
    bank = external_accounts.update(
        call.session,
        _account(call),
        call.request.path_params["bank_id"],
        default_for_currency=None if default is None else parse_bool(default, "default_for_currency"),
        holder_name=text_param(call.params, "account_holder_name"),
        holder_type=text_param(call.params, "account_holder_type"),
        metadata=metadata_param(call.params) if "metadata" in call.params else None,
        now=call.now,
    )
    return bank_account_object(bank)


@endpoint(write=True)
def delete_external_account(call: Call) -> dict[str, Any]:
    call.reject_unknown()
    bank = external_accounts.delete(call.session, _account(call), call.request.path_params["bank_id"], call.now)
    return {"id": bank.id, "object": bank.object, "deleted": True}


routes = [
    Route("/v1/accounts", list_accounts, methods=["GET"]),
    Route("/v1/accounts/{id}", retrieve_account, methods=["GET"]),
    Route("/v1/accounts/{id}", update_account, methods=["POST"]),
    Route("/v1/accounts/{id}/external_accounts", create_external_account, methods=["POST"]),
    Route("/v1/accounts/{id}/external_accounts", list_external_accounts, methods=["GET"]),
    Route("/v1/accounts/{id}/external_accounts/{bank_id}", retrieve_external_account, methods=["GET"]),
    Route("/v1/accounts/{id}/external_accounts/{bank_id}", update_external_account, methods=["POST"]),
    Route("/v1/accounts/{id}/external_accounts/{bank_id}", delete_external_account, methods=["DELETE"]),
]
