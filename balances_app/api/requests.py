"""Request plumbing shared by every route: the body (bounded), params, auth, typed parameters.

Every typed reader refuses what is not its type with Stripe's 400: a hash or a list where a
string is expected, digits outside ASCII ('²', '١٢٣'), integers beyond 64 bits, unknown currencies.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse

from balances_app.api import limits
from balances_app.api.forms import parse_form
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain import metadata
from balances_app.domain.accounts import get_account
from balances_app.domain.currencies import is_currency
from balances_app.domain.errors import StripeError, invalid, missing

_QUERY_METHODS = frozenset({"GET", "HEAD", "DELETE"})
_INTEGER = re.compile(rf"^-?[0-9]{{1,{limits.MAX_INTEGER_DIGITS}}}$")


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


async def body_of(request: Request) -> bytes:
    """The request body, read no further than MAX_BODY_BYTES (413 beyond).

    GET and DELETE take their parameters from the query (`params_of`): a body they carry is
    left unread, not buffered.
    """
    if request.method in _QUERY_METHODS:
        return b""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limits.MAX_BODY_BYTES:
        raise limits.too_large("body", limits.MAX_BODY_BYTES)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.MAX_BODY_BYTES:
            raise limits.too_large("body", limits.MAX_BODY_BYTES)
        chunks.append(chunk)
    return b"".join(chunks)


def params_of(request: Request, body: bytes) -> dict[str, Any]:
    """Query parameters for GET and DELETE, form body for POST, both with bracket nesting."""
    if request.method in _QUERY_METHODS:
        return parse_form(request.scope.get("query_string", b""))
    content_type = request.headers.get("content-type", "")
    if body and "application/x-www-form-urlencoded" not in content_type:
        raise StripeError("Request bodies must be form-encoded (application/x-www-form-urlencoded).")
    return parse_form(body)


def account_id_of(request: Request) -> str:
    """The connected account's id, from the `Stripe-Account` header."""
    account_id = request.headers.get("stripe-account")
    if not account_id:
        raise StripeError(
            "This endpoint needs the Stripe-Account header naming a connected account.", param="Stripe-Account"
        )
    if len(account_id) > limits.MAX_ID_LENGTH:
        raise StripeError("The Stripe-Account header is not an account id.", param="Stripe-Account")
    return account_id


def connected_account_of(
    request: Request, session: Session, platform: Platform, lock: bool = False
) -> ConnectedAccount:
    """The account named by the `Stripe-Account` header (with `lock`, under its lock: for writes)."""
    return get_account(session, platform, account_id_of(request), param="Stripe-Account", lock=lock)


def integer(raw: Any, name: str) -> int:
    """A decimal integer in ASCII digits that fits in 64 bits, or Stripe's `parameter_invalid_integer`."""
    if not isinstance(raw, str) or not _INTEGER.match(raw):
        shown = raw[:40] if isinstance(raw, str) else "a hash or a list"
        raise invalid(name, f"Invalid integer: {shown}", code="parameter_invalid_integer")
    return int(raw)


def int_param(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    value = integer(raw, name)
    if not low <= value <= high:
        raise invalid(name, f"{name} must be between {low} and {high}.", code="parameter_invalid_integer")
    return value


def string_param(params: dict[str, Any], name: str, max_length: int = limits.MAX_ID_LENGTH) -> str | None:
    """An optional string (ids, cursors, names): a hash or a list here is a 400, not a crash."""
    raw = params.get(name)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise invalid(name, f"Invalid string: {name} must be a string, not a hash or a list.")
    if len(raw) > max_length:
        raise invalid(name, f"{name} may be up to {max_length} characters.")
    return raw


def reply(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def amount_param(params: dict[str, Any], name: str = "amount") -> int:
    """A required positive integer amount in minor units, up to Stripe's eight digits."""
    raw = params.get(name)
    if raw is None:
        raise missing(name)
    value = integer(raw, name)
    if value <= 0:
        raise invalid(name, "This value must be greater than or equal to 1.", code="parameter_invalid_integer")
    if value > limits.MAX_AMOUNT:
        raise StripeError(
            f"Amount must be no more than {limits.MAX_AMOUNT} (in the currency's smallest unit).",
            code="amount_too_large",
            param=name,
        )
    return value


def currency_param(params: dict[str, Any], name: str = "currency") -> str:
    """An ISO 4217 currency in use somewhere (the domain's list), lowercase."""
    raw = params.get(name)
    if raw is None:
        raise missing(name)
    code = raw.lower() if isinstance(raw, str) else ""
    if not is_currency(code):
        shown = raw[:10] if isinstance(raw, str) else "a hash or a list"
        raise invalid(name, f"Invalid currency: {shown}. Use a three-letter ISO currency code in lowercase.")
    return code


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
    if not isinstance(raw, dict) or len(raw) > metadata.MAX_KEYS:
        raise invalid("metadata", f"metadata must be a hash of at most {metadata.MAX_KEYS} keys.")
    for key, value in raw.items():
        if not isinstance(value, str) or len(key) > metadata.MAX_KEY_LENGTH or len(value) > metadata.MAX_VALUE_LENGTH:
            raise invalid(
                f"metadata[{key}]",
                f"metadata keys are up to {metadata.MAX_KEY_LENGTH} characters and values up to "
                f"{metadata.MAX_VALUE_LENGTH}.",
            )
    return dict(raw)


def range_filter(params: dict[str, Any], name: str) -> dict[str, int]:
    """`created=123` or `created[gte]=123&created[lt]=456`, as {op: value}."""
    raw = params.get(name)
    if raw is None:
        return {}
    given = raw if isinstance(raw, dict) else {"eq": raw}
    result = {}
    for op, value in given.items():
        if op not in ("eq", "gt", "gte", "lt", "lte"):
            raise invalid(f"{name}[{op[:20]}]", f"Invalid range filter for {name}: use gt, gte, lt or lte.")
        result[op] = integer(value, name if op == "eq" else f"{name}[{op}]")
    return result
