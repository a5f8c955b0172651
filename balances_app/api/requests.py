"""Request plumbing shared by every route: params, auth, the connected account, JSON replies."""

from __future__ import annotations

import base64
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse

from balances_app.api.forms import parse_form
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain.accounts import get_account
from balances_app.domain.errors import StripeError, invalid, missing


def secret_key_of(request: Request) -> str | None:
    """The API key, from `Authorization: Bearer sk_...` or HTTP Basic (`curl -u sk_...:`)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip() or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip()).decode()
        except (ValueError, UnicodeDecodeError):
            return None
        return decoded.partition(":")[0] or None
    return None


def params_of(request: Request, body: bytes) -> dict[str, Any]:
    """Query parameters for GET and DELETE, form body for POST, both with bracket nesting."""
    if request.method in ("GET", "DELETE"):
        return parse_form(request.url.query)
    content_type = request.headers.get("content-type", "")
    if body and "application/x-www-form-urlencoded" not in content_type:
        raise StripeError("Request bodies must be form-encoded (application/x-www-form-urlencoded).")
    return parse_form(body.decode())


def account_id_of(request: Request) -> str:
    """The connected account's id, from the `Stripe-Account` header."""
    account_id = request.headers.get("stripe-account")
    if not account_id:
        raise StripeError(
            "This endpoint needs the Stripe-Account header naming a connected account.", param="Stripe-Account"
        )
    return account_id


def connected_account_of(request: Request, session: Session, platform: Platform) -> ConnectedAccount:
    """The account named by the `Stripe-Account` header."""
    return get_account(session, platform, account_id_of(request), param="Stripe-Account")


def int_param(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise invalid(name, f"Invalid integer: {raw}", code="parameter_invalid_integer") from None
    if not low <= value <= high:
        raise invalid(name, f"{name} must be between {low} and {high}.", code="parameter_invalid_integer")
    return value


def reply(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def amount_param(params: dict[str, Any], name: str = "amount") -> int:
    """A required positive integer amount in minor units."""
    raw = params.get(name)
    if raw is None:
        raise missing(name)
    if not isinstance(raw, str) or not raw.isdigit():
        raise invalid(name, f"Invalid integer: {raw}", code="parameter_invalid_integer")
    value = int(raw)
    if value <= 0:
        raise invalid(name, "This value must be greater than or equal to 1.", code="parameter_invalid_integer")
    return value


def currency_param(params: dict[str, Any], name: str = "currency") -> str:
    raw = params.get(name)
    if raw is None:
        raise missing(name)
    if not isinstance(raw, str) or len(raw) != 3 or not raw.isalpha():
        raise invalid(name, f"Invalid currency: {raw}. Use a three-letter ISO code such as usd.")
    return raw.lower()


def text_param(params: dict[str, Any], name: str, max_length: int = 1000) -> str | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or len(raw) > max_length:
        raise invalid(name, f"{name} must be a string of at most {max_length} characters.")
    return raw


def metadata_param(params: dict[str, Any]) -> dict[str, str]:
    raw = params.get("metadata", {})
    if raw == "":
        return {}
    if not isinstance(raw, dict) or len(raw) > 50:
        raise invalid("metadata", "metadata must be a hash of at most 50 keys.")
    for key, value in raw.items():
        if not isinstance(value, str) or len(key) > 40 or len(value) > 500:
            raise invalid(f"metadata[{key}]", "metadata keys are up to 40 characters and values up to 500.")
    return dict(raw)


def range_filter(params: dict[str, Any], name: str) -> dict[str, int]:
    """`created=123` or `created[gte]=123&created[lt]=456`, as {op: value}."""
    raw = params.get(name)
    if raw is None:
        return {}
    given = raw if isinstance(raw, dict) else {"eq": raw}
    result = {}
    for op, value in given.items():
        if op not in ("eq", "gt", "gte", "lt", "lte") or not str(value).isdigit():
            raise invalid(f"{name}[{op}]", f"Invalid range filter for {name}.")
        result[op] = int(value)
    return result
